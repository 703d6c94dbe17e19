import { describe, expect, it } from "vitest";
import { checkFailingSince, checkPassed } from "../../src/core/history/failing-since.ts";
import { compactRun, historyRecordSchema, replacesRecord, type HistoryRecord } from "../../src/core/history/history-record.ts";
import { historySeries, recordDaysAgo, shiftDay } from "../../src/core/history/lookups.ts";
import { planRetention } from "../../src/core/history/retention.ts";
import { fastestGrowingTables } from "../../src/core/history/table-growth.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import type { PostgresFacts } from "../../src/core/observations/postgres.ts";

const at = (day: string) => `${day}T06:00:00.000Z`;

function pg(day: string, tables: Record<string, number>, dbSize = 1e9): Observation {
  const facts: PostgresFacts = {
    version: "PostgreSQL 16.4",
    databases: [{ name: "market", sizeBytes: dbSize }],
    largestTables: Object.entries(tables).map(([table, sizeBytes]) => ({ database: "market", table, sizeBytes })),
    connections: { used: 5, max: 100 },
    longTransactions: [{ pid: 1, seconds: 900, state: "idle in transaction", query: "x".repeat(500) }],
    replication: [],
  };
  return { kind: "postgres", at: at(day), host: "db01", facts };
}

function disk(day: string, usedPct: number): Observation {
  return {
    kind: "host",
    at: at(day),
    host: "nas01",
    facts: {
      os: "Debian 12",
      kernel: "6.1",
      uptimeSeconds: 1,
      load: [0, 0, 0],
      memory: { totalBytes: 1, availableBytes: 1, swapTotalBytes: 0, swapUsedBytes: 0 },
      disks: [{ mount: "/srv", device: "/dev/sdb1", sizeBytes: 1000, usedBytes: usedPct * 10, inodesTotal: null, inodesUsed: null }],
      failedUnits: [],
      containers: null,
      clockOffsetMs: 0,
    },
  };
}

function feed(day: string, status: number | null): Observation {
  return {
    kind: "check",
    at: at(day),
    host: "agent01",
    check: "feed",
    result: { type: "http", url: "https://example.org/feed", status, expectStatus: 200, latencyMs: 80, ...(status === 403 ? { bodySample: "Forbidden" } : {}) },
  };
}

const record = (day: string, observations: Observation[], reviewed = true): HistoryRecord => compactRun(observations, { day, at: at(day), reviewed });

