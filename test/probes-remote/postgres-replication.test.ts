import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probePostgres } from "../../src/probes/postgres-probe.ts";
import { waitFor } from "../support/prometheus.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

// Two real servers with logical replication between them: the publisher's pg_stat_replication has a
// row for the subscriber's walsender, which is what the probe reports as replication lag.
let publisher: TestPostgres;
let subscriber: TestPostgres;

beforeAll(async () => {
  [publisher, subscriber] = await Promise.all([startPostgres({ postgresFlags: ["-c", "wal_level=logical"] }), startPostgres()]);
  await publisher.admin(
    "CREATE TABLE ticks (id int PRIMARY KEY, v text); INSERT INTO ticks SELECT g, 'x' FROM generate_series(1, 100) g; CREATE PUBLICATION market_pub FOR TABLE ticks",
  );
  await subscriber.admin("CREATE TABLE ticks (id int PRIMARY KEY, v text)");
  await subscriber.admin(`CREATE SUBSCRIPTION market_sub CONNECTION '${publisher.dsn()}' PUBLICATION market_pub`);
  // Wait until the initial table copy is done (its sync worker has its own walsender) and the
  // subscription's walsender has confirmed a replay position.
  await waitFor(
    async () => {
      const synced = (await subscriber.admin("SELECT coalesce(bool_and(srsubstate = 'r'), false) AS ok FROM pg_subscription_rel")).rows[0].ok === true;
      const senders = (await publisher.admin("SELECT application_name, replay_lsn FROM pg_stat_replication")).rows;
      return synced && senders.length === 1 && senders[0].application_name === "market_sub" && senders[0].replay_lsn !== null;
    },
    20_000,
    () => "the subscription never caught up",
  );
});

afterAll(async () => {
  await subscriber?.admin("DROP SUBSCRIPTION IF EXISTS market_sub").catch(() => {});
  await Promise.all([subscriber?.stop(), publisher?.stop()]);
});

describe("replication lag", () => {
  it("is reported per replica on the primary, and not at all on a server without replicas", async () => {
    const [primary] = await probePostgres({ host: "db01", dsn: publisher.dsn(), databases: [], now: () => new Date() });
    if (primary?.kind !== "postgres") throw new Error(JSON.stringify(primary));
    expect(primary.facts.replication).toEqual([
      { client: "market_sub", lagBytes: expect.any(Number), lagSeconds: expect.toSatisfy((v: unknown) => v === null || typeof v === "number") },
    ]);
    expect(primary.facts.replication[0]!.lagBytes).toBeGreaterThanOrEqual(0);

    const [replica] = await probePostgres({ host: "db02", dsn: subscriber.dsn(), databases: [], now: () => new Date() });
    expect(replica?.kind === "postgres" && replica.facts.replication).toEqual([]);
  });
});
