import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/policy/decide.ts";
import { plan } from "../../src/core/plan.ts";
import type { Finding } from "../../src/core/findings/finding.ts";
import { withAgentRisks } from "../../src/core/agent/stricter-plan.ts";
import type { Action, PolicyContext, Verdict } from "../../src/core/policy/decision.ts";
import { agentAnswerSchema } from "../../src/core/agent/agent-answer.ts";
import { decideWithAgent, pickAction } from "../../src/core/agent/stricter-only.ts";
import { catalogueOf, validateAnswer } from "../../src/core/agent/validate-answer.ts";
import { ANSWERS } from "./agent-lab.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { parsers } from "../support/parsers.ts";

const SEVERITY: Record<Verdict, number> = { allow: 0, escalate: 1, deny: 2 };
const FINDING = "container-down:agent01:collector-reddit";
// Tuesday 18:00 in New York: inside the template's unattended window.
const NOW = new Date("2026-11-24T23:00:00Z");

async function context(cadence: PolicyContext["cadence"] = "daily"): Promise<PolicyContext> {
  return { config: await loadTemplateConfig(), now: NOW, cadence, changesToday: 0, locks: [], killSwitch: { engaged: false }, parsers };
}

const ACTIONS: Action[] = [
  { playbook: "restart-stateless-container", host: "agent01", params: { container: "collector-reddit" }, mode: "unattended", source: "agent" },
  { playbook: "restart-stateless-container", host: "agent01", params: { container: "trading-alpha" }, mode: "unattended", source: "agent" },
  { playbook: "restart-stateless-container", host: "fw01", params: { container: "pf" }, mode: "unattended", source: "agent" },
  { playbook: "vacuum-full-everything", host: "db01", params: {}, mode: "unattended", source: "agent" },
];

describe("the agent can only make a decision stricter", () => {
  it("a rule's allowed restart stays allowed without risks, and is escalated by a risk the agent raises", async () => {
    const ctx = await context();
    const validated = validateAnswer(ANSWERS.good, catalogueOf(ctx.config, [FINDING]));
    if (!validated.ok) throw new Error(validated.reason);
    const action = pickAction(validated.answer.picks[0]!);
    expect(decide(action, ctx).verdict).toBe("allow");
    const merged = decideWithAgent(action, ctx, validated.answer);
    expect(merged.verdict).toBe("escalate");
    expect(merged.reasons[0]).toMatchObject({ rule: "agent-risk", detail: expect.stringContaining("restarted twice") });
  });

  it("hostile answers never change what the policy allows: protected host, invented playbook, business container", async () => {
    const ctx = await context();
    for (const raw of [ANSWERS.protectedHost, ANSWERS.inventedPlaybook, ANSWERS.businessContainer]) {
      const parsed = agentAnswerSchema.parse(JSON.parse(raw));
      for (const pick of parsed.picks) {
        const decision = decideWithAgent(pickAction(pick), ctx, parsed);
        expect(decision.verdict).toBe("deny");
      }
    }
  });

  it("every pick is denied in the research cadence, whatever the agent says", async () => {
    const ctx = await context("research");
    const parsed = agentAnswerSchema.parse(JSON.parse(ANSWERS.good));
    const decision = decideWithAgent(pickAction(parsed.picks[0]!), ctx, parsed);
    expect(decision.verdict).toBe("deny");
    expect(decision.reasons.map((r) => r.rule)).toContain("research-cadence");
  });

  it("for any risks an agent raises, on any catalogue action, the verdict is never more permissive (property)", async () => {
    const ctx = await context();
    const risk = fc.record({
      playbook: fc.option(fc.constantFrom("restart-stateless-container", "vacuum-full-everything"), { nil: undefined }),
      host: fc.option(fc.constantFrom("agent01", "db01", "fw01"), { nil: undefined }),
      detail: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
    });
    fc.assert(
      fc.property(
        fc.array(risk, { maxLength: 4 }),
        fc.constantFrom(...ACTIONS),
        fc.constantFrom<PolicyContext["cadence"]>("daily", "weekly", "research"),
        (risks, action, cadence) => {
          const answer = agentAnswerSchema.parse({
            summary: "s",
            risks: risks.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
          });
          const c = { ...ctx, cadence };
          return SEVERITY[decideWithAgent(action, c, answer).verdict] >= SEVERITY[decide(action, c).verdict];
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the agent's risk takes the rules' planned change away as an escalation; without risks the plan is untouched", async () => {
    const ctx = await context();
    const finding: Finding = {
      kind: "container-down",
      fingerprint: FINDING,
      severity: "high",
      host: "agent01",
      subject: "collector-reddit",
      title: "collector-reddit is down",
      evidence: [],
      service: { kind: "container", name: "collector-reddit" },
      remedy: { playbook: "restart-stateless-container", params: { container: "collector-reddit" } },
    };
    const rules = plan([finding], ctx);
    expect(rules.changes.map((c) => c.action.playbook)).toEqual(["restart-stateless-container"]);
    expect(withAgentRisks(rules, ctx, agentAnswerSchema.parse({ summary: "fine" }))).toBe(rules);
    const risky = withAgentRisks(
      rules,
      ctx,
      agentAnswerSchema.parse({ summary: "careful", risks: [{ playbook: "restart-stateless-container", detail: "the collector holds an unflushed buffer" }] }),
    );
    expect(risky.changes).toEqual([]);
    expect(risky.escalations[0]).toMatchObject({
      finding: { fingerprint: FINDING },
      reason: "the agent raised a risk: the collector holds an unflushed buffer",
    });
  });
});
