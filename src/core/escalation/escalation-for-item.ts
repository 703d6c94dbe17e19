import type { OpsConfig } from "../../config/ops-config.ts";
import type { PlaybookStep } from "../../config/schemas/playbook.ts";
import type { BacklogItem } from "../ledger/index.ts";
import type { PlannedEscalation } from "../plan.ts";
import { renderChangePlan } from "./render-change-plan.ts";
import type { Escalation } from "./render-escalation-body.ts";

/**
 * The escalation PR's content for a backlog item the review escalated: the item's dated evidence and
 * options, and — when the plan names an action whose playbook renders for the host — the change
 * request and its exact plan. A plan that does not render is not offered (the reason says why).
 */
export function escalationForItem(item: BacklogItem, planned: PlannedEscalation, config: OpsConfig, day: string, ledgerUrl: string): Escalation {
  const base: Escalation = {
    backlogId: item.id,
    title: item.title,
    reason: planned.reason,
    evidence: item.evidence.map((e) => ({ date: e.date, text: e.text })),
    options: item.options.map((o) => ({ title: o.title, tradeoffs: o.tradeoffs })),
    blastRadius: [`${planned.finding.host}: ${planned.finding.subject}`],
    rollbackCost: "No change is proposed, so there is nothing to roll back.",
    ledgerUrl,
    updated: day,
  };
  const action = planned.action;
  if (!action) return base;
  const changeRequest = { backlogId: item.id, playbook: action.playbook, host: action.host, params: action.params };
  const rendered = renderChangePlan(config, changeRequest);
  if (!rendered.ok)
    return { ...base, reason: `${planned.reason}. The playbook ${action.playbook} does not render for ${action.host}: ${rendered.problems.join("; ")}` };
  const playbook = config.playbooks.find((p) => p.id === action.playbook)!;
  const notes = [...playbook.steps.snapshot, ...playbook.steps.rollback].map(noteOf).filter((n): n is string => Boolean(n));
  return {
    ...base,
    changeRequest,
    plan: rendered.plan,
    blastRadius: [`${action.host}: ${playbook.title} (${playbook.class}${playbook.touches.length > 0 ? `; touches ${playbook.touches.join(", ")}` : ""})`],
    rollbackCost:
      notes.length > 0 ? notes.map((n) => `- ${n}`).join("\n") : `The rollback steps of ${playbook.id} above; the snapshot is taken before anything changes.`,
  };
}

function noteOf(step: PlaybookStep): string | undefined {
  return step.note;
}
