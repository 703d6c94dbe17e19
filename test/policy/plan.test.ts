import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/findings/finding.ts";
import type { PolicyContext } from "../../src/core/policy/decision.ts";
import { plan } from "../../src/core/plan.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { parsers } from "../support/parsers.ts";

const config = await loadTemplateConfig();
const context = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  config,
  now: new Date("2026-11-25T22:00:00Z"),
  cadence: "daily",
  changesToday: 0,
  locks: [],
  killSwitch: { engaged: false },
  parsers,
  ...over,
});
const finding = (over: Partial<Finding>): Finding => ({
  kind: "container-down",
  fingerprint: "container-down:agent01:ollama",
  severity: "high",
  host: "agent01",
  subject: "ollama",
  title: "ollama is down",
  evidence: [{ kind: "state", text: "exited" }],
  ...over,
});
const ollama = finding({ remedy: { playbook: "restart-stateless-container", params: { container: "ollama" } } });
const collector = finding({
  fingerprint: "container-down:agent01:collector-reddit",
  subject: "collector-reddit",
  severity: "medium",
  remedy: { playbook: "restart-stateless-container", params: { container: "collector-reddit" } },
});

describe("plan", () => {
  it("plans nothing on a healthy day", () => {
    expect(plan([], context())).toEqual({ changes: [], escalations: [], held: [], watch: [], decisions: [] });
  });

  it("picks exactly one change, the most valuable, and holds the rest on the budget", () => {
    const result = plan([collector, ollama], context());
    expect(result.changes.map((c) => c.finding.subject)).toEqual(["ollama"]);
    expect(result.held).toEqual([
      {
        finding: collector,
        action: expect.objectContaining({ params: { container: "collector-reddit" } }),
        reason: expect.stringContaining("1 of 1 unattended change(s) already applied"),
      },
    ]);
  });

  describe("with a budget above one (maxChangesPerDay: 2)", () => {
    const two = { ...config, guardrails: { ...config.guardrails, unattended: { ...config.guardrails.unattended, maxChangesPerDay: 2 } } };
    const quote = finding({
      fingerprint: "container-down:agent01:node-exporter",
      subject: "node-exporter",
      severity: "low",
      remedy: { playbook: "restart-stateless-container", params: { container: "node-exporter" } },
    });

    it("picks by priority, a high finding before a medium one, and keeps both: a later choice never overwrites an earlier one", () => {
      const result = plan([collector, ollama], context({ config: two }));
      expect(result.changes.map((c) => [c.finding.subject, c.finding.severity])).toEqual([
        ["ollama", "high"],
        ["collector-reddit", "medium"],
      ]);
      expect(result.changes[1]!.decision.reasons.find((r) => r.rule === "schedule")?.detail).toContain("budget 1/2");
      expect(result.held).toEqual([]);
    });

    it("holds what is over the budget with the reason, and counts what the ledger already has", () => {
      const result = plan([quote, collector, ollama], context({ config: two }));
      expect(result.changes.map((c) => c.finding.subject)).toEqual(["ollama", "collector-reddit"]);
      expect(result.held.map((h) => [h.finding.subject, h.reason])).toEqual([
        ["node-exporter", expect.stringContaining("2 of 2 unattended change(s) already applied")],
      ]);
      const later = plan([collector, ollama], context({ config: two, changesToday: 1 }));
      expect(later.changes.map((c) => c.finding.subject)).toEqual(["ollama"]);
      expect(later.held.map((h) => h.finding.subject)).toEqual(["collector-reddit"]);
    });

    it("never plans the same change twice, and says why the second finding waits", () => {
      const again = finding({
        fingerprint: "container-restart-loop:agent01:ollama",
        kind: "container-restart-loop",
        severity: "medium",
        remedy: { playbook: "restart-stateless-container", params: { container: "ollama" } },
      });
      const result = plan([again, ollama], context({ config: two }));
      expect(result.changes.map((c) => c.finding.fingerprint)).toEqual(["container-down:agent01:ollama"]);
      expect(result.held).toEqual([
        {
          finding: again,
          action: expect.objectContaining({ params: { container: "ollama" } }),
          reason: "the same change (restart-stateless-container on agent01) is already planned for container-down:agent01:ollama",
        },
      ]);
    });
  });

  it("holds every change when the day's budget is spent in the ledger", () => {
    const result = plan([ollama], context({ changesToday: 1 }));
    expect(result.changes).toEqual([]);
    expect(result.held.map((h) => h.finding.subject)).toEqual(["ollama"]);
  });

  it("escalates a finding outside the boundary with its reason, and never plans its remedy", () => {
    const feed = finding({
      kind: "feed-http-error",
      fingerprint: "feed-http-error:agent01:reddit",
      remedy: undefined,
      outsideBoundary: { rule: "judgement", reason: "restarting the collector would not help: the source answers 403" },
    });
    const result = plan([feed], context());
    expect(result.changes).toEqual([]);
    expect(result.decisions).toEqual([]);
    expect(result.escalations).toEqual([{ finding: feed, reason: "restarting the collector would not help: the source answers 403" }]);
  });

  it("escalates an attended-only remedy with the rule, and a refused remedy with the guardrail", () => {
    const growth = finding({
      kind: "database-growth",
      fingerprint: "database-growth:db01:market.ticks",
      host: "db01",
      subject: "market.ticks",
      remedy: { playbook: "timescaledb-compression", params: { table: "ticks", segment_by: "symbol" } },
    });
    const business = finding({
      fingerprint: "container-down:agent01:trading-alpha",
      subject: "trading-alpha",
      remedy: { playbook: "restart-stateless-container", params: { container: "trading-alpha" } },
    });
    const result = plan([growth, business], context());
    expect(result.changes).toEqual([]);
    expect(result.escalations.map((e) => [e.finding.subject, e.reason])).toEqual([
      [
        "trading-alpha",
        'the remedy is refused by the trust boundary: trading-alpha on agent01 is business logic (protected.services of agent01: "trading-*", any case): never a target; restart-stateless-container claims class "reversible" but `docker restart trading-alpha` is stateful-restart (docker restart: trading-alpha is not declared stateless on this host); restart-stateless-container claims class "reversible" but `docker start trading-alpha` is stateful-restart (docker start: trading-alpha is not declared stateless on this host)',
      ],
      [
        "market.ticks",
        "data, schema changes are never applied unattended: escalate as a pull request; merging it is the approval; timescaledb-compression is an attended playbook: it requires an approved (merged) pull request",
      ],
    ]);
  });

  it("keeps low findings on watch and escalates serious ones that no playbook remedies", () => {
    const low = finding({ severity: "low", fingerprint: "memory:agent01:ram", kind: "memory-pressure" });
    const serious = finding({ severity: "critical", fingerprint: "host-unreachable:nas01:ssh", kind: "host-unreachable", host: "nas01" });
    const result = plan([low, serious], context());
    expect(result.watch).toEqual([low]);
    expect(result.escalations).toEqual([{ finding: serious, reason: "no playbook in the catalogue remedies this; it needs a person" }]);
  });

  it("holds a change inside a busy period and under the kill switch", () => {
    expect(plan([ollama], context({ killSwitch: { engaged: true, reason: "STOP" } })).held[0]?.reason).toContain("kill switch");
    expect(plan([ollama], context({ locks: [{ host: "agent01", reason: "attended change B-0002 open", ref: "#4" }] })).held[0]?.reason).toBe(
      "held: attended change B-0002 open (#4)",
    );
  });
});
