import type { Evidence } from "./item-lines.ts";

export interface MaterialChange {
  material: boolean;
  /** Why, in words fit for a ledger line or a lint message. */
  reason: string;
}

/**
 * The re-pitch rule: a rejected idea may come back only with materially new evidence — a kind of
 * evidence the rejection did not see, or a number of a kind it saw that moved by more than
 * `factor` (guardrails.materialChangeFactor) either way, compared with the last value of that kind
 * and unit. Evidence without a kind is prose and never material; values in another unit are not
 * comparable and not material either.
 */
export function isMateriallyNew(rejectedEvidence: Evidence[], newEvidence: Evidence[], factor: number): MaterialChange {
  for (const e of newEvidence) {
    if (e.kind === undefined) continue;
    const prior = rejectedEvidence.filter((r) => r.kind === e.kind);
    if (prior.length === 0) return { material: true, reason: `new kind of evidence: ${e.kind}` };
    if (e.value === undefined) continue;
    const baseline = prior.filter((r) => r.value !== undefined && r.unit === e.unit).at(-1);
    if (baseline?.value === undefined) continue;
    const moved = movedBy(baseline.value, e.value);
    if (moved > factor) {
      const unit = e.unit ? ` ${e.unit}` : "";
      return {
        material: true,
        reason: `${e.kind} moved from ${baseline.value}${unit} to ${e.value}${unit} (×${Number.isFinite(moved) ? moved.toFixed(2) : "∞"}, more than ×${factor})`,
      };
    }
  }
  return { material: false, reason: `no new kind of evidence and no value moved by more than ×${factor} since the rejection` };
}

/** How far apart two values are, as a factor ≥ 1; a sign change or a move off zero is infinite. */
function movedBy(before: number, after: number): number {
  if (before === after) return 1;
  if (before === 0 || after === 0 || Math.sign(before) !== Math.sign(after)) return Infinity;
  return Math.max(Math.abs(before), Math.abs(after)) / Math.min(Math.abs(before), Math.abs(after));
}
