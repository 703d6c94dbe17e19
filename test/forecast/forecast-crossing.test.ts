import { describe, expect, it } from "vitest";
import { forecastCrossing, MIN_FORECAST_POINTS } from "../../src/core/forecast/forecast-crossing.ts";
import { formatEta } from "../../src/core/forecast/format-eta.ts";
import { leastSquares, t95 } from "../../src/core/forecast/least-squares.ts";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-20T21:00:00Z");
const GB = 1e9;
const DISK = 525 * GB;

/** The article's db01: root disk growing 4.5 GB/day, 68% used today. */
function articleDisk(days: number, noise: (i: number) => number = () => 0) {
  return Array.from({ length: days }, (_, i) => {
    const ago = days - 1 - i;
    const used = 0.68 * DISK - ago * 4.5 * GB + noise(i);
    return { t: new Date(NOW - ago * DAY), v: (used / DISK) * 100 };
  });
}

describe("forecastCrossing", () => {
  it("gives ~2 weeks to 80% for 4.5 GB/day from 68% (the article's db01)", () => {
    const f = forecastCrossing(articleDisk(10), 80, NOW);
    expect(f.kind).toBe("eta");
    if (f.kind !== "eta") return;
    expect(f.days).toBeCloseTo((0.12 * DISK) / (4.5 * GB), 6);
    expect(f.ratePerDay).toBeCloseTo((4.5 / 525) * 100, 9);
    expect(f.low).toBeCloseTo(f.days, 6);
    expect(f.high).toBeCloseTo(f.days, 6);
    expect(f.text).toBe("~2 weeks (14 days)");
  });

  it("draws a band around a noisy series that still contains the true crossing", () => {
    // Deterministic ±3 GB wobble: the fit is off, the band says by how much.
    const wobble = (i: number) => [3, -2, 1, -3, 2, -1, 3, -3, 0, 2, -2, 1, -1, 3][i % 14]! * GB;
    const f = forecastCrossing(articleDisk(14, wobble), 80, NOW);
    expect(f.kind).toBe("eta");
    if (f.kind !== "eta") return;
    const truth = (0.12 * DISK) / (4.5 * GB);
    expect(f.low).toBeLessThan(f.days);
    expect(f.high).toBeGreaterThan(f.days);
    expect(f.low).toBeLessThanOrEqual(truth);
    expect(f.high).toBeGreaterThanOrEqual(truth);
    expect(f.high - f.low).toBeGreaterThan(0.5);
    expect(f.text).toMatch(/^~2 weeks \(\d+–\d+ days\)$/);
    expect(f.rateBand[0]).toBeLessThan(f.ratePerDay);
    expect(f.rateBand[1]).toBeGreaterThan(f.ratePerDay);
  });

  it("declines with too few points, and says how many it needs", () => {
    const two = articleDisk(2);
    expect(forecastCrossing(two, 80, NOW)).toEqual({ kind: "declined", reason: `only 2 points; need at least ${MIN_FORECAST_POINTS} to forecast` });
    expect(forecastCrossing(articleDisk(1), 80, NOW)).toEqual({ kind: "declined", reason: `only 1 point; need at least ${MIN_FORECAST_POINTS} to forecast` });
    expect(forecastCrossing([], 80, NOW).kind).toBe("declined");
  });

  it("declines when the noise swamps the trend instead of promising a date", () => {
    const points = [60, 66, 59, 67, 60, 66].map((v, i) => ({ t: NOW - (5 - i) * DAY, v }));
    const f = forecastCrossing(points, 80, NOW);
    expect(f.kind).toBe("declined");
    if (f.kind === "declined") expect(f.reason).toMatch(/too noisy/);
  });

  it("says not-rising for a flat or shrinking series", () => {
    const flat = [50, 50, 50, 50].map((v, i) => ({ t: NOW - (3 - i) * DAY, v }));
    expect(forecastCrossing(flat, 80, NOW).kind).toBe("not-rising");
    const shrinking = [60, 55, 50, 45].map((v, i) => ({ t: NOW - (3 - i) * DAY, v }));
    expect(forecastCrossing(shrinking, 80, NOW)).toMatchObject({ kind: "not-rising", points: 4 });
  });

  it("says already-crossed when the latest value is at or over the threshold", () => {
    const over = [70, 75, 79, 81].map((v, i) => ({ t: NOW - (3 - i) * DAY, v }));
    expect(forecastCrossing(over, 80, NOW)).toEqual({ kind: "already-crossed", value: 81 });
  });

  it("accepts points in any order and milliseconds as well as dates", () => {
    const ordered = articleDisk(6);
    const shuffled = [ordered[3]!, ordered[0]!, ordered[5]!, ordered[1]!, ordered[4]!, ordered[2]!].map((p) => ({ t: p.t.getTime(), v: p.v }));
    expect(forecastCrossing(shuffled, 80, new Date(NOW))).toEqual(forecastCrossing(ordered, 80, NOW));
  });

  it("declines a series taken at one instant", () => {
    const f = forecastCrossing(
      [1, 2, 3, 4].map((v) => ({ t: NOW, v })),
      80,
      NOW,
    );
    expect(f).toMatchObject({ kind: "declined" });
  });
});

describe("formatEta", () => {
  it.each([
    [14, 10.2, 15.6, "~2 weeks (10–16 days)"],
    [3.4, 3, 4, "~3 days (3–4 days)"],
    [0.4, 0.2, 0.6, "under a day (0–1 days)"],
    [95, 80, 120, "~3 months (80–120 days)"],
    [1, 1, 1, "~1 day (1 day)"],
  ])("%d days → %s", (days, low, high, text) => {
    expect(formatEta(days, low, high)).toBe(text);
  });
});

describe("leastSquares", () => {
  it("recovers a known line and reports zero error for exact points", () => {
    const fit = leastSquares([0, 1, 2, 3].map((x) => ({ x, y: 2 + 3 * x })));
    expect(fit).toEqual({ n: 4, slope: 3, intercept: 2, slopeError: 0 });
  });
  it("is undefined without two distinct x values", () => {
    expect(leastSquares([{ x: 1, y: 1 }])).toBeUndefined();
    expect(
      leastSquares([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toBeUndefined();
  });
  it("uses a wider t for fewer degrees of freedom", () => {
    expect(t95(2)).toBeGreaterThan(t95(10));
    expect(t95(11)).toBe(t95(10));
    expect(t95(1000)).toBe(1.96);
  });
});
