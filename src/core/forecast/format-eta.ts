/**
 * "~2 weeks (10–16 days)": the central estimate in the unit a person plans with, the band in days so
 * the reader sees how sure we are.
 */
export function formatEta(days: number, low: number, high: number): string {
  // Rounded first so float dust (13.9999999) does not widen an exact band by a day on each side.
  const lo = Math.floor(Number(low.toFixed(6)));
  const hi = Math.ceil(Number(high.toFixed(6)));
  const band = lo === hi ? `${lo} ${lo === 1 ? "day" : "days"}` : `${lo}–${hi} days`;
  return `${roughly(days)} (${band})`;
}

function roughly(days: number): string {
  if (days < 1) return "under a day";
  if (days < 10) {
    const d = Math.round(days);
    return `~${d} ${d === 1 ? "day" : "days"}`;
  }
  if (days < 60) {
    const w = Math.round(days / 7);
    return `~${w} ${w === 1 ? "week" : "weeks"}`;
  }
  if (days < 730) {
    const m = Math.round(days / 30.4);
    return `~${m} ${m === 1 ? "month" : "months"}`;
  }
  return `~${Math.round(days / 365)} years`;
}
