import type { Finding, Severity } from "../findings/finding.ts";
import { ALERT_PAGING_ITEM, type CritiqueEvidence } from "../judgement/self-critique.ts";
import { appendEvidence, ensureItem, type BacklogDoc, type Evidence, type Priority } from "../ledger/index.ts";
import type { Escalation } from "../ledger/day-entry.ts";
import type { PlannedEscalation } from "../plan.ts";

const PRIORITY: Record<Severity, Priority> = { critical: "P1", high: "P2", medium: "P3", low: "P4", info: "P4" };

/** Finding evidence as ledger evidence: a slug kind, the number apart, dated today. */
export function ledgerEvidence(finding: Finding, date: string): Evidence[] {
  return finding.evidence.map((e) => {
    const kind = e.kind.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "") || undefined;
    return { date, text: e.text, ...(kind ? { kind } : {}), ...(e.value === undefined || !kind ? {} : { value: round(e.value) }), ...(e.unit && e.value !== undefined && kind ? { unit: e.unit } : {}) };
  });
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Files every escalation in BACKLOG.md — found by fingerprint, created when new — with today's
 * evidence (only what differs from what the item already holds) and the reason the bot will not
 * fix it itself; then the self-critique exhibits. Pure; returns the new document and the
 * escalations for the day's entry.
 */
export function recordEscalations(doc: BacklogDoc, escalations: PlannedEscalation[], critique: CritiqueEvidence[], date: string): { doc: BacklogDoc; entries: Escalation[] } {
  let current = doc;
  const entries: Escalation[] = [];
  for (const { finding, reason } of escalations) {
    const fresh = (evidence: Evidence[], existing: Evidence[]) => evidence.filter((e) => !existing.some((x) => x.text === e.text && x.value === e.value));
    const existing = current.items.find((i) => i.fingerprint === finding.fingerprint);
    const evidence = existing ? fresh(ledgerEvidence(finding, date), existing.evidence) : ledgerEvidence(finding, date);
    const result = ensureItem(current, {
      fingerprint: finding.fingerprint, title: finding.title, priority: PRIORITY[finding.severity], date, reason,
      note: "escalated by the daily review", evidence, options: finding.options?.map((o) => ({ title: o.title, tradeoffs: o.tradeoffs })) ?? [],
    });
    current = result.doc;
    entries.push({ id: result.item.id, title: finding.title, reason: result.created ? reason : `${reason} (still open)` });
  }
  if (critique.length > 0) {
    const paging = ensureItem(current, { fingerprint: ALERT_PAGING_ITEM.fingerprint, title: ALERT_PAGING_ITEM.title, priority: "P2", date, reason: ALERT_PAGING_ITEM.why, note: "opened by self-critique" });
    current = paging.doc;
    const item = paging.item;
    // The exhibit letter depends on how many came before; the rest of the line identifies the failure.
    const core = (text: string) => text.replace(/ — exhibit [A-Z]+$/, "");
    for (const c of critique) {
      if (item.evidence.some((e) => core(e.text) === core(c.text))) continue;
      current = appendEvidence(current, item.id, { date: c.date, kind: "undetected-hours", value: c.value, unit: c.unit, text: c.text }).doc;
    }
    if (!entries.some((e) => e.id === item.id)) entries.push({ id: item.id, title: ALERT_PAGING_ITEM.title, reason: `self-critique: ${critique.map((c) => c.text).join("; ")}` });
  }
  return { doc: current, entries };
}
