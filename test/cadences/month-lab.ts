import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { TransportError } from "../../src/adapters/transport-error.ts";
import type { Transport } from "../../src/adapters/ports.ts";
import { createDemoOpsRepo } from "../../src/demo/demo-ops-repo.ts";
import { compactRun } from "../../src/core/history/history-record.ts";
import { BACKLOG_FILE, CHANGELOG_FILE, appendEvidence, ensureItem, findItemByFingerprint, parseBacklog, upsertDayEntry } from "../../src/core/ledger/index.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import type { JobIO } from "../../src/runner.ts";

const GB = 1e9;
const MB = 1e6;

/**
 * A local ops repo from the demo's lab config; the weekly runs never connect, so no host is started.
 * Each host gets its own port and key: hosts sharing both would be one machine with fw01 (port 1).
 */
export async function createMonthRepo(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "rounds-month-"));
  const ops = join(root, "ops");
  const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
  await createDemoOpsRepo(ops, {
    hosts: ["agent01", "db01", "collect01"].map((name, i) => ({ name, port: 2 + i, hostKey: `${key.slice(0, -1)}${i}` })),
    feedUrl: "http://127.0.0.1:1/feed",
    snapshotRoot: join(root, "snapshots"),
  });
  // Two items a person filed before the month: the re-rank has something to order.
  let backlog = parseBacklog(await readFile(join(ops, BACKLOG_FILE), "utf8"));
  backlog = ensureItem(backlog, {
    fingerprint: "feed-credentials:agent01:reddit",
    title: "Renew the feed's API credentials",
    priority: "P2",
    date: "2026-10-20",
    reason: "credentials are the operator's call",
  }).doc;
  backlog = ensureItem(backlog, {
    fingerprint: "disk-growth:db01:/",
    title: "db01 root disk grows with the market data",
    priority: "P3",
    date: "2026-10-28",
    reason: "data is behind the guardrail",
  }).doc;
  await writeFile(join(ops, BACKLOG_FILE), backlog.text);
  await commit(ops, "Backlog before the month");
  return ops;
}

/** The table's size on a day: 50 MB a day until the 15th, then 150 MB a day (the evidence that changes materially). */
export function ticksSize(day: number): number {
  return 2 * GB + 50 * MB * Math.min(day, 15) + 150 * MB * Math.max(0, day - 15);
}

export function observationsOn(day: number, at: string): Observation[] {
  const size = ticksSize(day);
  return [
    {
      kind: "host",
      at,
      host: "db01",
      facts: {
        os: "Debian 12",
        kernel: "6.1",
        uptimeSeconds: 86_400 * day,
        load: [0.2, 0.2, 0.2],
        memory: { totalBytes: 16 * GB, availableBytes: 8 * GB, swapTotalBytes: 0, swapUsedBytes: 0 },
        disks: [{ mount: "/", device: "/dev/sda1", sizeBytes: 500 * GB, usedBytes: 100 * GB + size, inodesTotal: 1e7, inodesUsed: 1e5 }],
        failedUnits: [],
        containers: null,
        clockOffsetMs: 0,
      },
    },
    {
      kind: "host",
      at,
      host: "agent01",
      facts: {
        os: "Ubuntu 24.04",
        kernel: "6.8",
        uptimeSeconds: 86_400,
        load: [1, 1, 1],
        memory: { totalBytes: 32 * GB, availableBytes: 20 * GB, swapTotalBytes: 0, swapUsedBytes: 0 },
        disks: [{ mount: "/", device: "/dev/sda1", sizeBytes: 100 * GB, usedBytes: 40 * GB, inodesTotal: 1e7, inodesUsed: 1e5 }],
        failedUnits: [],
        containers: [
          { name: "trading-alpha", image: "lab/trading:7", state: "running", restartCount: 0, health: "healthy" },
          { name: "collector-reddit", image: "lab/collector:1", state: "running", restartCount: 0, health: "none" },
          { name: "ollama", image: "ollama/ollama:0.4", state: "running", restartCount: 0, health: "none" },
        ],
        clockOffsetMs: 0,
      },
    },
    {
      kind: "postgres",
      at,
      host: "db01",
      facts: {
        version: "16.4",
        databases: [{ name: "market", sizeBytes: size + 300 * MB }],
        largestTables: [{ database: "market", table: "public.ticks", sizeBytes: size }],
        connections: { used: 10, max: 100 },
        longTransactions: [],
        replication: [],
      },
    },
    {
      kind: "prometheus",
      at,
      host: "db01",
      endpoint: "http://127.0.0.1:9090",
      facts: {
        ruleGroups: [],
        alertingRules: 0,
        targets: [
          { job: "node", instance: "db01:9100", health: "up", lastError: "", lastScrape: at },
          { job: "postgres", instance: "db01:9187", health: "up", lastError: "", lastScrape: at },
        ],
        alerts: [],
      },
    },
  ];
}

/**
 * A day's daily review as it lands in the ops repo — its history record and a healthy entry — so
 * thirty days take milliseconds. (The real daily review runs once in the month test too, for the
 * dead man's switch.) `evidence` appends a recurring observation to the disk-growth item.
 */
export async function standInDaily(ops: string, date: string, day: number, options: { evidence: boolean }): Promise<void> {
  const at = `${date}T21:00:00.000Z`;
  await mkdir(join(ops, "state/observations"), { recursive: true });
  await writeFile(join(ops, `state/observations/${date}.json`), `${JSON.stringify(compactRun(observationsOn(day, at), { day: date, at, reviewed: true }))}\n`);
  const changelog = await readFile(join(ops, CHANGELOG_FILE), "utf8");
  await writeFile(
    join(ops, CHANGELOG_FILE),
    upsertDayEntry(changelog, {
      date,
      kind: "healthy",
      hosts: [{ host: "db01", checks: 6, result: "ok" }],
      overhead: { durationMs: 2400, commands: 14, bytesIn: 48_000, bytesOut: 9_000 },
    }),
  );
  if (options.evidence) {
    let backlog = parseBacklog(await readFile(join(ops, BACKLOG_FILE), "utf8"));
    const item = findItemByFingerprint(backlog, "disk-growth:db01:/")!;
    backlog = appendEvidence(backlog, item.id, {
      date,
      kind: "disk-used",
      value: Math.round(((100 * GB + ticksSize(day)) / (500 * GB)) * 1000) / 10,
      unit: "%",
      text: "root disk still growing with the ticks table",
    }).doc;
    await writeFile(join(ops, BACKLOG_FILE), backlog.text);
  }
  await commit(ops, `Daily review ${date} (stand-in)`);
}

export async function commit(ops: string, message: string): Promise<void> {
  const git = simpleGit(ops);
  await git.add(".");
  await git.commit(message);
}

/** A transport that reaches nothing: the real daily review's hosts are all unreachable (fast, no SSH). */
export const unreachable: Transport & { close: () => Promise<void> } = {
  open: async (host) => {
    throw new TransportError("unreachable", host.name, "connect ECONNREFUSED (the month test starts no hosts)");
  },
  close: async () => {},
};

export function quietIO(lines: string[] = []): JobIO {
  return { print: (l) => lines.push(l), progress: () => {}, env: { ROUNDS_STOP: "" }, now: () => new Date("2026-11-30T00:00:00Z") };
}
