import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { DAY, HOUR, NOW, ago, input, promFacts, promObs } from "./fixtures.ts";

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig();
});

const exporterTarget = (health: "up" | "down") => ({
  job: "postgres",
  instance: "192.168.100.20:9187",
  health,
  lastError: health === "down" ? "connection refused" : "",
  lastScrape: NOW.toISOString(),
});

describe("prometheus findings", () => {
  it("the monitoring that monitors nothing: zero alerting rules, remedied by the minimal ruleset on mon01", () => {
    const [f] = findAll(input(config, [promObs({ ruleGroups: [], alertingRules: 0 })]));
    expect(f).toMatchObject({
      kind: "no-alerting-rules",
      severity: "critical",
      host: "mon01",
      fingerprint: "no-alerting-rules:mon01:alerting-rules",
      remedy: { playbook: "prometheus-alert-rules", params: {} },
    });
    expect(f!.title).toMatch(/would never alert/);
  });

  it("pg_up = 0 with no history of it being up is an exporter that never connected, on the database host, with the role playbook", () => {
    const [f] = findAll(input(config, [promObs({ pgUp: [{ instance: "192.168.100.20:9187", value: 0 }], targets: [exporterTarget("up")] })]));
    expect(f).toMatchObject({
      kind: "exporter-never-connected",
      host: "db01",
      subject: "192.168.100.20:9187",
      remedy: { playbook: "postgres-monitoring-role", params: {} },
    });
  });

  it("the ExporterUnreachable alert and pg_up = 0 are one finding, dated from the alert", () => {
    const alert = {
      name: "ExporterUnreachable",
      state: "firing" as const,
      activeAt: ago(6 * HOUR),
      labels: { instance: "192.168.100.20:9187", job: "postgres", severity: "critical" },
    };
    const found = findAll(
      input(config, [promObs({ pgUp: [{ instance: "192.168.100.20:9187", value: 0 }], alerts: [alert], targets: [exporterTarget("up")] })]),
    );
    expect(found.map((f) => f.kind)).toEqual(["exporter-never-connected"]);
    expect(found[0]!.since).toBe(alert.activeAt);
    expect(found[0]!.evidence.map((e) => e.kind)).toEqual(["exporter", "exporter", "history", "duration"]);
  });

  it("the alert alone, with the exporter's own target up, is still never-connected", () => {
    const alert = { name: "ExporterUnreachable", state: "firing" as const, activeAt: ago(HOUR), labels: { instance: "192.168.100.20:9187" } };
    const history = [{ at: ago(DAY), observations: [promObs({ targets: [exporterTarget("up")] }, ago(DAY))] }];
    expect(findAll(input(config, [promObs({ alerts: [alert], targets: [exporterTarget("up")] })], { history }))).toMatchObject([
      { kind: "exporter-never-connected" },
    ]);
  });

  it("an exporter target down since ever is never-connected; one that was up before has disconnected", () => {
    const never = findAll(input(config, [promObs({ targets: [exporterTarget("down")] })]));
    expect(never).toMatchObject([{ kind: "exporter-never-connected", host: "db01" }]);
    const history = [{ at: ago(DAY), observations: [promObs({ targets: [exporterTarget("up")] }, ago(DAY))] }];
    const lost = findAll(input(config, [promObs({ targets: [exporterTarget("down")] })], { history }));
    expect(lost).toMatchObject([{ kind: "exporter-disconnected", host: "db01" }]);
    expect(lost[0]!.remedy).toBeUndefined();
  });

  it("a scrape target down belongs to the host behind its instance", () => {
    const target = {
      job: "node",
      instance: "192.168.100.43:9100",
      health: "down" as const,
      lastError: "context deadline exceeded",
      lastScrape: NOW.toISOString(),
    };
    expect(findAll(input(config, [promObs({ targets: [target] })]))).toMatchObject([
      { kind: "scrape-target-down", host: "collect03", subject: "node/192.168.100.43:9100", evidence: [{ text: "context deadline exceeded" }] },
    ]);
  });

  it("a firing alert carries its severity and since; a pending one is not a finding yet", () => {
    const firing = {
      name: "DiskAlmostFull",
      state: "firing" as const,
      activeAt: ago(2 * HOUR),
      labels: { instance: "192.168.100.50:9100", severity: "warning" },
    };
    const pending = { ...firing, name: "MemoryPressure", state: "pending" as const };
    const found = findAll(input(config, [promObs({ alerts: [firing, pending] })]));
    expect(found).toMatchObject([
      { kind: "alert-firing", severity: "medium", host: "nas01", since: firing.activeAt, fingerprint: "alert-firing:nas01:DiskAlmostFull/192.168.100.50:9100" },
    ]);
  });

  it("reports rules that fail to evaluate, and Prometheus itself not answering", () => {
    const broken = promFacts();
    const group = { ...broken.ruleGroups[0]!, unhealthy: [{ rule: "InstanceDown", lastError: "bad expression" }] };
    const found = findAll(
      input(config, [
        promObs({ ruleGroups: [group] }),
        { kind: "fault", probe: "prometheus", at: NOW.toISOString(), host: "mon01", fault: { kind: "refused", message: "connect ECONNREFUSED" } },
      ]),
    );
    expect(found.map((f) => f.fingerprint)).toEqual(["prometheus-unreachable:mon01:prometheus", "rule-unhealthy:mon01:rounds-minimal/InstanceDown"]);
  });

  it("a healthy Prometheus finds nothing", () => {
    expect(findAll(input(config, [promObs({ targets: [exporterTarget("up")], pgUp: [{ instance: "192.168.100.20:9187", value: 1 }] })]))).toEqual([]);
  });
});

describe("how long an exporter has been lost", () => {
  it("is dated from the first run that saw it lost, judged with the history that run had", () => {
    const run = (days: number, health: "up" | "down") => ({
      at: ago(days * DAY),
      observations: [promObs({ targets: [exporterTarget(health)] }, ago(days * DAY))],
    });
    const [f] = findAll(input(config, [promObs({ targets: [exporterTarget("down")] })], { history: [run(3, "up"), run(2, "down"), run(1, "down")] }));
    expect(f).toMatchObject({ kind: "exporter-disconnected", since: ago(2 * DAY), detectedAt: ago(2 * DAY) });
  });
});

describe("since, from an alert and from the history", () => {
  it("takes the earlier of the two, comparing times rather than strings", () => {
    // Prometheus writes nanoseconds and may write an offset; the streak's run time is Node's ISO.
    const activeAt = "2026-11-20T15:30:00.123456789+01:00"; // 14:30:00.123Z
    const alert = { name: "InstanceDown", state: "firing" as const, activeAt, labels: { instance: "192.168.100.41:9100", severity: "critical" } };
    const history = [{ at: "2026-11-20T14:45:00.000Z", observations: [promObs({ alerts: [alert] }, "2026-11-20T14:45:00.000Z")] }];
    const [f] = findAll(input(config, [promObs({ alerts: [alert] })], { history }));
    expect(f).toMatchObject({ kind: "alert-firing", host: "collect01", since: activeAt, detectedAt: "2026-11-20T14:45:00.000Z" });
    expect(f!.title).toBe("Alert InstanceDown is firing for 192.168.100.41:9100");
    expect(f!.evidence.at(-1)).toMatchObject({ kind: "duration", value: 7, unit: "h" });
  });
});
