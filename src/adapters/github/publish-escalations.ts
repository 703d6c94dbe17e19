import type { OpsConfig } from "../../config/ops-config.ts";
import { escalationForItem } from "../../core/escalation/escalation-for-item.ts";
import { OPEN_STATUSES, findItemByFingerprint, type BacklogDoc } from "../../core/ledger/index.ts";
import type { PlannedEscalation } from "../../core/plan.ts";
import { backlogMarker } from "../../core/escalation/markers.ts";
import { renderEscalationBody } from "../../core/escalation/render-escalation-body.ts";
import { ensureEscalation, ESCALATION_LABEL, type EscalationResult } from "./ensure-escalation.ts";
import type { Forge } from "./forge.ts";

export type PublishResult = EscalationResult | { outcome: "created" | "updated" | "unchanged"; issue: { number: number; url: string } };

/**
 * Publishes each open backlog item the review escalated (after the review committed BACKLOG.md, so
 * the item has its id): a pull request with `changes/B-NNNN.yml` when a playbook can do it — merging
 * approves it — else an issue, since there is nothing to merge (`/done`, `/drop <reason>`, `/hold`
 * work there). Both are found again and updated by later reviews, never duplicated. Returns what
 * happened per item; the review records `awaiting-approval` with the link.
 */
export async function publishEscalations(
  forge: Forge,
  input: { config: OpsConfig; backlog: BacklogDoc; escalations: PlannedEscalation[]; day: string; base: string; botLogin: string },
): Promise<{ backlogId: string; result: PublishResult }[]> {
  const { owner, repo } = forge.repo;
  const published: { backlogId: string; result: PublishResult }[] = [];
  for (const planned of input.escalations) {
    const item = findItemByFingerprint(input.backlog, planned.finding.fingerprint);
    if (!item || !OPEN_STATUSES.includes(item.status)) continue;
    const ledgerUrl = `https://github.com/${owner}/${repo}/blob/${input.base}/BACKLOG.md#${item.id.toLowerCase()}`;
    const escalation = escalationForItem(item, planned, input.config, input.day, ledgerUrl);
    if (escalation.changeRequest) {
      published.push({ backlogId: item.id, result: await ensureEscalation(forge, { escalation, base: input.base, botLogin: input.botLogin }) });
      continue;
    }
    await forge.ensureLabels([ESCALATION_LABEL]);
    const issue = await forge.ensureIssue({
      marker: backlogMarker(item.id),
      label: ESCALATION_LABEL.name,
      title: `${item.id}: ${item.title}`,
      body: renderEscalationBody(escalation),
    });
    published.push({ backlogId: item.id, result: { outcome: issue.outcome, issue: { number: issue.number, url: issue.url } } });
  }
  return published;
}
