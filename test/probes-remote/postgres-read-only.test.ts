import { connect, createServer, type AddressInfo, type Server } from "node:net";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_CATALOGUE } from "../../src/probes/postgres-catalogue.ts";
import { CatalogueRefusal, connectReadOnly, ReadOnlySession } from "../../src/probes/postgres-session.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

// The probe is given a superuser DSN on purpose: nothing but the session's own rules stands between it and a write.
let db: TestPostgres;
const options = { statementTimeoutMs: 300, connectTimeoutMs: 2000 };

beforeAll(async () => {
  db = await startPostgres();
  await db.admin("CREATE TABLE guarded (x int); INSERT INTO guarded VALUES (1)");
});

afterAll(async () => {
  await db?.stop();
});

/**
 * A stand-in for a connection pooler that drops the client's startup `options` (as PgBouncer can be
 * configured to): it rewrites the startup message without them and then passes bytes through.
 */
async function startOptionDroppingProxy(upstreamPort: number): Promise<{ port: number; server: Server }> {
  const server = createServer((client) => {
    client.once("data", (first: Buffer) => {
      const length = first.readInt32BE(0);
      const fields = first
        .subarray(8, length - 1)
        .toString("utf8")
        .split("\0");
      const kept: string[] = [];
      for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] !== "options") kept.push(fields[i]!, fields[i + 1]!);
      const body = Buffer.from(`${kept.join("\0")}\0\0`, "utf8");
      const header = Buffer.alloc(8);
      header.writeInt32BE(8 + body.length, 0);
      header.writeInt32BE(first.readInt32BE(4), 4);
      const upstream = connect(upstreamPort, "127.0.0.1", () => {
        upstream.write(Buffer.concat([header, body, first.subarray(length)]));
        client.pipe(upstream).pipe(client);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

const rows = async () => Number((await db.admin("SELECT count(*) AS n FROM guarded")).rows[0].n);

describe("the server refuses writes on the probe's connection", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connectReadOnly(db.dsn(), options);
  });
  afterAll(async () => {
    await client.end();
  });

  it.each([
    "INSERT INTO guarded VALUES (2)",
    "UPDATE guarded SET x = 3",
    "DELETE FROM guarded",
    "CREATE TABLE intruder (x int)",
    "DROP TABLE guarded",
    "CREATE ROLE intruder LOGIN",
  ])("%s → read-only transaction error", async (sql) => {
    await expect(client.query(sql)).rejects.toMatchObject({ code: "25006", message: expect.stringMatching(/read-only transaction/) });
    expect(await rows()).toBe(1);
  });

  it("stops a statement at the statement timeout", async () => {
    await expect(client.query("SELECT pg_sleep(2)")).rejects.toMatchObject({ code: "57014" });
  });

  it("does NOT refuse `SET default_transaction_read_only = off` by itself: that is why the catalogue guard exists", async () => {
    const scratch = await connectReadOnly(db.dsn(), options);
    try {
      await scratch.query("SET default_transaction_read_only = off");
      expect((await scratch.query("SHOW default_transaction_read_only")).rows[0]).toEqual({ default_transaction_read_only: "off" });
    } finally {
      await scratch.end();
    }
  });
});

describe("the probe session sends catalogue statements only", () => {
  let session: ReadOnlySession;
  beforeAll(async () => {
    session = await ReadOnlySession.open(db.dsn(), options);
  });
  afterAll(async () => {
    await session.close();
  });

  it.each([
    "SET default_transaction_read_only = off",
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    "BEGIN READ WRITE",
    "INSERT INTO guarded VALUES (2)",
    "RESET ALL",
    `${POSTGRES_CATALOGUE.version}; SET default_transaction_read_only = off`,
    `${POSTGRES_CATALOGUE.version} `,
    POSTGRES_CATALOGUE.version.toLowerCase(),
  ])("refuses %j before it reaches the server", async (sql) => {
    await expect(session.query(sql)).rejects.toBeInstanceOf(CatalogueRefusal);
    const [state] = await session.run("readOnly");
    expect(state).toEqual({ read_only: "on", statement_timeout: "300ms" });
    expect(await rows()).toBe(1);
  });

  it("runs its own catalogue statements", async () => {
    const [version] = await session.run("version");
    expect(String(version?.version)).toMatch(/^PostgreSQL/);
  });

  it("refuses to probe through a session whose read-only startup option was dropped on the way", async () => {
    const proxy = await startOptionDroppingProxy(db.port);
    try {
      const through = db.dsn().replace(`:${db.port}/`, `:${proxy.port}/`);
      const raw = await connectReadOnly(through, options);
      expect((await raw.query("SHOW default_transaction_read_only")).rows[0]).toEqual({ default_transaction_read_only: "off" });
      await raw.end();
      await expect(ReadOnlySession.open(through, options)).rejects.toMatchObject({ kind: "refused", message: expect.stringMatching(/not read-only/) });
    } finally {
      proxy.server.close();
    }
  });

  it("every catalogue statement is a single SELECT", () => {
    for (const [name, sql] of Object.entries(POSTGRES_CATALOGUE)) {
      expect(sql, name).toMatch(/^SELECT /);
      expect(sql, name).not.toContain(";");
      expect(sql, name).not.toMatch(/\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|SET|GRANT|TRUNCATE|COPY|CALL|DO)\b(?!\s*\()/);
    }
  });
});
