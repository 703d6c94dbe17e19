import type { Plan } from "../plan.ts";
import type { PolicyContext } from "../policy/decision.ts";
import type { AgentAnswer } from "./agent-answer.ts";
import { decideWithAgent } from "./stricter-only.ts";

/**
 * The rules' plan with the agent's risks applied: each planned change is decided again with them,
 * and one that is no longer "allow" becomes an escalation carrying the agent's reasons. Nothing
 * else moves: the agent can take a change away from the bot, never add one.
 */
export function withAgentRisks(plan: Plan, context: PolicyContext, answer: AgentAnswer | undefined): Plan {
  if (plan.changes.length === 0 || !answer) return plan;
  const kept: Plan["changes"] = [];
  const escalations: Plan["escalations"] = [];
  const decisions: Plan["decisions"] = [];
  for (const change of plan.changes) {
    const decision = decideWithAgent(change.action, { ...context, changesToday: context.changesToday + kept.length }, answer);
    decisions.push({ action: change.action, decision });
    if (decision.verdict === "allow") kept.push(change);
    else
      escalations.push({
        finding: change.finding,
        reason: decision.reasons
          .filter((r) => r.verdict === decision.verdict)
          .map((r) => r.detail)
          .join("; "),
        action: change.action,
        decision,
      });
  }
  if (kept.length === plan.changes.length) return plan;
  return { ...plan, changes: kept, escalations: [...escalations, ...plan.escalations], decisions: [...plan.decisions, ...decisions] };
}
