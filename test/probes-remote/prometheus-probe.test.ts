import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probePrometheus, queryInstant, queryRange } from "../../src/probes/prometheus-probe.ts";
import { freePort } from "../../src/demo/free-port.ts";
import { startHttpServer, type TestHttpServer } from "../support/http-server.ts";
import { startPrometheus, waitFor, type TestPrometheus } from "../support/prometheus.ts";

const now = () => new Date();
const RULES = `
groups:
  - name: availability
    rules:
      - alert: TargetDown
        expr: up == 0
        labels: { severity: page }
  - name: recording-only
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - record: broken:many_to_many
        expr: up * on() up
  - name: exporter-stand-in
    rules:
      - record: pg_up
        expr: label_replace(vector(0), "instance", "db01:9187", "", "")
`;
const RECORDING_ONLY = `
groups:
  - name: dashboards
    rules:
      - record: instance:up:count
        expr: count(up)
`;

let prom: TestPrometheus;
let silent: TestPrometheus;
let web: TestHttpServer;
let closedPort: number;

beforeAll(async () => {
  closedPort = await freePort();
  [prom, silent, web] = await Promise.all([
    startPrometheus({
      rules: { "rules.yml": RULES },
      scrapeConfigs: () => `  - job_name: down\n    static_configs: [{ targets: ["127.0.0.1:${closedPort}"] }]`,
    }),
    startPrometheus({ rules: { "recording.yml": RECORDING_ONLY } }),
    startHttpServer(),
  ]);
  // The scrape manager starts ~5 s after boot; wait until the alert fires and the broken rule has failed.
  await waitFor(
    async () => {
      const o = await probePrometheus({ host: "mon01", url: prom.url }, { now });
      return o.kind === "prometheus" && o.facts.alerts.some((a) => a.state === "firing") && o.facts.ruleGroups.some((g) => g.unhealthy.length > 0);
    },
    20_000,
    () => "prometheus never fired TargetDown",
  );
});

afterAll(async () => {
  await Promise.all([prom?.stop(), silent?.stop(), web?.close()]);
});

describe("probePrometheus against a real Prometheus", () => {
  it("reports rule groups with their alerting rules, rule errors, targets and firing alerts", async () => {
    const o = await probePrometheus({ host: "mon01", url: prom.url }, { now });
    if (o.kind !== "prometheus") throw new Error(`expected facts, got ${JSON.stringify(o)}`);
    expect(o.host).toBe("mon01");
    expect(o.endpoint).toBe(prom.url);
    expect(o.facts.alertingRules).toBe(1);
    const groups = Object.fromEntries(o.facts.ruleGroups.map((g) => [g.name, g]));
    expect(groups.availability).toMatchObject({ alertingRules: 1, recordingRules: 0, unhealthy: [] });
    expect(groups["recording-only"]).toMatchObject({ alertingRules: 0, recordingRules: 2 });
    expect(groups["recording-only"]!.unhealthy).toEqual([{ rule: "broken:many_to_many", lastError: expect.stringMatching(/many-to-many|duplicate|match/i) }]);

    const down = o.facts.targets.find((t) => t.job === "down");
    expect(down).toMatchObject({ instance: `127.0.0.1:${closedPort}`, health: "down" });
    expect(down!.lastError).toMatch(/refused/i);
    expect(o.facts.targets.find((t) => t.job === "prometheus")).toMatchObject({ health: "up", lastError: "" });

    const firing = o.facts.alerts.find((a) => a.name === "TargetDown" && a.state === "firing");
    expect(firing?.labels).toMatchObject({ job: "down", severity: "page" });
    expect(Date.parse(firing!.activeAt)).toBeLessThanOrEqual(Date.now());
    expect(o.facts.pgUp).toEqual([{ instance: "db01:9187", value: 0 }]);
  });

  it("makes a server with zero alerting rules visible as exactly that: monitoring that monitors nothing", async () => {
    const o = await probePrometheus({ host: "mon02", url: silent.url }, { now });
    if (o.kind !== "prometheus") throw new Error(`expected facts, got ${JSON.stringify(o)}`);
    expect(o.facts.alertingRules).toBe(0);
    expect(o.facts.ruleGroups).toEqual([
      { name: "dashboards", file: expect.stringContaining("recording.yml"), alertingRules: 0, recordingRules: 1, unhealthy: [] },
    ]);
    expect(o.facts.alerts).toEqual([]);
    expect(o.facts).not.toHaveProperty("pgUp");
  });

  it("runs instant and range queries", async () => {
    const up = await queryInstant(prom.url, "up");
    expect(up.map((s) => [s.labels.job, s.value]).sort()).toEqual([
      ["down", 0],
      ["prometheus", 1],
    ]);
    expect(await queryInstant(prom.url, "scalar(vector(42))")).toEqual([{ labels: {}, value: 42 }]);
    const range = async () => {
      const end = new Date();
      return { end, series: await queryRange(prom.url, 'up{job="prometheus"}', { start: new Date(end.getTime() - 10_000), end, stepSeconds: 1 }) };
    };
    // Self-scrapes only begin a few seconds after boot: wait until there are three seconds of them.
    await waitFor(
      async () => ((await range()).series[0]?.points.length ?? 0) >= 3,
      10_000,
      () => 'fewer than 3 points of up{job="prometheus"}',
    );
    const { end, series } = await range();
    expect(series).toHaveLength(1);
    expect(series[0]!.labels).toMatchObject({ job: "prometheus" });
    expect(series[0]!.points.length).toBeGreaterThanOrEqual(3);
    expect(series[0]!.points.every((p) => p.v === 1 && p.t <= end.getTime() + 1000)).toBe(true);
  });

  it("turns a bad PromQL query into a fault naming the server's error", async () => {
    await expect(queryInstant(prom.url, "sum(")).rejects.toMatchObject({ kind: "error", message: expect.stringMatching(/bad_data/) });
  });
});

describe("probePrometheus faults are observations, never throws", () => {
  it("Prometheus down: refused", async () => {
    const o = await probePrometheus({ host: "mon01", url: `http://127.0.0.1:${closedPort}` }, { now });
    expect(o).toMatchObject({ kind: "fault", probe: "prometheus", host: "mon01", fault: { kind: "refused" } });
  });

  it("an endpoint that answers HTML is 'not understood', with a sample", async () => {
    const o = await probePrometheus({ host: "mon01", url: `${web.url}/html` }, { now });
    expect(o).toMatchObject({ kind: "fault", probe: "prometheus", fault: { kind: "not-understood" } });
    if (o.kind === "fault") expect(o.fault.sample).toBeDefined();
  });

  it("an endpoint that hangs past the timeout is a timeout", async () => {
    const hanging = `${web.url}/slow/`;
    const o = await probePrometheus({ host: "mon01", url: hanging }, { now, timeoutMs: 300 });
    expect(o).toMatchObject({ kind: "fault", fault: { kind: "timeout" } });
  });
});
