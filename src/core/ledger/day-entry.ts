// A CHANGELOG day entry as a typed value. renderDayEntry turns it into Markdown deterministically;
// the CHANGELOG itself is only ever scanned by its day headings (see changelog-scan.ts).

// `no-review`: a weekly or research run recorded a day the daily review has not (yet) run; the dead
// man's switch does not count it as a review, and the daily run replaces it, keeping its sections.
export const RESULT_KINDS = ["change-applied", "healthy", "held", "kill-switch", "escalated-only", "failed-rolled-back", "no-review"] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

/** The healthy day's result line, word for word: doing nothing on a healthy day is a result. */
export const HEALTHY_RESULT = "No change applied (system healthy) — every check passed; no worthwhile safe change was found, so none was manufactured.";

export type ChangeMode = "unattended" | "attended";

export interface AppliedChange {
  mode: ChangeMode;
  what: string;
  why: string;
  playbook: string;
  host: string;
  /** Where the pre-change snapshot lives. */
  snapshot: string;
  /** The exact command that undoes the change. */
  rollbackCommand: string;
  /** What verification ran, and its result, one line each. */
  verification: string[];
  /** Attended changes: the hash of the approved change request. */
  approvalHash?: string;
  /** The pull request that approved (attended) or reports (unattended) the change. */
  pr?: string;
}

export interface HostVerification {
  host: string;
  checks: number;
  result: string;
  notes?: string;
}

export interface WatchItem {
  id: string;
  description: string;
  status: "closed" | "carried-over";
  detail?: string;
}

export interface Escalation {
  id: string;
  title: string;
  reason: string;
}

export const RECOVERY_STATUSES = ["recovering", "closed", "ready-to-close", "recurred", "reopened"] as const;

/** A bot-escalated backlog item whose condition was observed gone (or back) today, with the evidence it got. */
export interface Recovery {
  id: string;
  title: string;
  status: (typeof RECOVERY_STATUSES)[number];
  detail: string;
}

export interface TrendDelta {
  subject: string;
  metric: string;
  yesterday: string;
  today: string;
  weekAgo?: string;
}

export interface HeldChange {
  what: string;
  reason: string;
}

export interface Overhead {
  durationMs: number;
  commands: number;
  bytesIn: number;
  bytesOut: number;
}

export interface DayEntry {
  /** YYYY-MM-DD in the guardrails time zone. */
  date: string;
  kind: ResultKind;
  /** The result line. Required for every kind but `healthy`, whose line is always HEALTHY_RESULT. */
  result?: string;
  changes?: AppliedChange[];
  hosts?: HostVerification[];
  watchItems?: WatchItem[];
  escalations?: Escalation[];
  recoveries?: Recovery[];
  trends?: TrendDelta[];
  held?: HeldChange[];
  overhead?: Overhead;
  /** Free-form Markdown paragraphs, rendered as written. */
  notes?: string;
}
