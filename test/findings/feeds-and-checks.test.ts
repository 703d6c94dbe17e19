import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { HOUR, NOW, ago, feedObs, input } from "./fixtures.ts";

/** The template plus a playbook that restarts the collector when its feed errors: the trap the judgement must not walk into. */
const RESTART_COLLECTOR = `id: restart-collector
title: Restart the feed collector
class: reversible
mode: unattended
remedies: feed-http-error
targets: { hosts: [agent01] }
parameters:
  container: { type: container, default: collector-reddit }
steps:
  snapshot: [{ ssh: "docker inspect {{container}} > {{snapshot_dir}}/inspect.json" }]
  apply: [{ ssh: "docker restart {{container}}" }]
  verify: [{ ssh: "docker inspect {{container}}" }]
  rollback: [{ ssh: "docker start {{container}}" }]
`;

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig((files) => {
    files["playbooks/restart-collector.yml"] = RESTART_COLLECTOR;
  });
});

describe("HTTP feeds", () => {
  it.each([401, 403])("a feed answering %d is escalated with the reason a restart would not help, and no restart is offered", (status) => {
    const [f] = findAll(input(config, [feedObs(status)]));
    expect(f).toMatchObject({ kind: "feed-http-error", fingerprint: "feed-http-error:agent01:reddit-sentiment-feed", severity: "high" });
    expect(f!.remedy).toBeUndefined();
    expect(f!.outsideBoundary).toEqual({
      rule: "judgement: server-side rejection",
      reason: `the source rejects our requests (HTTP ${status}): restarting the collector would not help — a server-side rejection is not cured by a client-side restart; API credentials are the operator's call`,
    });
  });

  it.each([
    [404, /no longer serves this address/],
    [410, /no longer serves this address/],
    [429, /rate-limiting us .* may make it worse/],
  ])("a feed answering %d is the source's decision too: no restart, and the reason says why", (status, reason) => {
    const [f] = findAll(input(config, [feedObs(status)]));
    expect(f!.remedy).toBeUndefined();
    expect(f!.outsideBoundary!.reason).toMatch(reason);
  });

  it("a feed answering 503 is not a rejection: the matching restart playbook is offered and the policy decides", () => {
    const [f] = findAll(input(config, [feedObs(503)]));
    expect(f).toMatchObject({ kind: "feed-http-error", remedy: { playbook: "restart-collector", params: {} } });
    expect(f!.outsideBoundary).toBeUndefined();
  });

  it("says how long the feed has been failing, from the history, and when it was last fine", () => {
    const history = [
      { at: ago(40 * HOUR), observations: [feedObs(200, ago(40 * HOUR))] },
      { at: ago(31 * HOUR), observations: [feedObs(403, ago(31 * HOUR))], reviewed: false },
      { at: ago(7 * HOUR), observations: [feedObs(403, ago(7 * HOUR))], reviewed: false },
    ];
    const [f] = findAll(input(config, [feedObs(403)], { history }));
    expect(f!.since).toBe(ago(31 * HOUR));
    expect(f!.detectedAt).toBe(NOW.toISOString());
    // The title never freezes a duration: the evidence line says how long, as of the day it was written.
    expect(f!.title).toBe("reddit-sentiment-feed answers HTTP 403 (expected 200)");
    expect(f!.evidence.at(-1)).toEqual({
      kind: "duration",
      text: `failing for 31 h, since ${ago(31 * HOUR)}; last seen fine ${ago(40 * HOUR)}`,
      value: 31,
      unit: "h",
    });
  });

  it("a run that did not look at the host neither ends nor extends the streak; one that saw it fine ends it", () => {
    const other: Observation = { kind: "fault", probe: "ssh", at: ago(20 * HOUR), host: "collect01", fault: { kind: "timeout", message: "timeout" } };
    const history = [
      { at: ago(30 * HOUR), observations: [feedObs(403, ago(30 * HOUR))] },
      { at: ago(20 * HOUR), observations: [other] },
      { at: ago(10 * HOUR), observations: [feedObs(403, ago(10 * HOUR))] },
    ];
    expect(findAll(input(config, [feedObs(403)], { history }))[0]!.since).toBe(ago(30 * HOUR));
    const healed = [...history, { at: ago(5 * HOUR), observations: [feedObs(200, ago(5 * HOUR))] }];
    expect(findAll(input(config, [feedObs(403)], { history: healed }))[0]!.since).toBe(NOW.toISOString());
  });

  it("a feed that does not answer at all is unreachable, from the check result or a fault", () => {
    expect(findAll(input(config, [feedObs(null)]))).toMatchObject([
      { kind: "feed-unreachable", fingerprint: "feed-unreachable:agent01:reddit-sentiment-feed" },
    ]);
    const fault: Observation = {
      kind: "fault",
      probe: "check",
      check: "reddit-sentiment-feed",
      at: NOW.toISOString(),
      host: "agent01",
      fault: { kind: "timeout", message: "no answer in 10000 ms" },
    };
    expect(findAll(input(config, [fault]))).toMatchObject([
      { kind: "feed-unreachable", evidence: [{ text: "GET https://www.reddit.com/r/stocks/new.json: timeout: no answer in 10000 ms" }] },
    ]);
  });

  it("a feed answering what it should is not a finding", () => {
    expect(findAll(input(config, [feedObs(200)]))).toEqual([]);
  });
});

describe("custom checks", () => {
  const ingest = (values: number[], extra: object = {}): Observation => ({
    kind: "check",
    at: NOW.toISOString(),
    host: "db01",
    check: "ingest-rate",
    result: { type: "prometheus", query: "sum(rate(market_rows_ingested_total[1h])) * 3600", values: values.map((value) => ({ labels: {}, value })), ...extra },
  });

  it("a value on the breaching side of the inventory's threshold is a breach, dated by the probe's range query", () => {
    const [f] = findAll(input(config, [ingest([42_000], { breach: { op: "<", value: 100_000 }, breached: true, breachedSince: ago(5 * HOUR) })]));
    expect(f).toMatchObject({
      kind: "check-breach",
      fingerprint: "check-breach:db01:ingest-rate",
      severity: "medium",
      since: ago(5 * HOUR),
      evidence: [{ kind: "value", value: 42_000 }, { kind: "duration" }],
    });
  });

  it("takes the threshold from inventory.yml when the observation does not carry it", () => {
    expect(findAll(input(config, [ingest([600_000])]))).toEqual([]);
    expect(findAll(input(config, [ingest([99_999])]))).toMatchObject([{ kind: "check-breach" }]);
  });

  it("no data is its own, low finding: silence is not health", () => {
    expect(findAll(input(config, [ingest([])]))).toMatchObject([{ kind: "check-no-data", severity: "low" }]);
  });

  it("a check that could not run is reported as such", () => {
    const fault: Observation = {
      kind: "fault",
      probe: "check",
      check: "ingest-rate",
      at: NOW.toISOString(),
      host: "db01",
      fault: { kind: "error", message: "bad_data: parse error" },
    };
    expect(findAll(input(config, [fault]))).toMatchObject([{ kind: "check-failed", subject: "ingest-rate" }]);
  });
});
