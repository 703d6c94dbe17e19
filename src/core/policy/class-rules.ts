import { ALWAYS_FORBIDDEN } from "../../config/schemas/guardrails.ts";
import type { Reason } from "./decision.ts";
import { declaredClasses } from "./detect-effects.ts";
import type { Subject } from "./subject.ts";

/** What kind of change it is, and whether that kind may run without a human. */
export function classRules({ action, context, playbook, effects }: Subject): Reason[] {
  const reasons: Reason[] = [];
  const declared = declaredClasses(playbook);
  for (const e of effects) {
    if (e.effect !== "firewall" && !declared.has(e.effect)) {
      reasons.push({ rule: "misclassified", detail: `${playbook.id} claims class "${playbook.class}" but a rendered command matches ${e.pattern} (${e.effect})`, verdict: "deny" });
    }
  }
  const classes = new Set([...declared, ...effects.flatMap((e) => (e.effect === "firewall" ? [] : [e.effect]))]);
  if (action.mode === "unattended") {
    const forbidden = [...classes].filter((c) => ALWAYS_FORBIDDEN.includes(c) || context.config.guardrails.unattended.forbidden.includes(c));
    if (forbidden.length > 0) reasons.push({ rule: "forbidden-unattended", detail: `${forbidden.join(", ")} changes are never applied unattended: escalate as a pull request; merging it is the approval`, verdict: "escalate" });
    if (playbook.mode === "attended") reasons.push({ rule: "attended-playbook", detail: `${playbook.id} is an attended playbook: it requires an approved (merged) pull request`, verdict: "escalate" });
  } else {
    const approval = context.approval;
    if (!approval) reasons.push({ rule: "approval", detail: "an attended change requires an approved (merged) pull request; none was given", verdict: "escalate" });
    else if (approval.approvedHash !== approval.currentHash) reasons.push({ rule: "approval-hash", detail: `what would run (${approval.currentHash.slice(0, 12)}) differs from what PR #${approval.pr} approved (${approval.approvedHash.slice(0, 12)})`, verdict: "deny" });
    else reasons.push({ rule: "approval", detail: `approved by merging PR #${approval.pr} at ${approval.mergeCommit.slice(0, 12)}`, verdict: "allow" });
  }
  for (const risk of context.raisedRisks ?? []) reasons.push({ rule: risk.rule, detail: risk.detail, verdict: "escalate" });
  if (!reasons.some((r) => r.verdict !== "allow")) reasons.push({ rule: "class", detail: `class ${playbook.class}${classes.size ? ` (${[...classes].join(", ")})` : ""}, ${action.mode}`, verdict: "allow" });
  return reasons;
}
