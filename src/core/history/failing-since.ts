import type { Observation } from "../observations/index.ts";
import type { HistoryRecord } from "./history-record.ts";

/** Whether a custom check passed in one run: true, false, or null when the run cannot tell. */
export function checkPassed(observations: readonly Observation[], check: string): boolean | null {
  for (const o of observations) {
    if (o.kind !== "check" || o.check !== check) continue;
    if (o.result.type === "http") return o.result.status === o.result.expectStatus;
    return o.result.breached === undefined || o.result.breached === null ? null : !o.result.breached;
  }
  return null;
}

/**
 * Since when a custom check (a feed, a threshold) has been failing: walks back from the newest
 * record while the check failed. A run that passed ends the streak; so does a run that could not
 * tell (a fault, no data), because "failing since" must never claim more than was seen. A
 * Prometheus check's own `breachedSince` (from its range query) can push the start further back.
 * Returns null when the newest record shows the check passing or cannot tell.
 */
export function checkFailingSince(records: readonly HistoryRecord[], check: string): { since: string; lastPassed?: string } | null {
  const sorted = [...records].sort((a, b) => b.at.localeCompare(a.at));
  let since: string | null = null;
  for (const record of sorted) {
    const passed = checkPassed(record.observations, check);
    if (passed === false) {
      since = earliest([since, record.at, breachStart(record.observations, check)]);
      continue;
    }
    if (since === null) return null;
    return passed === true ? { since, lastPassed: record.at } : { since };
  }
  return since === null ? null : { since };
}

function breachStart(observations: readonly Observation[], check: string): string | undefined {
  const o = observations.find((x) => x.kind === "check" && x.check === check);
  return o?.kind === "check" && o.result.type === "prometheus" ? (o.result.breachedSince ?? undefined) : undefined;
}

const earliest = (times: (string | null | undefined)[]): string =>
  times.filter((t): t is string => typeof t === "string").sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
