import { DURATION_KIND } from "../findings/finding.ts";
import type { Evidence } from "../ledger/index.ts";

const bucket = (hours: number) => Math.floor(Math.log2(Math.max(1, hours)));

/**
 * Whether a duration line (`failing for 3 days, since …`) is worth appending to an item: when it has
 * none yet, when the failure doubled in length since the last one (1 h, 2 h, 4 h, … — a handful of
 * lines however long it lasts, instead of one a day), or when it is shorter than the last one (a new
 * stretch of the failure). The title never carries the duration, so it cannot go stale.
 */
export function isDurationMilestone(duration: Evidence, existing: readonly Evidence[]): boolean {
  const last = existing.filter((e) => e.kind === DURATION_KIND && e.value !== undefined).at(-1);
  if (!last || duration.value === undefined) return true;
  return duration.value < last.value! || bucket(duration.value) > bucket(last.value!);
}
