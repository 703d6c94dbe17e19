// Plain observation builders for the findings tests: the lab of the reference article, as data.
import type { OpsConfig } from "../../src/config/ops-config.ts";
import type { FindingsInput, HistoryRun, WatchItem } from "../../src/core/findings/findings-input.ts";
import type { ContainerState, DiskUsage, HostFacts } from "../../src/core/observations/host.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import type { PostgresFacts } from "../../src/core/observations/postgres.ts";
import type { PrometheusFacts } from "../../src/core/observations/prometheus.ts";

export const NOW = new Date("2026-11-20T21:30:00Z");
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const GB = 1e9;

export function ago(ms: number, from: Date = NOW): string {
  return new Date(from.getTime() - ms).toISOString();
}

export function disk(mount: string, usedPct: number, sizeBytes = 525 * GB, inodes?: { total: number; used: number }): DiskUsage {
  return {
    mount,
    device: "/dev/sda1",
    sizeBytes,
    usedBytes: (usedPct / 100) * sizeBytes,
    inodesTotal: inodes?.total ?? null,
    inodesUsed: inodes?.used ?? null,
  };
}

export function container(name: string, state = "running", extra: Partial<ContainerState> = {}): ContainerState {
  return { name, image: `${name}:latest`, state, restartCount: 0, health: "none", ...extra };
}

export function hostFacts(extra: Partial<HostFacts> = {}): HostFacts {
  return {
    os: "Debian GNU/Linux 12",
    kernel: "6.1.0",
    uptimeSeconds: 86_400 * 40,
    load: [0.2, 0.3, 0.3],
    memory: { totalBytes: 32 * GB, availableBytes: 20 * GB, swapTotalBytes: 2 * GB, swapUsedBytes: 0 },
    disks: [disk("/", 40)],
    failedUnits: [],
    containers: [],
    clockOffsetMs: 3,
    ...extra,
  };
}

export function hostObs(host: string, extra: Partial<HostFacts> = {}, at = NOW.toISOString()): Observation {
  return { kind: "host", at, host, facts: hostFacts(extra) };
}

export function promFacts(extra: Partial<PrometheusFacts> = {}): PrometheusFacts {
  return {
    ruleGroups: [{ name: "rounds-minimal", file: "/etc/prometheus/rules.d/rounds-minimal.yml", alertingRules: 4, recordingRules: 0, unhealthy: [] }],
    alertingRules: 4,
    targets: [{ job: "node", instance: "192.168.100.30:9100", health: "up", lastError: "", lastScrape: NOW.toISOString() }],
    alerts: [],
    ...extra,
  };
}

export function promObs(extra: Partial<PrometheusFacts> = {}, at = NOW.toISOString()): Observation {
  return { kind: "prometheus", at, host: "mon01", endpoint: "http://192.168.100.30:9090", facts: promFacts(extra) };
}

export function pgFacts(extra: Partial<PostgresFacts> = {}): PostgresFacts {
  return {
    version: "16.4",
    databases: [
      { name: "market", sizeBytes: 212 * GB },
      { name: "postgres", sizeBytes: 8e6 },
    ],
    largestTables: [],
    connections: { used: 12, max: 100 },
    longTransactions: [],
    replication: [],
    ...extra,
  };
}

export function pgObs(extra: Partial<PostgresFacts> = {}, at = NOW.toISOString()): Observation {
  return { kind: "postgres", at, host: "db01", facts: pgFacts(extra) };
}

export function feedObs(status: number | null, at = NOW.toISOString(), check = "reddit-sentiment-feed"): Observation {
  return {
    kind: "check",
    at,
    host: "agent01",
    check,
    result: { type: "http", url: "https://www.reddit.com/r/stocks/new.json", status, expectStatus: 200, latencyMs: 180 },
  };
}

export function input(
  config: OpsConfig,
  observations: Observation[],
  extra: { history?: HistoryRun[]; watchItems?: WatchItem[]; now?: Date } = {},
): FindingsInput {
  return { now: extra.now ?? NOW, observations, history: { runs: extra.history ?? [] }, config, watchItems: extra.watchItems ?? [] };
}
