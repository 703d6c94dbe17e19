import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { DAY, GB, HOUR, NOW, container, disk, feedObs, hostObs, input, pgObs, promObs } from "./fixtures.ts";

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig();
});

/** The same set of facts — what is wrong and where — with every number and date free to vary. */
function day(
  at: Date,
  v: { diskPct: number; availableGb: number; status: number; restarts: number; connections: number; activeHoursAgo: number },
): Observation[] {
  const iso = at.toISOString();
  return [
    hostObs(
      "db01",
      {
        disks: [disk("/", v.diskPct)],
        memory: { totalBytes: 32 * GB, availableBytes: v.availableGb * GB, swapTotalBytes: 0, swapUsedBytes: 0 },
        failedUnits: ["backup.service"],
      },
      iso,
    ),
    hostObs("agent01", { containers: [container("ollama", "exited", { restartCount: v.restarts })] }, iso),
    feedObs(v.status, iso),
    pgObs({ connections: { used: v.connections, max: 100 } }, iso),
    promObs(
      {
        alertingRules: 0,
        ruleGroups: [],
        alerts: [
          {
            name: "InstanceDown",
            state: "firing",
            activeAt: new Date(at.getTime() - v.activeHoursAgo * HOUR).toISOString(),
            labels: { instance: "192.168.100.43:9100" },
          },
        ],
      },
      iso,
    ),
  ];
}

const values = fc.record({
  diskPct: fc.double({ min: 80, max: 99.9, noNaN: true }),
  availableGb: fc.double({ min: 0.1, max: 3, noNaN: true }),
  status: fc.constantFrom(401, 403, 404, 429, 500, 502, 503),
  restarts: fc.nat({ max: 2 }),
  connections: fc.integer({ min: 90, max: 100 }),
  activeHoursAgo: fc.double({ min: 0, max: 200, noNaN: true }),
});

describe("fingerprints", () => {
  it("are the same for the same facts whatever the values and the date", () => {
    const reference = findAll(input(config, day(NOW, { diskPct: 85, availableGb: 1, status: 403, restarts: 0, connections: 95, activeHoursAgo: 1 })))
      .map((f) => f.fingerprint)
      .sort();
    expect(reference).toEqual([
      "alert-firing:collect03:InstanceDown/192.168.100.43:9100",
      "container-down:agent01:ollama",
      "disk-pressure:db01:/",
      "feed-http-error:agent01:reddit-sentiment-feed",
      "memory-pressure:db01:memory",
      "no-alerting-rules:mon01:alerting-rules",
      "postgres-connections:db01:connections",
      "unit-failed:db01:backup.service",
    ]);
    fc.assert(
      fc.property(values, fc.integer({ min: -400, max: 4000 }), (v, dayOffset) => {
        const at = new Date(NOW.getTime() + dayOffset * DAY);
        const found = findAll(input(config, day(at, v), { now: at }))
          .map((f) => f.fingerprint)
          .sort();
        expect(found).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });

  it("never hold a digit of a measured value or a date", () => {
    const found = findAll(input(config, day(NOW, { diskPct: 93.7, availableGb: 1.234, status: 503, restarts: 1, connections: 97, activeHoursAgo: 31 })));
    for (const f of found) {
      expect(f.fingerprint).not.toMatch(/93|1\.2|503|97|2026/);
      expect(f.fingerprint).toBe(`${f.kind}:${f.host}:${f.subject}`);
    }
  });

  it("come out most severe first, each once, from an input findAll leaves untouched", () => {
    const observations = [...day(NOW, { diskPct: 85, availableGb: 1, status: 403, restarts: 0, connections: 95, activeHoursAgo: 1 }), feedObs(403)];
    const frozen = structuredClone(observations);
    const found = findAll(input(config, observations));
    expect(observations).toEqual(frozen);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(found.length);
    const order = ["critical", "high", "medium", "low", "info"];
    expect(found.map((f) => order.indexOf(f.severity))).toEqual([...found.map((f) => order.indexOf(f.severity))].sort((a, b) => a - b));
    expect(findAll(input(config, observations))).toEqual(found);
  });
});
