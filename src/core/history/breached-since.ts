import type { ThresholdOp } from "../observations/prometheus.ts";

/** Whether `value op threshold` holds; NaN never breaches (it is "no data", reported separately). */
export function breaches(value: number, breach: { op: ThresholdOp; value: number }): boolean {
  if (Number.isNaN(value)) return false;
  switch (breach.op) {
    case ">":
      return value > breach.value;
    case ">=":
      return value >= breach.value;
    case "<":
      return value < breach.value;
    case "<=":
      return value <= breach.value;
    case "==":
      return value === breach.value;
    case "!=":
      return value !== breach.value;
  }
}

/**
 * The start of the breach that is still going on at the end of `points` (sorted or not): the
 * earliest point of the trailing run of breaching points. Null when the last point does not breach.
 * When every point breaches, the answer is the first point: "at least since then".
 */
export function breachedSince(points: readonly { t: number; v: number }[], breach: { op: ThresholdOp; value: number }): number | null {
  const sorted = [...points].sort((a, b) => a.t - b.t);
  let since: number | null = null;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const point = sorted[i]!;
    if (!breaches(point.v, breach)) break;
    since = point.t;
  }
  return since;
}
