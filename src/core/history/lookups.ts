import { metricSamples } from "../findings/metric-samples.ts";
import type { HistoryRecord } from "./history-record.ts";

const DAY_MS = 86_400_000;

/** `day` moved by `delta` days, on the calendar (no time zone involved: days are labels). */
export function shiftDay(day: string, delta: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + delta * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The record of `daysAgo` days before `today` ("yesterday" is 1, "a week ago" 7). When that day
 * was not recorded, the nearest earlier day within `toleranceDays` stands in; otherwise undefined.
 */
export function recordDaysAgo(records: readonly HistoryRecord[], today: string, daysAgo: number, toleranceDays = 1): HistoryRecord | undefined {
  const byDay = new Map(records.map((r) => [r.day, r]));
  for (let extra = 0; extra <= toleranceDays; extra++) {
    const found = byDay.get(shiftDay(today, -(daysAgo + extra)));
    if (found) return found;
  }
  return undefined;
}

/**
 * One metric of one host over the recorded runs, oldest first, as `{ t, v }` points for the
 * forecast. Metric names are the findings' (`metricSamples`): `disk-used-pct:/var`,
 * `db-size-bytes:market`, `table-size-bytes:market.public.ticks`, `hypertable-size-bytes:…`.
 */
export function historySeries(records: readonly HistoryRecord[], host: string, metric: string): { t: number; v: number }[] {
  const points: { t: number; v: number }[] = [];
  for (const record of records) {
    for (const observation of record.observations) {
      if (observation.host !== host) continue;
      const t = Date.parse(observation.at);
      for (const sample of metricSamples(observation)) if (sample.metric === metric) points.push({ t, v: sample.v });
    }
  }
  return points.sort((a, b) => a.t - b.t);
}
