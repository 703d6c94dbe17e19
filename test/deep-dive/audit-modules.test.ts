import { describe, expect, it } from "vitest";
import { auditModules } from "../../src/core/deep-dive/audit-modules.ts";
import { seriesNames } from "../../src/core/deep-dive/rule-series.ts";
import { weeklyDeltas } from "../../src/core/deep-dive/weekly-deltas.ts";
import { compactRun } from "../../src/core/history/history-record.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import type { PrometheusFacts } from "../../src/core/observations/prometheus.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { observationsOn } from "../cadences/month-lab.ts";

const AT = "2026-11-29T21:00:00.000Z";

function prometheus(facts: Partial<PrometheusFacts>): Observation {
  return {
    kind: "prometheus",
    at: AT,
    host: "mon01",
    endpoint: "http://mon01:9090",
    facts: {
      ruleGroups: [],
      alertingRules: 0,
      alerts: [],
      targets: [
        { job: "node", instance: "db01:9100", health: "up", lastError: "", lastScrape: AT },
        { job: "postgres", instance: "db01:9187", health: "up", lastError: "", lastScrape: AT },
      ],
      ...facts,
    },
  };
}

describe("the metric names a rule reads", () => {
  it("skips functions, label matchers, ranges, strings, keywords and grouping labels", () => {
    expect(seriesNames('sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[5m])) > 0.9 and on(instance) up == 1')).toEqual([
      "node_cpu_seconds_total",
      "up",
    ]);
    expect(seriesNames("pg_up == 0 or absent(pg_up) offset 5m")).toEqual(["pg_up"]);
    expect(seriesNames("job:requests:rate5m > 1e3")).toEqual(["job:requests:rate5m"]);
  });
});

describe("the module audit", () => {
  it("names hosts without probes, playbooks never exercised, and overdue watch items", async () => {
    const config = await loadTemplateConfig();
    const lines = auditModules({
      config,
      today: "2026-11-29",
      changelog: "### Change 1 (unattended) — x\n\n- Playbook: `restart-stateless-container`\n",
      week: [],
      watch: [
        {
          id: "W-1",
          fingerprint: "f",
          description: "collector restart holds",
          since: AT,
          until: "2026-11-20",
          host: "agent01",
          playbook: "restart-stateless-container",
          verify: [],
        },
      ],
    });
    const say = lines.map((l) => `${l.module} ${l.subject}`);
    expect(say).toContain("hosts fw01");
    expect(say).toContain("watch W-1");
    expect(say.filter((s) => s.startsWith("playbooks"))).not.toContain("playbooks restart-stateless-container");
    expect(say.some((s) => s.startsWith("playbooks "))).toBe(true);
  });

  it("with rule expressions and metric names: exporters without a rule, and rules reading dead series", async () => {
    const config = await loadTemplateConfig();
    const latest = compactRun(
      [
        prometheus({
          alertingRules: 2,
          ruleGroups: [{ name: "lab", file: "rules.yml", alertingRules: 2, recordingRules: 0, unhealthy: [] }],
          rules: [
            { group: "lab", name: "NodeDown", type: "alerting", query: 'up{job="node"} == 0' },
            { group: "lab", name: "OldExporterDown", type: "alerting", query: "legacy_exporter_up == 0" },
          ],
          metricNames: ["up", "node_load1", "pg_up"],
        }),
      ],
      { day: "2026-11-29", at: AT, reviewed: true },
    );
    const lines = auditModules({ config, today: "2026-11-29", latest, changelog: "", week: [], watch: [] }).filter((l) => l.module === "alerting");
    expect(lines.map((l) => [l.subject, l.finding.slice(0, 40)])).toEqual([
      ["mon01 postgres", "scraped, but no alerting rule names this"],
      ["mon01 OldExporterDown", "reads legacy_exporter_up, which Promethe"],
    ]);
  });

  it("says what it cannot compute when the probe recorded no expressions", async () => {
    const config = await loadTemplateConfig();
    const latest = compactRun([prometheus({ alertingRules: 3, ruleGroups: [{ name: "g", file: "f", alertingRules: 3, recordingRules: 0, unhealthy: [] }] })], {
      day: "2026-11-29",
      at: AT,
      reviewed: true,
    });
    const lines = auditModules({ config, today: "2026-11-29", latest, changelog: "", week: [], watch: [] }).filter((l) => l.module === "alerting");
    expect(lines).toEqual([{ module: "alerting", subject: "mon01", finding: expect.stringContaining("cannot be computed") }]);
  });

  it("compares the bot's measured cost and the containers it looks after", async () => {
    const config = await loadTemplateConfig();
    const latest = compactRun(observationsOn(5, AT), { day: "2026-11-29", at: AT, reviewed: true });
    const lines = auditModules({
      config,
      today: "2026-11-29",
      latest,
      changelog: "",
      watch: [],
      week: [{ date: "2026-11-28", kind: "healthy", overhead: { durationMs: 3000, commands: 10, bytesIn: 2_000_000, bytesOut: 1000 } }],
    }).filter((l) => l.module === "footprint");
    expect(lines.map((l) => l.finding)).toEqual([
      "1 run(s) this week: 10 commands, 2 MB in, 1 kB out, 3.0 s in total (3.0 s a run)",
      "1 business container(s), 2 infrastructure/observer container(s) — the observers outnumber the business; per-container memory is not observed",
    ]);
  });
});

describe("week-over-week deltas", () => {
  it("per host disk and per database and table, against the record a week earlier", () => {
    const records = [1, 8].map((n) =>
      compactRun(observationsOn(n, `2026-11-0${n}T21:00:00.000Z`), { day: `2026-11-0${n}`, at: `2026-11-0${n}T21:00:00.000Z`, reviewed: true }),
    );
    const rows = weeklyDeltas(records, "2026-11-08");
    expect(rows.find((r) => r.subject === "db01 market.public.ticks")).toEqual({
      subject: "db01 market.public.ticks",
      metric: "table size",
      weekAgo: "2.05 GB",
      now: "2.4 GB",
      delta: "+350 MB (+17.1%)",
    });
    expect(rows.find((r) => r.subject === "db01 /")).toMatchObject({ metric: "disk used", delta: "+0.07 pt" });
    expect(weeklyDeltas(records.slice(1), "2026-11-08").every((r) => r.weekAgo === "—" && r.delta === "—")).toBe(true);
  });
});
