import { createAgentClient, type AgentClient } from "../../adapters/agent-client.ts";
import type { OpsConfig } from "../../config/ops-config.ts";
import type { AgentAnswer } from "../../core/agent/agent-answer.ts";
import type { AgentNotes } from "../../core/agent/render-agent-notes.ts";
import { decideWithAgent, pickAction } from "../../core/agent/stricter-only.ts";
import { catalogueOf } from "../../core/agent/validate-answer.ts";
import type { PolicyContext } from "../../core/policy/decision.ts";
import { createLogger } from "../../log.ts";

/**
 * Asks the configured agent once, when `agent.enabled`; its picks pass the policy like anyone's and
 * are reported, never applied (the rules' plan is what runs; the agent's risks can only stop it). Undefined when no agent is
 * configured: the entry then carries no agent section at all.
 */
export async function askAgent(
  config: OpsConfig,
  cadence: "daily" | "weekly" | "research",
  facts: unknown,
  findings: string[],
  context: Omit<PolicyContext, "cadence">,
  env: NodeJS.ProcessEnv,
  client?: AgentClient,
): Promise<{ answer?: AgentAnswer; notes: AgentNotes } | undefined> {
  if (!config.guardrails.agent.enabled && !client) return undefined;
  const agent = client ?? createAgentClient(config.guardrails.agent, { env, log: createLogger() });
  const outcome = await agent.ask(cadence, facts, catalogueOf(config, findings));
  if (!outcome.ok) return { notes: { fallback: outcome.reason, dropped: [], picks: [] } };
  const picks = outcome.answer.picks.map((pick) => {
    const decision = decideWithAgent(pickAction(pick), { ...context, cadence }, outcome.answer);
    const why = decision.reasons
      .filter((r) => r.verdict === decision.verdict)
      .map((r) => r.detail)
      .join("; ");
    return `pick ${pick.playbook} on ${pick.host}: the policy says ${decision.verdict} — ${why} (a proposal only: the agent's picks are never applied)`;
  });
  return { answer: outcome.answer, notes: { summary: outcome.answer.summary, dropped: outcome.dropped, picks } };
}
