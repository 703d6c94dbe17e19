import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobIO } from "../runner.ts";
import { reviewJob } from "../jobs/review.ts";
import type { ReviewReceipts } from "../jobs/review/write-receipts.ts";
import { createDemoOpsRepo } from "./demo-ops-repo.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import { startDemoHosts } from "./demo-hosts.ts";
import { generateKeyPair } from "./fake-ssh-host.ts";
import { setContainer } from "./host-sandbox.ts";

/** Three evenings in the lab, each inside the demo's unattended window (21:00–23:30 UTC). */
const DAYS = ["2026-11-23T22:00:00Z", "2026-11-24T22:00:00Z", "2026-11-25T22:00:00Z"];

export interface DemoResult {
  ops: string;
  days: ReviewReceipts[];
}

/**
 * The embedded lab: three SSH hosts served in-process (commands run for real in a sandbox
 * directory per host), a real PostgreSQL, a feed on a local HTTP server and a local ops repo. Three
 * simulated days: a container down (a safe fix, applied and verified), the feed answering 403 (an
 * escalation the bot refuses to "fix" with a restart), and a healthy day. Everything it started is
 * stopped before it returns; the ops repo stays for reading.
 */
export async function runDemo(io: JobIO, options: { dir?: string } = {}): Promise<DemoResult> {
  const root = options.dir ?? (await mkdtemp(join(tmpdir(), "rounds-demo-")));
  const stops: (() => Promise<void>)[] = [];
  try {
    io.progress("demo: starting the lab (3 SSH hosts, PostgreSQL, a feed)…");
    const observer = generateKeyPair();
    const operator = generateKeyPair();
    const hosts = await startDemoHosts(root, [observer.publicKey, operator.publicKey]);
    for (const { host } of Object.values(hosts)) stops.push(() => host.close());
    const db = await startEmbeddedPostgres(join(root, "postgres"));
    stops.push(() => db.stop());
    await db.admin("CREATE DATABASE market");
    // The probe gets a least-privilege role, as in a real fleet; the superuser only sets the lab up.
    await db.admin("CREATE ROLE rounds_observer LOGIN PASSWORD 'observer-password'; GRANT pg_monitor TO rounds_observer");
    await db.admin(
      "CREATE TABLE ticks AS SELECT g AS id, now() - g * interval '1 second' AS ts, repeat('x', 120) AS payload FROM generate_series(1, 20000) g",
      "market",
    );
    const feed = await startFeed();
    stops.push(feed.close);

    const ops = join(root, "ops");
    await createDemoOpsRepo(ops, {
      hosts: Object.entries(hosts).map(([name, h]) => ({ name, port: h.host.port, hostKey: h.host.hostKeyLine })),
      feedUrl: feed.url,
      snapshotRoot: join(root, "snapshots"),
    });
    const env = {
      ...io.env,
      ROUNDS_OBSERVER_KEY: observer.privateKey,
      ROUNDS_OPERATOR_KEY: operator.privateKey,
      ROUNDS_DB01_DSN: `postgres://rounds_observer:observer-password@127.0.0.1:${db.port}/market`,
      ROUNDS_STOP: "",
    };
    const review = async (day: string) => reviewJob({ ops, now: new Date(day), dryRun: false }, { ...io, env, print: () => {} });

    const days: ReviewReceipts[] = [];
    io.progress("demo: day 1 — the collector container on agent01 has exited");
    await setContainer(hosts.agent01!.sandbox, "collector-reddit", "exited");
    days.push(await review(DAYS[0]!));
    io.progress("demo: day 2 — the feed the collector polls answers HTTP 403");
    feed.status = 403;
    days.push(await review(DAYS[1]!));
    io.progress("demo: day 3 — the source lets us back in; nothing needs doing");
    feed.status = 200;
    days.push(await review(DAYS[2]!));

    io.print(`The demo ran three days of rounds against an embedded lab. The ops repository is in:\n  ${ops}\n`);
    for (const { day, entry } of days) {
      io.print(`  ${day} · ${entry.kind}: ${entry.result ?? "No change applied (system healthy) — and the verification table shows why."}`);
      for (const change of entry.changes ?? [])
        io.print(`      change: ${change.what}\n      snapshot: ${change.snapshot}\n      rollback: ${change.rollbackCommand}`);
      for (const escalation of entry.escalations ?? [])
        io.print(`      escalated ${escalation.id}: ${escalation.title}\n      why not fixed: ${escalation.reason}`);
    }
    io.print(`\nRead the receipts:\n  ${join(ops, "CHANGELOG.md")}\n  ${join(ops, "BACKLOG.md")}\n  git -C ${ops} log --oneline`);
    io.print(`\nToday's entry:\n\n${(await readFile(join(ops, "CHANGELOG.md"), "utf8")).split(/\n(?=## \d{4})/)[1]?.trimEnd() ?? ""}`);
    return { ops, days };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

/** The feed the collector polls; the demo changes its answer between days. */
async function startFeed(): Promise<{ url: string; status: number; close: () => Promise<void> }> {
  const state = { status: 200 };
  const server = createServer((_req, res) => {
    res.writeHead(state.status, { "content-type": "application/json" });
    res.end(state.status === 200 ? '{"data":{"children":[]}}' : '{"message":"Forbidden","error":403}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/r/stocks/new.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
