import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { attachRemedy } from "../../src/core/findings/attach-remedy.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import type { Finding } from "../../src/core/findings/finding.ts";
import { ALERT_PAGING_GAP, selfCritique } from "../../src/core/judgement/self-critique.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { HOUR, NOW, ago, container, feedObs, hostObs, input } from "./fixtures.ts";

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig((files) => {
    // fw01 gets a host probe and a restart playbook that would match it: the guardrail must still win.
    files["inventory.yml"] = files["inventory.yml"]!.replace(
      "probes: { host: false } }",
      "probes: { host: true, docker: true }, services: [{ name: proxy, kind: container, stateless: true }] }",
    );
    files["playbooks/restart-stateless-container.yml"] = files["playbooks/restart-stateless-container.yml"]!.replace(
      "roles: [docker, postgres]",
      "roles: [docker, postgres, firewall]",
    );
  });
});

describe("judgement about what not to do", () => {
  it("a protected host's failure is reported, never remedied, and the reason names the guardrail", () => {
    const [f] = findAll(input(config, [hostObs("fw01", { containers: [container("proxy", "exited")] })]));
    expect(f).toMatchObject({ kind: "container-down", host: "fw01" });
    // Without the guardrail a playbook would match: the judgement, not a missing playbook, keeps it away.
    expect(attachRemedy({ ...f!, params: { container: "proxy" } }, config)).toEqual({
      playbook: "restart-stateless-container",
      params: { container: "proxy" },
    });
    expect(f!.remedy).toBeUndefined();
    expect(f!.outsideBoundary).toEqual({
      rule: "protected.hosts",
      reason: "fw01 is a protected host (guardrails.yml protected.hosts): its failures are reported, never remedied by Rounds — a person handles them",
    });
  });

  it("a business-logic container is reported, never restarted, with the pattern that protects it", () => {
    const [f] = findAll(input(config, [hostObs("agent01", { containers: [container("trading-alpha", "exited")] })]));
    expect(f!.remedy).toBeUndefined();
    expect(f!.outsideBoundary).toMatchObject({ rule: "protected.services.agent01" });
    expect(f!.outsideBoundary!.reason).toContain('"trading-*"');
  });

  it("the same failure on an unprotected stateless container keeps its remedy", () => {
    const [f] = findAll(input(config, [hostObs("agent01", { containers: [container("collector-reddit", "exited")] })]));
    expect(f).toMatchObject({ remedy: { playbook: "restart-stateless-container", params: { container: "collector-reddit" } } });
    expect(f!.outsideBoundary).toBeUndefined();
  });
});

describe("self-critique", () => {
  const feed31h = () =>
    findAll(input(config, [feedObs(403)], { history: [{ at: ago(31 * HOUR), observations: [feedObs(403, ago(31 * HOUR))], reviewed: false }] }));

  it("a 31 h feed outage found by today's review is evidence for alert paging (the ledger gives it its exhibit label)", () => {
    expect(selfCritique(feed31h(), config.guardrails.detectionLatencyHours, NOW)).toEqual([
      {
        backlogFingerprint: ALERT_PAGING_GAP,
        fingerprint: "feed-http-error:agent01:reddit-sentiment-feed",
        key: `feed-http-error:agent01:reddit-sentiment-feed@${ago(31 * HOUR)}`,
        date: "2026-11-20",
        text: "2026-11-20: a 31 h feed outage (reddit-sentiment-feed, HTTP 403) went unnoticed by alerting",
        value: 31,
        unit: "h",
      },
    ]);
  });

  it("dates the line in the guardrails' time zone", () => {
    const [line] = selfCritique(feed31h(), 4, NOW, { timeZone: "Asia/Tokyo" });
    expect(line!.text).toBe("2026-11-21: a 31 h feed outage (reddit-sentiment-feed, HTTP 403) went unnoticed by alerting");
  });

  it("the next day's review of the same outage gives the same line, so the ledger appends it once", () => {
    const tomorrow = new Date(NOW.getTime() + 24 * HOUR);
    const history = [
      { at: ago(31 * HOUR), observations: [feedObs(403, ago(31 * HOUR))], reviewed: false },
      { at: NOW.toISOString(), observations: [feedObs(403)] },
    ];
    const later = findAll(input(config, [feedObs(403, tomorrow.toISOString())], { history, now: tomorrow }));
    expect(later[0]!.detectedAt).toBe(NOW.toISOString());
    expect(selfCritique(later, 4, tomorrow)).toEqual(selfCritique(feed31h(), 4, NOW));
  });

  it("a failure found within the target, or one the review itself saw start, is no evidence", () => {
    const quick = findAll(input(config, [feedObs(403)], { history: [{ at: ago(3 * HOUR), observations: [feedObs(403, ago(3 * HOUR))], reviewed: false }] }));
    expect(selfCritique(quick, 4, NOW)).toEqual([]);
    expect(selfCritique(findAll(input(config, [feedObs(403)])), 4, NOW)).toEqual([]);
  });

  it("ignores trends, watch items and low findings, however old", () => {
    const base: Finding = {
      kind: "disk-growth",
      fingerprint: "disk-growth:nas01:/",
      severity: "medium",
      host: "nas01",
      subject: "/",
      title: "",
      evidence: [],
      since: ago(100 * HOUR),
      detectedAt: NOW.toISOString(),
    };
    const findings: Finding[] = [
      { ...base, forecast: { kind: "not-rising", ratePerDay: 0, points: 4 } },
      { ...base, kind: "watch-item-open", severity: "info" },
      { ...base, kind: "check-no-data", severity: "low" },
    ];
    expect(selfCritique(findings, 4, NOW)).toEqual([]);
    expect(selfCritique([{ ...base, kind: "container-down", fingerprint: "container-down:nas01:x", subject: "x" }], 4, NOW)[0]!.text).toBe(
      "2026-11-20: a 100 h container outage (x, nas01) went unnoticed by alerting",
    );
  });
});
