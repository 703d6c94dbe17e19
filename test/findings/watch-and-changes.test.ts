import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import type { WatchItem } from "../../src/core/findings/findings-input.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { DAY, NOW, ago, input, promObs } from "./fixtures.ts";

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig();
});

const rules: WatchItem = {
  id: "W-0001",
  fingerprint: "no-alerting-rules:mon01:alerting-rules",
  description: "minimal alerting ruleset installed on mon01",
  since: ago(DAY),
  playbook: "prometheus-alert-rules",
  check: {
    ok: true,
    at: NOW.toISOString(),
    steps: [
      { text: "prometheus_config_last_reload_successful == 1", ok: true },
      { text: "rules loaded == 4", ok: true },
    ],
  },
};

describe("a previous change no longer holding", () => {
  it("a failing re-verification is a high finding that lists the failed steps", () => {
    const broken: WatchItem = {
      ...rules,
      check: {
        ok: false,
        at: NOW.toISOString(),
        steps: [
          { text: "prometheus_config_last_reload_successful == 1", ok: true },
          { text: "rules loaded == 4", ok: false, detail: "got 0" },
        ],
      },
    };
    const [f] = findAll(input(config, [promObs()], { watchItems: [broken] }));
    expect(f).toMatchObject({ kind: "change-not-holding", severity: "high", host: "mon01", fingerprint: "change-not-holding:mon01:W-0001" });
    expect(f!.evidence.map((e) => e.text)).toEqual([
      `watching no-alerting-rules:mon01:alerting-rules since ${ago(DAY)} (playbook prometheus-alert-rules)`,
      "rules loaded == 4: got 0",
    ]);
  });
});

describe("watch items", () => {
  it("a holding change is re-checked and said so, day N of the configured days", () => {
    const [f] = findAll(input(config, [promObs()], { watchItems: [rules] }));
    expect(f).toMatchObject({ kind: "watch-item-open", severity: "info", fingerprint: "watch-item-open:mon01:W-0001", since: ago(DAY) });
    expect(f!.title).toBe(`W-0001: minimal alerting ruleset installed on mon01 — holding, day 1 of ${config.guardrails.reverifyDays}`);
    expect(f!.evidence.find((e) => e.kind === "held")).toMatchObject({ value: 1, unit: "days" });
    expect(f!.evidence.some((e) => e.kind === "ready-to-close")).toBe(false);
  });

  it("after the configured days it says it is ready to close; closing is the planner's call", () => {
    const old = { ...rules, since: ago(config.guardrails.reverifyDays * DAY) };
    const [f] = findAll(input(config, [promObs()], { watchItems: [old] }));
    expect(f!.evidence.find((e) => e.kind === "ready-to-close")).toBeDefined();
    expect(f!.title).toMatch(/held, ready to close$/);
  });

  it("a watched condition still present keeps the item open, however old", () => {
    const condition: WatchItem = {
      id: "W-0002",
      fingerprint: "no-alerting-rules:mon01:alerting-rules",
      description: "no alerting rules",
      since: ago(10 * DAY),
    };
    const found = findAll(input(config, [promObs({ alertingRules: 0, ruleGroups: [] })], { watchItems: [condition] }));
    const watch = found.find((f) => f.kind === "watch-item-open")!;
    expect(watch).toMatchObject({ severity: "low", host: "mon01" });
    expect(watch.title).toMatch(/still present$/);
    expect(found.find((f) => f.kind === "no-alerting-rules")).toBeDefined();
  });

  it("takes the host from the item when given, from the watched fingerprint otherwise", () => {
    const [f] = findAll(
      input(config, [], { watchItems: [{ id: "W-0003", fingerprint: "anything", description: "note", since: NOW.toISOString(), host: "nas01" }] }),
    );
    expect(f!.host).toBe("nas01");
  });
});
