import type { Plan } from "../plan.ts";
import type { PolicyContext } from "../policy/decision.ts";
import type { AgentAnswer } from "./agent-answer.ts";
import { decideWithAgent } from "./stricter-only.ts";

/**
 * The rules' plan with the agent's risks applied: the one planned change is decided again with
 * them, and when that is no longer "allow" it becomes an escalation carrying the agent's reasons.
 * Nothing else moves: the agent can take a change away from the bot, never add one.
 */
export function withAgentRisks(plan: Plan, context: PolicyContext, answer: AgentAnswer | undefined): Plan {
  if (!plan.change || !answer) return plan;
  const { finding, action } = plan.change;
  const decision = decideWithAgent(action, context, answer);
  if (decision.verdict === "allow") return plan;
  const reason = decision.reasons.filter((r) => r.verdict === decision.verdict).map((r) => r.detail).join("; ");
  const { change: _dropped, ...rest } = plan;
  return { ...rest, escalations: [{ finding, reason, action, decision }, ...plan.escalations], decisions: [...plan.decisions, { action, decision }] };
}
