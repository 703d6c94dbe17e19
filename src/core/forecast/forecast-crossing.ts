import { leastSquares, t95 } from "./least-squares.ts";
import { formatEta } from "./format-eta.ts";

const DAY_MS = 86_400_000;

/** Fewer points than this and a line through them is a guess, so we decline to draw it. */
export const MIN_FORECAST_POINTS = 4;

export interface ForecastPoint {
  t: Date | number;
  v: number;
}

export type Forecast =
  | {
      kind: "eta";
      /** Central estimate of the days from `now` until the threshold is reached. */
      days: number;
      /** 95% band on the crossing time, from the band on the growth rate. */
      low: number;
      high: number;
      text: string;
      /** Fitted growth per day, and its 95% band, in the series' unit. */
      ratePerDay: number;
      rateBand: [number, number];
      points: number;
    }
  | { kind: "declined"; reason: string }
  | { kind: "not-rising"; ratePerDay: number; points: number }
  | { kind: "already-crossed"; value: number };

/**
 * When will the series reach `threshold`? Least squares over the points; the band comes from the 95%
 * confidence interval of the slope. Declines rather than guesses: with too few points, or when the
 * noise is so large that the growth rate could as well be zero.
 */
export function forecastCrossing(points: readonly ForecastPoint[], threshold: number, now: Date | number): Forecast {
  const nowMs = typeof now === "number" ? now : now.getTime();
  const sorted = points
    .map((p) => ({ x: (typeof p.t === "number" ? p.t : p.t.getTime()) / DAY_MS, y: p.v }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x);
  const latest = sorted.at(-1);
  if (latest && latest.y >= threshold) return { kind: "already-crossed", value: latest.y };
  if (sorted.length < MIN_FORECAST_POINTS) {
    const have = sorted.length === 1 ? "only 1 point" : `only ${sorted.length} points`;
    return { kind: "declined", reason: `${have}; need at least ${MIN_FORECAST_POINTS} to forecast` };
  }
  const fit = leastSquares(sorted);
  if (!fit) return { kind: "declined", reason: "all points were taken at the same time; need a series over time" };
  if (fit.slope <= 0) return { kind: "not-rising", ratePerDay: fit.slope, points: fit.n };
  const margin = t95(fit.n - 2) * fit.slopeError;
  const slow = fit.slope - margin;
  const fast = fit.slope + margin;
  if (slow <= 0) {
    return { kind: "declined", reason: `too noisy to forecast: the growth rate (${round(fit.slope)}/day ± ${round(margin)}) could be zero` };
  }
  // Measured from the fitted level now, not the last raw point, so one noisy reading does not move the date.
  const remaining = Math.max(0, threshold - (fit.intercept + fit.slope * (nowMs / DAY_MS)));
  const days = remaining / fit.slope;
  const low = remaining / fast;
  const high = remaining / slow;
  return { kind: "eta", days, low, high, text: formatEta(days, low, high), ratePerDay: fit.slope, rateBand: [slow, fast], points: fit.n };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
