import type { Finding } from "../findings/finding.ts";
import type { ChangelogDay } from "../ledger/index.ts";
import { shiftDay } from "../history/lookups.ts";
import { localTime } from "../policy/clock.ts";

const HOUR_MS = 3_600_000;

/** The backlog item every silent stretch is filed under. */
export const REVIEW_SILENCE = "gap:review-silence";

export interface Freshness {
  stale: boolean;
  /** No daily review was ever recorded: stale for every other run, but the first daily review is the cure, not a gap. */
  neverReviewed?: boolean;
  /** The newest day with a daily review entry, if any. */
  lastReviewDay?: string;
  /** When that review ran (its history record), else the end of its day: never earlier than it was. */
  lastReviewAt?: string;
  /** Hours since then (rounded down). */
  silentHours: number;
  limitHours: number;
  /** Calendar days between the last review and today without any review entry. */
  missedDays: string[];
  /** One loud line for the entry, the log and `rounds check --freshness`. */
  message: string;
}

/** Entries that do not stand for a daily review (a weekly run on a day the daily has not run). */
const NOT_A_REVIEW = new Set(["no-review"]);

/**
 * The dead man's switch: how long since the last daily review entry. Silence must never look like
 * health, so a ledger with no review at all is stale too. `reviewedAt` maps a day to the time of
 * its reviewed history record; without one the end of that day (in the guardrails' zone) is used,
 * which errs towards "fresh" by less than a day — the configured interval (36 h by default) still
 * catches every missed daily run.
 */
export function freshness(input: {
  days: readonly ChangelogDay[];
  reviewedAt: ReadonlyMap<string, string>;
  now: Date;
  limitHours: number;
  timeZone: string;
}): Freshness {
  const { now, limitHours, timeZone } = input;
  const today = localTime(now, timeZone).date;
  const last = input.days.find((d) => d.kind === undefined || !NOT_A_REVIEW.has(d.kind));
  if (!last) {
    return {
      stale: true,
      neverReviewed: true,
      silentHours: Infinity,
      limitHours,
      missedDays: [],
      message: `DEAD MAN'S SWITCH: no daily review entry has ever been recorded in CHANGELOG.md; silence is not health`,
    };
  }
  const at = input.reviewedAt.get(last.date) ?? new Date(endOfDay(last.date, timeZone)).toISOString();
  const silentHours = Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / HOUR_MS));
  const missedDays: string[] = [];
  for (let day = shiftDay(last.date, 1); day < today; day = shiftDay(day, 1)) missedDays.push(day);
  const stale = silentHours > limitHours;
  const missed = missedDays.length ? ` (missing: ${missedDays.join(", ")})` : "";
  const message = stale
    ? `DEAD MAN'S SWITCH: no daily review recorded for ${silentHours} h — more than freshnessHours (${limitHours} h); the last was ${last.date}${missed}. Silence is not health: find out why the rounds did not run.`
    : `fresh: the last daily review was ${last.date}, ${silentHours} h ago (limit ${limitHours} h)`;
  return { stale, lastReviewDay: last.date, lastReviewAt: at, silentHours, limitHours, missedDays, message };
}

/** The escalation a stale ledger files in BACKLOG.md (one item, evidence appended per silent stretch). */
export function silenceFinding(f: Freshness): Finding {
  const hours = Number.isFinite(f.silentHours) ? f.silentHours : undefined;
  return {
    kind: "review-silence",
    fingerprint: REVIEW_SILENCE,
    severity: "critical",
    host: "rounds",
    subject: "daily-review",
    title: "The daily review stopped recording: the dead man's switch fired",
    evidence: [{ kind: "review-silence", text: f.message, ...(hours === undefined ? {} : { value: hours, unit: "h" }) }],
  };
}

/** The instant local midnight after `day` in `timeZone` (two passes settle any offset, DST included). */
function endOfDay(day: string, timeZone: string): number {
  const target = Date.parse(`${shiftDay(day, 1)}T00:00:00Z`);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(guess), timeZone);
    const asUtc = Date.parse(`${local.date}T00:00:00Z`) + local.minutes * 60_000;
    guess += target - asUtc;
  }
  return guess;
}
