import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import type { FaultKind, Observation } from "../../src/core/observations/index.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { DAY, GB, HOUR, NOW, ago, container, disk, hostObs, input } from "./fixtures.ts";

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig();
});

const fault = (host: string, kind: FaultKind): Observation => ({
  kind: "fault",
  probe: "ssh",
  at: NOW.toISOString(),
  host,
  fault: { kind, message: `${kind} on ${host}` },
});

describe("host reachability", () => {
  it.each([
    ["unreachable", "host-unreachable", "critical"],
    ["timeout", "host-unreachable", "critical"],
    ["connection-dropped", "host-unreachable", "high"],
    ["auth-refused", "host-access-refused", "high"],
    ["host-key-changed", "host-key-changed", "critical"],
    ["host-key-unknown", "host-key-unknown", "high"],
    ["not-understood", "probe-output-not-understood", "low"],
    ["error", "probe-error", "medium"],
  ] as const)("an SSH fault %s is a %s finding (%s)", (faultKind, kind, severity) => {
    const [f] = findAll(input(config, [fault("collect02", faultKind)]));
    expect(f).toMatchObject({ kind, severity, host: "collect02" });
    expect(f!.evidence[0]!.text).toContain(`${faultKind} on collect02`);
  });
});

describe("disk and inodes", () => {
  it.each([
    [79.9, undefined],
    [80, "medium"],
    [90, "high"],
    [97, "critical"],
  ] as const)("a mount %d%% full is %s", (pct, severity) => {
    const found = findAll(input(config, [hostObs("nas01", { disks: [disk("/mnt/user", pct)] })])).filter((f) => f.kind === "disk-pressure");
    if (!severity) expect(found).toEqual([]);
    else expect(found).toMatchObject([{ severity, fingerprint: "disk-pressure:nas01:/mnt/user", subject: "/mnt/user" }]);
  });

  it("reports a mount that will reach 80% within a month as disk growth, with the forecast", () => {
    const history = [6, 5, 4, 3, 2, 1].map((d) => ({
      at: ago(d * DAY),
      observations: [hostObs("nas01", { disks: [disk("/", 68 - d * 0.857)] }, ago(d * DAY))],
    }));
    const [f] = findAll(input(config, [hostObs("nas01", { disks: [disk("/", 68)] })], { history })).filter((x) => x.kind === "disk-growth");
    expect(f).toMatchObject({ fingerprint: "disk-growth:nas01:/", severity: "medium" });
    expect(f!.forecast).toMatchObject({ kind: "eta" });
    expect(f!.title).toMatch(/80% in ~2 weeks/);
    expect(f!.evidence.find((e) => e.kind === "disk-rate")!.value).toBeCloseTo(4.5 * GB, -7);
  });

  it("says nothing about a slow-growing disk whose 80% is months away", () => {
    const history = [6, 5, 4, 3, 2, 1].map((d) => ({ at: ago(d * DAY), observations: [hostObs("nas01", { disks: [disk("/", 50 - d * 0.1)] }, ago(d * DAY))] }));
    expect(findAll(input(config, [hostObs("nas01", { disks: [disk("/", 50)] })], { history }))).toEqual([]);
  });

  it("reports inode exhaustion separately from space", () => {
    const found = findAll(input(config, [hostObs("collect01", { disks: [disk("/", 30, 32 * GB, { total: 1000, used: 960 })] })]));
    expect(found).toMatchObject([{ kind: "inode-pressure", severity: "critical", fingerprint: "inode-pressure:collect01:/" }]);
  });
});

describe("memory", () => {
  const mem = (availableGb: number, swapUsedGb = 0) =>
    hostObs("agent01", { memory: { totalBytes: 32 * GB, availableBytes: availableGb * GB, swapTotalBytes: 4 * GB, swapUsedBytes: swapUsedGb * GB } });
  it.each([
    [20, 0, undefined],
    [2.8, 0, "high"],
    [1, 0, "critical"],
    [5, 3, "medium"],
  ] as const)("%d GB of 32 available with %d GB swap used → %s", (available, swap, severity) => {
    const found = findAll(input(config, [mem(available, swap)]));
    if (!severity) expect(found).toEqual([]);
    else expect(found).toMatchObject([{ kind: "memory-pressure", severity, fingerprint: "memory-pressure:agent01:memory" }]);
  });
});

describe("units and containers", () => {
  it("reports a failed unit", () => {
    expect(findAll(input(config, [hostObs("collect03", { failedUnits: ["collector.service"] })]))).toMatchObject([
      { kind: "unit-failed", subject: "collector.service", service: { kind: "unit", name: "collector.service" } },
    ]);
  });

  it("offers the restart playbook for a stateless container that is down", () => {
    const [f] = findAll(input(config, [hostObs("agent01", { containers: [container("ollama", "exited")] })]));
    expect(f).toMatchObject({
      kind: "container-down",
      fingerprint: "container-down:agent01:ollama",
      remedy: { playbook: "restart-stateless-container", params: { container: "ollama" } },
    });
    expect(f!.outsideBoundary).toBeUndefined();
  });

  it("calls a container a restart loop, not down, when it keeps restarting — and offers no restart", () => {
    const history = [
      { at: ago(20 * HOUR), observations: [hostObs("agent01", { containers: [container("ollama", "running", { restartCount: 2 })] }, ago(20 * HOUR))] },
    ];
    const [f] = findAll(input(config, [hostObs("agent01", { containers: [container("ollama", "running", { restartCount: 9 })] })], { history }));
    expect(f).toMatchObject({ kind: "container-restart-loop", evidence: [{ kind: "restarts", value: 7 }, { kind: "image" }] });
    expect(f!.remedy).toBeUndefined();
    expect(findAll(input(config, [hostObs("agent01", { containers: [container("ollama", "restarting")] })]))[0]!.kind).toBe("container-restart-loop");
  });

  it("does not count a recreated container's counter reset as restarts", () => {
    const history = [
      { at: ago(10 * HOUR), observations: [hostObs("agent01", { containers: [container("ollama", "running", { restartCount: 40 })] }, ago(10 * HOUR))] },
    ];
    expect(findAll(input(config, [hostObs("agent01", { containers: [container("ollama", "running", { restartCount: 1 })] })], { history }))).toEqual([]);
  });

  it("reports an unhealthy container as medium", () => {
    expect(findAll(input(config, [hostObs("agent01", { containers: [container("ollama", "running", { health: "unhealthy" })] })]))).toMatchObject([
      { kind: "container-unhealthy", severity: "medium" },
    ]);
  });

  it("finds nothing on a healthy host", () => {
    expect(findAll(input(config, [hostObs("agent01", { containers: [container("ollama"), container("trading-alpha")], failedUnits: [] })]))).toEqual([]);
  });
});
