import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditModules } from "../../src/core/deep-dive/audit-modules.ts";
import { compactRun } from "../../src/core/history/history-record.ts";
import { probePrometheus } from "../../src/probes/prometheus-probe.ts";
import { startPrometheus, waitFor, type TestPrometheus } from "../support/prometheus.ts";
import { loadTemplateConfig } from "../support/template.ts";

// A real Prometheus (Debian's package): the probe records the rules' expressions and which metric
// names they read exist, and the weekly audit finds the rule reading a series nobody writes.
const RULES = `groups:
  - name: lab
    rules:
      - alert: PrometheusDown
        expr: up{job="prometheus"} == 0
      - alert: LegacyExporterDown
        expr: legacy_exporter_up == 0
      - record: job:scrape_duration:max
        expr: max by (job) (scrape_duration_seconds)
`;

let prom: TestPrometheus;
beforeAll(async () => {
  prom = await startPrometheus({ rules: { "lab.yml": RULES }, scrapeConfigs: () => '  - job_name: node\n    static_configs: [{ targets: ["127.0.0.1:1"] }]' });
}, 30_000);
afterAll(async () => prom?.stop());

describe("the module audit on a real Prometheus", () => {
  it("records rule expressions and metric names, and finds the dead series and the job without a rule", { timeout: 30_000 }, async () => {
    let facts: Extract<Awaited<ReturnType<typeof probePrometheus>>, { kind: "prometheus" }>["facts"] | undefined;
    await waitFor(
      async () => {
        const o = await probePrometheus({ host: "mon01", url: prom.url }, { now: () => new Date() });
        if (o.kind !== "prometheus" || o.facts.targets.length < 2 || !o.facts.metricNames?.includes("up")) return false;
        facts = o.facts;
        return true;
      },
      20_000,
      () => "prometheus never reported its targets and series",
    );
    expect(facts!.rules!.map((r) => [r.name, r.type])).toEqual([
      ["PrometheusDown", "alerting"],
      ["LegacyExporterDown", "alerting"],
      ["job:scrape_duration:max", "recording"],
    ]);
    expect(facts!.metricNames!.sort()).toEqual(["scrape_duration_seconds", "up"]);
    const at = new Date().toISOString();
    const latest = compactRun([{ kind: "prometheus", at, host: "mon01", endpoint: prom.url, facts: facts! }], { day: at.slice(0, 10), at, reviewed: true });
    const lines = auditModules({ config: await loadTemplateConfig(), today: at.slice(0, 10), latest, changelog: "", week: [], watch: [] }).filter(
      (l) => l.module === "alerting",
    );
    expect(lines.map((l) => l.subject)).toEqual(["mon01 node", "mon01 LegacyExporterDown"]);
    expect(lines[1]!.finding).toBe("reads legacy_exporter_up, which Prometheus holds no series for: the rule can never fire");
  });
});
