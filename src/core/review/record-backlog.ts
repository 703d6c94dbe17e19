import type { Finding } from "../findings/finding.ts";
import { conditionObserved } from "../findings/condition-observed.ts";
import type { CritiqueEvidence } from "../judgement/self-critique.ts";
import type { Escalation, Recovery } from "../ledger/day-entry.ts";
import type { BacklogDoc } from "../ledger/index.ts";
import type { Observation } from "../observations/index.ts";
import type { PlannedEscalation } from "../plan.ts";
import { recordEscalations } from "./record-escalations.ts";
import { recordRecoveries, type CloseOnRecovery } from "./record-recoveries.ts";

export interface BacklogFacts {
  /** The review's day, YYYY-MM-DD. */
  date: string;
  /** Every finding of the review: what is present today. */
  findings: readonly Finding[];
  escalations: PlannedEscalation[];
  critique: CritiqueEvidence[];
  /** Today's observations: what the probes could see, and so which absences are recoveries. */
  observations: readonly Observation[];
  reverifyDays: number;
  closeOnRecovery: CloseOnRecovery;
}

/**
 * The day's BACKLOG.md edit: recoveries first (a condition back after its item closed on recovery
 * reopens it, so today's evidence lands on an open item), then escalations and self-critique. Pure;
 * returns the document and the entry's escalation and recovery lines.
 */
export function recordBacklog(doc: BacklogDoc, facts: BacklogFacts): { doc: BacklogDoc; escalations: Escalation[]; recoveries: Recovery[] } {
  const present = new Set([...facts.findings, ...facts.escalations.map((e) => e.finding)].map((f) => f.fingerprint));
  const observed = new Set(doc.items.map((i) => i.fingerprint).filter((fingerprint) => conditionObserved(fingerprint, facts.observations)));
  const recovered = recordRecoveries(doc, { date: facts.date, present, observed, reverifyDays: facts.reverifyDays, close: facts.closeOnRecovery });
  const escalated = recordEscalations(recovered.doc, facts.escalations, facts.critique, facts.date);
  return { doc: escalated.doc, escalations: escalated.entries, recoveries: recovered.recoveries };
}
