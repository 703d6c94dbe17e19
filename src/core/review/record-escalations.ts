import { DURATION_KIND, type Finding, type Severity } from "../findings/finding.ts";
import { ALERT_PAGING_ITEM, type CritiqueEvidence } from "../judgement/self-critique.ts";
import { ensureItem, findItemByFingerprint, type BacklogDoc, type Evidence, type Priority } from "../ledger/index.ts";
import type { Escalation } from "../ledger/day-entry.ts";
import type { PlannedEscalation } from "../plan.ts";
import { isDurationMilestone } from "./duration-milestone.ts";
import { recordExhibits } from "./record-exhibits.ts";

/** The note on the `open` line of every item the daily review files: recovery tracks only these. */
export const ESCALATED_NOTE = "escalated by the daily review";

const PRIORITY: Record<Severity, Priority> = { critical: "P1", high: "P2", medium: "P3", low: "P4", info: "P4" };

/** Finding evidence as ledger evidence: a slug kind, the number apart, dated today. */
export function ledgerEvidence(finding: Finding, date: string): Evidence[] {
  return finding.evidence.map((e) => {
    const kind =
      e.kind
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, "-")
        .replace(/^[^a-z0-9]+/, "") || undefined;
    return {
      date,
      text: e.text,
      ...(kind ? { kind } : {}),
      ...(e.value === undefined || !kind ? {} : { value: round(e.value) }),
      ...(e.unit && e.value !== undefined && kind ? { unit: e.unit } : {}),
    };
  });
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Today's evidence the item does not hold yet: a new text or value, and a duration only at a milestone. */
function freshEvidence(evidence: Evidence[], existing: readonly Evidence[]): Evidence[] {
  return evidence.filter((e) =>
    e.kind === DURATION_KIND ? isDurationMilestone(e, existing) : !existing.some((x) => x.text === e.text && x.value === e.value),
  );
}

/**
 * Files every escalation in BACKLOG.md — found by fingerprint, created when new — with today's
 * evidence (only what differs from what the item already holds) and the reason the bot will not
 * fix it itself; then the self-critique exhibits. Pure; returns the new document and the
 * escalations for the day's entry.
 */
export function recordEscalations(
  doc: BacklogDoc,
  escalations: PlannedEscalation[],
  critique: CritiqueEvidence[],
  date: string,
): { doc: BacklogDoc; entries: Escalation[] } {
  let current = doc;
  const entries: Escalation[] = [];
  for (const { finding, reason } of escalations) {
    const existing = findItemByFingerprint(current, finding.fingerprint);
    const evidence = existing ? freshEvidence(ledgerEvidence(finding, date), existing.evidence) : ledgerEvidence(finding, date);
    const result = ensureItem(current, {
      fingerprint: finding.fingerprint,
      title: finding.title,
      priority: PRIORITY[finding.severity],
      date,
      reason,
      note: ESCALATED_NOTE,
      evidence,
      options: finding.options?.map((o) => ({ title: o.title, tradeoffs: o.tradeoffs })) ?? [],
    });
    current = result.doc;
    entries.push({ id: result.item.id, title: finding.title, reason: result.created ? reason : `${reason} (still open)` });
  }
  const exhibits = recordExhibits(current, critique, date);
  current = exhibits.doc;
  const paging = exhibits.item;
  if (paging && !entries.some((e) => e.id === paging.id))
    entries.push({ id: paging.id, title: ALERT_PAGING_ITEM.title, reason: `self-critique: ${exhibits.lines.join("; ")}` });
  return { doc: current, entries };
}