describe("compactRun", () => {
  it("keeps every number the rules read and drops samples, bodies and long query text", () => {
    const fault: Observation = {
      kind: "fault",
      probe: "host",
      at: at("2026-11-25"),
      host: "nas01",
      fault: { kind: "not-understood", message: "df", sample: "garbage".repeat(40) },
    };
    const r = record("2026-11-25", [pg("2026-11-25", { "public.ticks": 5 }), feed("2026-11-25", 403), fault]);
    expect(historyRecordSchema.safeParse(JSON.parse(JSON.stringify(r))).success).toBe(true);
    expect(r.observations[0]).toMatchObject({ facts: { largestTables: [{ table: "public.ticks", sizeBytes: 5 }], longTransactions: [{ seconds: 900 }] } });
    expect(r.observations[0]!.kind === "postgres" && r.observations[0]!.facts.longTransactions[0]!.query).toHaveLength(120);
    expect(r.observations[1]).toMatchObject({ result: { status: 403 } });
    expect(r.observations[1]).not.toHaveProperty("result.bodySample");
    expect(r.observations[2]).toEqual({ kind: "fault", probe: "host", at: at("2026-11-25"), host: "nas01", fault: { kind: "not-understood", message: "df" } });
  });

  it("rejects a hand-edited record, naming the key", () => {
    const result = historyRecordSchema.safeParse({ version: 1, day: "2026-11-25", at: "yesterday", reviewed: true, observations: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["at"]);
  });

  it("a re-run replaces the day's record, but an unreviewed run never replaces a reviewed one", () => {
    expect(replacesRecord(undefined, { reviewed: false })).toBe(true);
    expect(replacesRecord({ reviewed: false }, { reviewed: false })).toBe(true);
    expect(replacesRecord({ reviewed: true }, { reviewed: true })).toBe(true);
    expect(replacesRecord({ reviewed: false }, { reviewed: true })).toBe(true);
    expect(replacesRecord({ reviewed: true }, { reviewed: false })).toBe(false);
  });
});

describe("planRetention", () => {
  const days = Array.from({ length: 400 }, (_, i) => shiftDay("2026-11-25", -i));

  it("keeps 90 daily files and the first recorded day of each older month for 24 months", () => {
    const { keep, prune } = planRetention(days, "2026-11-25");
    expect(keep.filter((d) => d > shiftDay("2026-11-25", -90))).toHaveLength(90);
    expect(keep.filter((d) => d <= shiftDay("2026-11-25", -90))).toEqual([
      "2025-10-22",
      "2025-11-01",
      "2025-12-01",
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
      "2026-04-01",
      "2026-05-01",
      "2026-06-01",
      "2026-07-01",
      "2026-08-01",
    ]);
    expect(keep.length + prune.length).toBe(400);
  });

  it("is stable: planning again over what it kept prunes nothing", () => {
    const { keep } = planRetention(days, "2026-11-25");
    expect(planRetention(keep, "2026-11-25").prune).toEqual([]);
  });

  it("drops monthly points older than the monthly horizon", () => {
    expect(planRetention(["2024-10-01", "2024-11-01", "2026-11-24"], "2026-11-25", { dailyDays: 90, monthlyMonths: 24 })).toEqual({
      keep: ["2024-11-01", "2026-11-24"],
      prune: ["2024-10-01"],
    });
  });
});

describe("lookups", () => {
  const records = ["2026-11-17", "2026-11-18", "2026-11-20", "2026-11-24"].map((d, i) => record(d, [disk(d, 50 + i * 5)]));

  it("finds yesterday and a week ago, standing in the nearest earlier day within the tolerance", () => {
    expect(recordDaysAgo(records, "2026-11-25", 1)?.day).toBe("2026-11-24");
    expect(recordDaysAgo(records, "2026-11-25", 7)?.day).toBe("2026-11-18");
    expect(recordDaysAgo(records, "2026-11-26", 1)?.day).toBe("2026-11-24");
    expect(recordDaysAgo(records, "2026-11-27", 1)).toBeUndefined();
  });

  it("draws a series for the forecast, oldest first, in the findings' metric names", () => {
    const series = historySeries([...records].reverse(), "nas01", "disk-used-pct:/srv").map((p) => ({ t: p.t, v: Math.round(p.v) }));
    expect(series).toEqual([
      { t: Date.parse(at("2026-11-17")), v: 50 },
      { t: Date.parse(at("2026-11-18")), v: 55 },
      { t: Date.parse(at("2026-11-20")), v: 60 },
      { t: Date.parse(at("2026-11-24")), v: 65 },
    ]);
    expect(historySeries(records, "nas01", "disk-used-pct:/nope")).toEqual([]);
  });
});

describe("fastestGrowingTables", () => {
  it("ranks tables by growth per day between the newest record and a week before", () => {
    const records = [
      record("2026-11-18", [pg("2026-11-18", { "public.ticks": 7e9, "public.orders": 1e9, "public.gone": 5e8 })]),
      record("2026-11-24", [pg("2026-11-24", { "public.ticks": 9e9, "public.orders": 1.1e9 })]),
      record("2026-11-25", [pg("2026-11-25", { "public.ticks": 9.1e9, "public.orders": 1.07e9, "public.new": 3e9 })]),
    ];
    expect(fastestGrowingTables(records)).toEqual([
      { host: "db01", database: "market", table: "public.ticks", sizeBytes: 9.1e9, bytesPerDay: 3e8, from: at("2026-11-18"), to: at("2026-11-25") },
      { host: "db01", database: "market", table: "public.orders", sizeBytes: 1.07e9, bytesPerDay: 1e7, from: at("2026-11-18"), to: at("2026-11-25") },
    ]);
  });

  it("needs two days to tell a growth", () => {
    expect(fastestGrowingTables([record("2026-11-25", [pg("2026-11-25", { t: 1 })])])).toEqual([]);
    expect(fastestGrowingTables([])).toEqual([]);
  });
});

describe("checkFailingSince", () => {
  it("walks back while the feed failed and stops at the last pass", () => {
    const records = [
      record("2026-11-20", [feed("2026-11-20", 200)]),
      record("2026-11-21", [feed("2026-11-21", 403)]),
      record("2026-11-22", [feed("2026-11-22", 403)]),
    ];
    expect(checkFailingSince(records, "feed")).toEqual({ since: at("2026-11-21"), lastPassed: at("2026-11-20") });
    expect(checkFailingSince([...records, record("2026-11-23", [feed("2026-11-23", 200)])], "feed")).toBeNull();
  });

  it("never claims more than was seen: a run that could not tell ends the streak", () => {
    const unknown: Observation = {
      kind: "fault",
      probe: "check",
      check: "feed",
      at: at("2026-11-21"),
      host: "agent01",
      fault: { kind: "timeout", message: "x" },
    };
    const records = [record("2026-11-20", [feed("2026-11-20", 403)]), record("2026-11-21", [unknown]), record("2026-11-22", [feed("2026-11-22", null)])];
    expect(checkPassed(records[1]!.observations, "feed")).toBeNull();
    expect(checkFailingSince(records, "feed")).toEqual({ since: at("2026-11-22") });
  });

  it("takes a Prometheus check's own breach start when it reaches further back", () => {
    const breach = (day: string, breachedSince: string): Observation => ({
      kind: "check",
      at: at(day),
      host: "db01",
      check: "ingest",
      result: { type: "prometheus", query: "q", values: [{ labels: {}, value: 5 }], breach: { op: "<", value: 100 }, breached: true, breachedSince },
    });
    const records = [
      record("2026-11-21", [breach("2026-11-21", "2026-11-20T09:15:00.000Z")]),
      record("2026-11-22", [breach("2026-11-22", "2026-11-21T06:00:00.000Z")]),
    ];
    expect(checkFailingSince(records, "ingest")).toEqual({ since: "2026-11-20T09:15:00.000Z" });
  });
});
