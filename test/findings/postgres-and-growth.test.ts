import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { DAY, GB, NOW, ago, disk, hostObs, input, pgObs } from "./fixtures.ts";

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig();
});

/** The article's db01, `daysAgo` before today: root disk 68% growing 4.5 GB/day, nearly all of it market.ticks. */
function db01(daysAgo: number, { diskPct = 68, tableRate = 4.4 } = {}): Observation[] {
  const at = ago(daysAgo * DAY);
  const used = diskPct - daysAgo * (4.5 / 525) * 100;
  return [
    hostObs("db01", { disks: [disk("/", used), disk("/boot", 20, 1 * GB)] }, at),
    pgObs(
      {
        databases: [
          { name: "market", sizeBytes: (212 - daysAgo * tableRate) * GB },
          { name: "postgres", sizeBytes: 8e6 },
        ],
        largestTables: [
          { database: "market", table: "ticks", sizeBytes: (207 - daysAgo * tableRate) * GB },
          { database: "market", table: "symbols", sizeBytes: 2e6 },
        ],
      },
      at,
    ),
  ];
}

const week = (options?: Parameters<typeof db01>[1]) => [7, 6, 5, 4, 3, 2, 1].map((d) => ({ at: ago(d * DAY), observations: db01(d, options) }));

describe("database growth", () => {
  it("attributes the disk's growth to market.ticks, forecasts ~2 weeks to 80%, and escalates with options instead of a fix", () => {
    const found = findAll(input(config, db01(0), { history: week() }));
    expect(found.map((f) => f.fingerprint)).toEqual(["database-growth:db01:market.ticks"]);
    const [f] = found;
    expect(f!.severity).toBe("medium");
    expect(f!.forecast).toMatchObject({ kind: "eta", text: "~2 weeks (14 days)" });
    expect(f!.title).toBe("market.ticks on db01 grows 4.4 GB/day and fills /: 80% in ~2 weeks (14 days)");
    expect(f!.evidence.find((e) => e.kind === "attributed-to")!.text).toBe("growth is data: market.ticks grows 4.4 GB/day, 98% of the disk's 4.5 GB/day");
    expect(f!.evidence.find((e) => e.kind === "time-to-80")).toMatchObject({ value: 14, unit: "days" });
    // Judgement: data is behind the guardrail, so no remedy — even though a catalogue playbook remedies database-growth.
    expect(config.playbooks.some((p) => p.remedies === "database-growth")).toBe(true);
    expect(f!.remedy).toBeUndefined();
    expect(f!.outsideBoundary).toMatchObject({ rule: "unattended.forbidden: data" });
    expect(f!.outsideBoundary!.reason).toMatch(/behind the data guardrail/);
    expect(f!.options!.map((o) => o.title)).toEqual(["Compress (TimescaleDB native compression)", "Retention (drop data older than a cut-off)", "More disk"]);
    expect(f!.options![0]).toMatchObject({ playbook: "timescaledb-compression" });
    expect(f!.options![0]!.tradeoffs).toMatch(/full rollback.*about 207 GB/);
    expect(f!.options![1]!.tradeoffs).toMatch(/restore from backup/);
  });

  it("a disk already past 80% keeps its pressure finding, marked as data, next to the growth finding", () => {
    const found = findAll(input(config, db01(0, { diskPct: 84 }), { history: week({ diskPct: 84 }) }));
    expect(found.map((f) => f.kind).sort()).toEqual(["database-growth", "disk-pressure"]);
    const pressure = found.find((f) => f.kind === "disk-pressure")!;
    expect(pressure.outsideBoundary?.rule).toBe("unattended.forbidden: data");
    expect(pressure.options).toBeUndefined();
    const growth = found.find((f) => f.kind === "database-growth")!;
    expect(growth).toMatchObject({ severity: "high", forecast: { kind: "already-crossed" } });
  });

  it("does not blame the database when something else fills the disk", () => {
    const found = findAll(input(config, db01(0, { tableRate: 0.5 }), { history: week({ tableRate: 0.5 }) }));
    expect(found.map((f) => f.kind)).toEqual(["disk-growth"]);
    expect(found[0]!.outsideBoundary).toBeUndefined();
  });

  it("names a hypertable as a whole rather than one of its chunks", () => {
    const withHypertable = (d: number) =>
      db01(d).map((o): Observation =>
        o.kind !== "postgres"
          ? o
          : {
              ...o,
              facts: {
                ...o.facts,
                largestTables: [{ database: "market", table: "_hyper_1_9_chunk", sizeBytes: 2 * GB }],
                timescale: { hypertables: [{ name: "ticks", sizeBytes: (207 - d * 4.4) * GB, compressedChunks: 0, totalChunks: 90, compressionRatio: null }] },
              },
            },
      );
    const history = [7, 6, 5, 4, 3, 2, 1].map((d) => ({ at: ago(d * DAY), observations: withHypertable(d) }));
    expect(findAll(input(config, withHypertable(0), { history })).map((f) => f.fingerprint)).toEqual(["database-growth:db01:market.ticks"]);
  });

  it("with only two days of history it still escalates, but declines to forecast and says so", () => {
    const found = findAll(input(config, db01(0, { diskPct: 82 }), { history: [{ at: ago(DAY), observations: db01(1, { diskPct: 82 }) }] }));
    const growth = found.find((f) => f.kind === "database-growth");
    // Past 80% it is pressure; growth attribution needs two points of each series, which it has.
    expect(growth?.forecast).toEqual({ kind: "already-crossed", value: 82 });
    const young = findAll(
      input(config, db01(0, { diskPct: 86 }).slice(0, 1), { history: [{ at: ago(DAY), observations: db01(1, { diskPct: 86 }).slice(0, 1) }] }),
    );
    expect(young.map((f) => f.kind)).toEqual(["disk-pressure"]);
    expect(young[0]!.forecast).toEqual({ kind: "declined", reason: "only 2 points; need at least 4 to forecast" });
  });
});

describe("postgres findings", () => {
  it("reports PostgreSQL unreachable as critical", () => {
    const fault: Observation = {
      kind: "fault",
      probe: "postgres",
      at: NOW.toISOString(),
      host: "db01",
      fault: { kind: "refused", message: "connect ECONNREFUSED 192.168.100.20:5432" },
    };
    expect(findAll(input(config, [fault]))).toMatchObject([
      { kind: "postgres-unreachable", severity: "critical", fingerprint: "postgres-unreachable:db01:postgresql" },
    ]);
  });

  it("reports connections near max_connections and long transactions, without their query text", () => {
    const found = findAll(
      input(config, [
        pgObs({
          connections: { used: 95, max: 100 },
          longTransactions: [{ pid: 4242, seconds: 7300, state: "idle in transaction", query: "ALTER ROLE x PASSWORD 'hunter2'" }],
        }),
      ]),
    );
    expect(found.map((f) => f.kind)).toEqual(["postgres-connections", "long-transaction"]);
    expect(JSON.stringify(found)).not.toContain("hunter2");
    expect(found[1]!.evidence[0]!.text).toBe("pid 4242 idle in transaction for 2 h");
  });
});
