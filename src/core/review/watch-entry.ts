import type { Step } from "../../config/schemas/playbook.ts";
import type { ChangeOutcome } from "../change/change-record.ts";
import type { WatchItem as FindingsWatchItem, WatchCheck } from "../findings/findings-input.ts";
import type { WatchItem as EntryWatchItem } from "../ledger/day-entry.ts";
import { shiftDay } from "../history/lookups.ts";

/** A change being re-verified by the following days' reviews, as kept in `state/watch.json`. */
export interface WatchEntry {
  id: string;
  fingerprint: string;
  description: string;
  /** ISO time the change was made. */
  since: string;
  /** Last day (YYYY-MM-DD) it is re-verified; it closes after a pass on or after this day. */
  until: string;
  host: string;
  playbook: string;
  /** The change's parameters, so its verify steps can be checked against the playbook before they run. */
  params?: Record<string, string>;
  verify: Step[];
}

/** The watch entry a successful change opens: its verify steps, re-run for `reverifyDays` days. */
export function watchEntryFor(outcome: ChangeOutcome, fingerprint: string, day: string, reverifyDays: number): WatchEntry {
  const { intent } = outcome;
  return {
    id: `W-${intent.id}`,
    fingerprint,
    description: `${intent.action.playbook} on ${intent.action.host} holds`,
    since: intent.startedAt,
    until: shiftDay(day, reverifyDays),
    host: intent.action.host,
    playbook: intent.action.playbook,
    params: intent.action.params,
    verify: intent.verify,
  };
}

/** The findings' view of an entry with today's check. */
export function asFindingsWatchItem(entry: WatchEntry, check: WatchCheck | undefined): FindingsWatchItem {
  return {
    id: entry.id,
    fingerprint: entry.fingerprint,
    description: entry.description,
    since: entry.since,
    host: entry.host,
    playbook: entry.playbook,
    ...(check ? { check } : {}),
  };
}

/**
 * Today's verdict on each entry: closed once it held on or after its last day; carried over
 * otherwise. Returns the ledger lines and the entries still open.
 */
export function settleWatch(entries: WatchEntry[], checks: Map<string, WatchCheck>, day: string): { lines: EntryWatchItem[]; open: WatchEntry[] } {
  const lines: EntryWatchItem[] = [];
  const open: WatchEntry[] = [];
  for (const entry of entries) {
    const check = checks.get(entry.id);
    const detail =
      check === undefined
        ? "not re-checked today"
        : check.ok
          ? `verified (${check.steps.length} check(s) passed)`
          : `NOT holding: ${check.steps
              .filter((s) => !s.ok)
              .map((s) => `${s.text}${s.detail ? ` (${s.detail})` : ""}`)
              .join("; ")}`;
    const closing = check?.ok === true && day >= entry.until;
    lines.push({
      id: entry.id,
      description: entry.description,
      status: closing ? "closed" : "carried-over",
      detail: closing ? `${detail}; held through ${entry.until}` : detail,
    });
    if (!closing) open.push(entry);
  }
  return { lines, open };
}
