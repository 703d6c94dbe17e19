import { decide } from "../policy/decide.ts";
import type { Action, Decision, PolicyContext, Verdict } from "../policy/decision.ts";
import type { AgentAnswer } from "./agent-answer.ts";

const SEVERITY: Record<Verdict, number> = { allow: 0, escalate: 1, deny: 2 };

/** The agent's risks that concern this action (or no action in particular), as raised risks. */
export function agentRisks(answer: AgentAnswer, action: Action): NonNullable<PolicyContext["raisedRisks"]> {
  return answer.risks
    .filter((r) => (r.playbook === undefined || r.playbook === action.playbook) && (r.host === undefined || r.host === action.host))
    .map((r) => ({ rule: "agent-risk", detail: `the agent raised a risk: ${r.detail}` }));
}

/**
 * The policy decision with the agent's say merged in: its risks are added to the context (they can
 * only escalate), and the result is never more permissive than the decision without the agent —
 * checked here, not assumed, so no future rule can let an agent's words grant anything.
 */
export function decideWithAgent(action: Action, context: PolicyContext, answer: AgentAnswer | undefined): Decision {
  const base = decide(action, context);
  if (!answer) return base;
  const risks = agentRisks(answer, action);
  if (risks.length === 0) return base;
  const merged = decide({ ...action }, { ...context, raisedRisks: [...(context.raisedRisks ?? []), ...risks] });
  return SEVERITY[merged.verdict] >= SEVERITY[base.verdict] ? merged : base;
}

/** An agent's pick, as an action: it gets the rights of a rule's proposal and no more. */
export function pickAction(pick: AgentAnswer["picks"][number]): Action {
  return { playbook: pick.playbook, host: pick.host, params: pick.params, mode: "unattended", source: "agent" };
}
