import type { HistoryRun } from "./findings-input.ts";

/** What one earlier run saw: the fingerprints it would have found, and the hosts it looked at. */
export interface RunSnapshot {
  at: string;
  reviewed: boolean;
  fingerprints: ReadonlySet<string>;
  hosts: ReadonlySet<string>;
}

export function snapshotRun(run: HistoryRun, fingerprintsOf: (run: HistoryRun) => string[]): RunSnapshot {
  return { at: run.at, reviewed: run.reviewed !== false, fingerprints: new Set(fingerprintsOf(run)), hosts: new Set(run.observations.map((o) => o.host)) };
}

export interface Streak {
  /** Earliest run of the unbroken streak that saw the failure (the current run's time when none did). */
  since: string;
  /** Earliest reviewed run of that streak: when the failure was first reported. */
  detectedAt: string;
  /** The last run before the streak that looked at the host and did not see the failure. */
  lastOk?: string;
}

/**
 * Walks back from today through earlier runs (newest first) while they saw the same fingerprint.
 * A run that looked at the host without seeing it ends the streak; a run that did not look at the
 * host at all neither ends nor extends it — it knows nothing either way.
 */
export function failureStreak(fingerprint: string, host: string, snapshots: readonly RunSnapshot[], nowIso: string): Streak {
  let since = nowIso;
  let detectedAt = nowIso;
  for (let i = snapshots.length - 1; i >= 0; i--) {
    const run = snapshots[i]!;
    if (run.fingerprints.has(fingerprint)) {
      since = run.at;
      if (run.reviewed) detectedAt = run.at;
      continue;
    }
    if (run.hosts.has(host)) return { since, detectedAt, lastOk: run.at };
  }
  return { since, detectedAt };
}
