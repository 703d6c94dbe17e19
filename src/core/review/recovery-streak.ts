import type { BacklogItem } from "../ledger/index.ts";

/** The evidence kinds a recovery writes on a backlog item, in the order a streak goes through them. */
export const RECOVERY_KINDS = { recovered: "recovered", held: "held", ready: "ready-to-close", recurred: "recurred" } as const;

/** The `done` note of an item closed on recovery; a recurrence reopens only items closed so. */
export const CLOSED_ON_RECOVERY = "closed on recovery";

export interface RecoveryStreak {
  /** Distinct days (YYYY-MM-DD, oldest first) the condition was observed absent since it last occurred. */
  days: string[];
  /** The streak has been declared ready to close (awaiting `/done`). */
  ready: boolean;
}

/**
 * The current recovery streak, read from the item's evidence alone (the ledger is the memory): the
 * `recovered` and `held` lines after the last `recurred` line. Evidence is append-only, so file order
 * is the order things happened.
 */
export function recoveryStreak(item: BacklogItem): RecoveryStreak {
  const reset = item.evidence.findLastIndex((e) => e.kind === RECOVERY_KINDS.recurred);
  const since = item.evidence.slice(reset + 1);
  const days = [...new Set(since.filter((e) => e.kind === RECOVERY_KINDS.recovered || e.kind === RECOVERY_KINDS.held).map((e) => e.date))];
  return { days, ready: since.some((e) => e.kind === RECOVERY_KINDS.ready) };
}
