import { BACKLOG_FILE } from "../../core/ledger/backlog.ts";
import { changeRequestPath, renderChangeRequest } from "../../core/escalation/change-request.ts";
import { escalationBranch } from "../../core/escalation/markers.ts";
import { renderEscalationBody, type Escalation } from "../../core/escalation/render-escalation-body.ts";
import type { Forge } from "./forge.ts";
import type { LabelSpec } from "./issues.ts";

export const ESCALATION_LABEL: LabelSpec = {
  name: "rounds:escalation",
  color: "d93f0b",
  description: "Rounds needs a human decision: merge to approve, close or /drop to decline",
};
export const IDEA_LABEL: LabelSpec = { name: "rounds:idea", color: "0e8a16", description: "A Rounds research idea: /accept or /reject <reason>" };

export type EscalationResult =
  | { outcome: "created" | "updated" | "unchanged"; pr: { number: number; url: string } }
  | { outcome: "refused-human-commits"; pr: { number: number; url: string }; humans: string[] };

/**
 * The escalation pull request for one backlog item: branch `rounds/B-NNNN` holding the BACKLOG as
 * the review wrote it and, when a playbook fits, `changes/B-NNNN.yml`; the PR body rendered from
 * the evidence. A later review updates the same PR; a branch a person committed to is left alone
 * and the PR gets a comment instead.
 */
export async function ensureEscalation(
  forge: Forge,
  request: {
    escalation: Escalation;
    base: string;
    botLogin: string;
    /** BACKLOG.md with the item, when the item itself is part of the proposal. */ backlogText?: string;
  },
): Promise<EscalationResult> {
  const { escalation } = request;
  const branch = escalationBranch(escalation.backlogId);
  const files = request.backlogText === undefined ? [] : [{ path: BACKLOG_FILE, content: request.backlogText }];
  if (escalation.changeRequest) files.push({ path: changeRequestPath(escalation.backlogId), content: renderChangeRequest(escalation.changeRequest) });
  await forge.ensureLabels([ESCALATION_LABEL]);
  const pushed = await forge.ensureBranchWithFiles({
    branch,
    base: request.base,
    files,
    message: `${escalation.backlogId}: ${escalation.title}`,
    botLogin: request.botLogin,
  });
  const title = `${escalation.backlogId}: ${escalation.title}`;
  const pr = await forge.ensurePullRequest({ branch, base: request.base, title, body: renderEscalationBody(escalation), labels: [ESCALATION_LABEL.name] });
  if (pushed.outcome === "refused-human-commits") {
    // Said once per new body, not on every run that finds the branch unchanged.
    if (pr.outcome !== "unchanged")
      await forge.comment(
        pr.number,
        `Rounds did not update \`${branch}\`: it has commits by ${pushed.humans.map((h) => `@${h}`).join(", ")}, and a person's work is never force-pushed away. The description above carries the latest evidence; merge, close, or push the files yourself.`,
      );
    return { outcome: "refused-human-commits", pr: { number: pr.number, url: pr.url }, humans: pushed.humans };
  }
  const outcome = pushed.outcome === "unchanged" ? pr.outcome : pr.outcome === "created" ? "created" : "updated";
  return { outcome, pr: { number: pr.number, url: pr.url } };
}
