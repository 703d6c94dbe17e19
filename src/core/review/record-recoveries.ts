import type { Recovery } from "../ledger/day-entry.ts";
import { appendEvidence, findItemById, OPEN_STATUSES, setStatus, type BacklogDoc, type BacklogItem } from "../ledger/index.ts";
import { ESCALATED_NOTE } from "./record-escalations.ts";
import { CLOSED_ON_RECOVERY, RECOVERY_KINDS, recoveryStreak } from "./recovery-streak.ts";

/** guardrails.yml `closeOnRecovery`: close a recovered item itself, or say it is ready and wait for `/done`. */
export type CloseOnRecovery = "auto" | "await-done";

export interface RecoveryFacts {
  /** The review's day, YYYY-MM-DD. */
  date: string;
  /** Fingerprints of every finding (and escalation) of today's review. */
  present: ReadonlySet<string>;
  /** Fingerprints whose condition today's probes could have shown: the probe ran and answered (conditionObserved). */
  observed: ReadonlySet<string>;
  /** guardrails.yml `reverifyDays`: observed days without the condition before the item closes (at least one). */
  reverifyDays: number;
  close: CloseOnRecovery;
}

const REOPENED = "reopened: the condition is present again";

/**
 * Closes the backlog items whose condition is gone, from evidence the ledger itself holds. Only open
 * items the daily review escalated are tracked — awaiting-approval, in-progress, dropped and hand-filed
 * items are a person's, and untouched. Each day the condition is observed absent adds a dated line
 * (`recovered`, then `held`); a day it was not observed adds nothing and counts for nothing; a day it
 * is present again adds `recurred` and the count starts over. After `reverifyDays` such days the item
 * is marked done with a note citing them, or gets one `ready-to-close` line to await `/done`. An item
 * closed so whose condition comes back is reopened. Pure and idempotent: a re-run the same day
 * changes nothing, and the day's lines are read back from the ledger for the CHANGELOG entry.
 */
export function recordRecoveries(doc: BacklogDoc, facts: RecoveryFacts): { doc: BacklogDoc; recoveries: Recovery[] } {
  let current = doc;
  for (const { id } of doc.items) current = recordOne(current, findItemById(current, id)!, facts);
  return { doc: current, recoveries: recoveriesOn(current, facts.date) };
}

function recordOne(doc: BacklogDoc, item: BacklogItem, facts: RecoveryFacts): BacklogDoc {
  const { date } = facts;
  const present = facts.present.has(item.fingerprint);
  if (present && closedOnRecovery(item) && !doc.items.some((i) => i.fingerprint === item.fingerprint && OPEN_STATUSES.includes(i.status))) {
    const noted = appendEvidence(doc, item.id, {
      date,
      kind: RECOVERY_KINDS.recurred,
      text: `recurred: the condition was present again on ${date}, after the item was closed on recovery`,
    }).doc;
    return setStatus(noted, item.id, "open", date, { note: REOPENED }).doc;
  }
  if (!isTracked(item)) return doc;
  const streak = recoveryStreak(item);
  if (present) {
    if (streak.days.length === 0) return doc;
    return appendEvidence(doc, item.id, {
      date,
      kind: RECOVERY_KINDS.recurred,
      text: `recurred: the condition was present again on ${date}, after ${streak.days.length} day(s) without it; the count starts over`,
    }).doc;
  }
  // Absent is not recovered unless the probe that would have seen it ran and answered today.
  if (!facts.observed.has(item.fingerprint)) return doc;
  const needed = Math.max(1, facts.reverifyDays);
  const days = streak.days.includes(date) ? streak.days : [...streak.days, date];
  let current = doc;
  if (!streak.days.includes(date) && !streak.ready) {
    const first = days.length === 1;
    const text = `${first ? "recovered" : "still recovered"}: the condition was not present on ${date} (${days.length} of ${needed} day(s))`;
    current = appendEvidence(current, item.id, { date, kind: first ? RECOVERY_KINDS.recovered : RECOVERY_KINDS.held, text }).doc;
  }
  if (days.length < needed) return current;
  const held = `the condition was not present on ${days.length} observed day(s), ${days.length === 1 ? days[0] : `${days[0]} to ${days.at(-1)}`}`;
  if (facts.close === "auto")
    return setStatus(current, item.id, "done", date, { note: `${CLOSED_ON_RECOVERY}: ${held} (reverifyDays ${needed}); see the evidence` }).doc;
  if (streak.ready) return current;
  return appendEvidence(current, item.id, { date, kind: RECOVERY_KINDS.ready, text: `ready to close, awaiting /done: ${held}` }).doc;
}

/** An open item the daily review filed itself; a person has not taken it on (awaiting-approval, in-progress) or closed it. */
function isTracked(item: BacklogItem): boolean {
  return item.status === "open" && item.history[0]?.note === ESCALATED_NOTE;
}

function closedOnRecovery(item: BacklogItem): boolean {
  return item.status === "done" && (item.history.at(-1)?.note ?? "").startsWith(CLOSED_ON_RECOVERY);
}

const STATUS_OF = new Map<string | undefined, Recovery["status"]>([
  [RECOVERY_KINDS.recovered, "recovering"],
  [RECOVERY_KINDS.held, "recovering"],
  [RECOVERY_KINDS.ready, "ready-to-close"],
  [RECOVERY_KINDS.recurred, "recurred"],
]);

/** What the ledger says happened to each item's recovery today, for the day's entry (the same on a re-run). */
function recoveriesOn(doc: BacklogDoc, date: string): Recovery[] {
  return doc.items.flatMap((item): Recovery[] => {
    const last = item.history.at(-1);
    if (last?.date === date && last.status === "done" && (last.note ?? "").startsWith(CLOSED_ON_RECOVERY))
      return [{ id: item.id, title: item.title, status: "closed", detail: last.note! }];
    const line = item.evidence.filter((e) => e.date === date && STATUS_OF.has(e.kind)).at(-1);
    if (!line) return [];
    const reopened = last?.date === date && last.status === "open" && last.note === REOPENED;
    return [{ id: item.id, title: item.title, status: reopened ? "reopened" : STATUS_OF.get(line.kind)!, detail: line.text }];
  });
}
