import type { Reason } from "./decision.ts";
import { isSafe } from "./effects.ts";
import { declaredClasses } from "./playbook-steps.ts";
import type { Subject } from "./subject.ts";

/** What kind of change it is, and whether that kind may run without a human. */
export function classRules({ action, context, playbook, effects }: Subject): Reason[] {
  const reasons: Reason[] = [];
  const declared = declaredClasses(playbook);
  const classed = effects.filter((e) => !isSafe(e.effect) && e.effect !== "firewall" && e.effect !== "opaque");
  for (const e of classed) {
    if (!declared.has(e.effect as never)) {
      reasons.push({
        rule: "misclassified",
        detail: `${playbook.id} claims class "${playbook.class}" but \`${clip(e.command)}\` is ${e.effect} (${e.rule}: ${e.detail})`,
        verdict: "deny",
        step: e.step,
      });
    }
  }
  const opaque = effects.filter((e) => e.effect === "opaque");
  const classes = new Set<string>([...declared, ...classed.map((e) => e.effect)]);
  if (action.mode === "unattended") {
    if (classes.size > 0)
      reasons.push({
        rule: "forbidden-unattended",
        detail: `${[...classes].join(", ")} changes are never applied unattended: escalate as a pull request; merging it is the approval`,
        verdict: "escalate",
      });
    for (const e of opaque)
      reasons.push({
        rule: "opaque",
        detail: `\`${clip(e.command)}\` cannot be fully understood (${e.rule}: ${e.detail}): it never runs unattended`,
        verdict: "escalate",
        step: e.step,
      });
    if (playbook.mode === "attended")
      reasons.push({
        rule: "attended-playbook",
        detail: `${playbook.id} is an attended playbook: it requires an approved (merged) pull request`,
        verdict: "escalate",
      });
  } else {
    const approval = context.approval;
    if (!approval)
      reasons.push({ rule: "approval", detail: "an attended change requires an approved (merged) pull request; none was given", verdict: "escalate" });
    else if (approval.approvedHash !== approval.currentHash)
      reasons.push({
        rule: "approval-hash",
        detail: `what would run (${approval.currentHash.slice(0, 12)}) differs from what PR #${approval.pr} approved (${approval.approvedHash.slice(0, 12)})`,
        verdict: "deny",
      });
    else
      reasons.push({
        rule: "approval",
        detail: `approved by merging PR #${approval.pr} at ${approval.mergeCommit.slice(0, 12)}${opaque.length ? ` (${opaque.length} command(s) the classifier could not fully understand, shown in the PR)` : ""}`,
        verdict: "allow",
      });
  }
  for (const risk of context.raisedRisks ?? []) reasons.push({ rule: risk.rule, detail: risk.detail, verdict: "escalate" });
  if (!reasons.some((r) => r.verdict !== "allow"))
    reasons.push({ rule: "class", detail: `class ${playbook.class}${classes.size ? ` (${[...classes].join(", ")})` : ""}, ${action.mode}`, verdict: "allow" });
  return reasons;
}

/** Keeps a command readable inside a one-line reason. */
export function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
