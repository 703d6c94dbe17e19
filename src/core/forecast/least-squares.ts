/** An ordinary least-squares line through (x, y) points, with what a confidence band needs. */
export interface LineFit {
  n: number;
  slope: number;
  intercept: number;
  /** Standard error of the slope; 0 when the points lie exactly on the line. */
  slopeError: number;
}

/** Fits y = intercept + slope·x. Needs at least two distinct x values; returns undefined otherwise. */
export function leastSquares(points: readonly { x: number; y: number }[]): LineFit | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - meanX) ** 2;
    sxy += (p.x - meanX) * (p.y - meanY);
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = points.reduce((sum, p) => sum + (p.y - (intercept + slope * p.x)) ** 2, 0);
  // With two points the line fits exactly and there is no degree of freedom left to estimate noise.
  const slopeError = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : 0;
  return { n, slope, intercept, slopeError };
}

/** Two-sided 95% quantiles of Student's t, by degrees of freedom (a table beats a numeric inverse here). */
const T95: Record<number, number> = {
  1: 12.706,
  2: 4.303,
  3: 3.182,
  4: 2.776,
  5: 2.571,
  6: 2.447,
  7: 2.365,
  8: 2.306,
  9: 2.262,
  10: 2.228,
  12: 2.179,
  15: 2.131,
  20: 2.086,
  25: 2.06,
  30: 2.042,
  40: 2.021,
  60: 2.0,
  120: 1.98,
};

/** The t quantile for `df` degrees of freedom, rounding df down to the table (wider, never narrower). */
export function t95(df: number): number {
  if (df < 1) return Number.POSITIVE_INFINITY;
  if (df > 120) return 1.96;
  const known = Object.keys(T95)
    .map(Number)
    .filter((k) => k <= df);
  return T95[Math.max(...known)]!;
}
