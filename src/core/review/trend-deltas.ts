import { formatBytes, formatPercent } from "../findings/format.ts";
import { metricSamples } from "../findings/metric-samples.ts";
import type { HistoryRecord } from "../history/history-record.ts";
import { recordDaysAgo } from "../history/lookups.ts";
import type { TrendDelta } from "../ledger/day-entry.ts";
import type { Observation } from "../observations/index.ts";

/** The metrics worth a row in the daily entry: disk use per mount and database sizes. */
const TRENDED: { prefix: string; label: string; format: (v: number) => string }[] = [
  { prefix: "disk-used-pct:", label: "disk used", format: formatPercent },
  { prefix: "db-size-bytes:", label: "database size", format: formatBytes },
];

function samples(observations: readonly Observation[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of observations) for (const s of metricSamples(o)) out.set(`${s.host}\u0000${s.metric}`, s.v);
  return out;
}

/**
 * Today against yesterday and a week ago, for every trended metric seen today. Pure: the records
 * are the observation history (`state/observations/`).
 */
export function trendDeltas(today: readonly Observation[], records: readonly HistoryRecord[], day: string): TrendDelta[] {
  const now = samples(today);
  const yesterday = samples(recordDaysAgo(records, day, 1)?.observations ?? []);
  const weekAgo = samples(recordDaysAgo(records, day, 7)?.observations ?? []);
  const rows: TrendDelta[] = [];
  for (const [key, value] of [...now].sort(([a], [b]) => a.localeCompare(b))) {
    const [host, metric] = key.split("\u0000") as [string, string];
    const trend = TRENDED.find((t) => metric.startsWith(t.prefix));
    if (!trend) continue;
    const show = (v: number | undefined) => (v === undefined ? "—" : trend.format(v));
    rows.push({
      subject: `${host} ${metric.slice(trend.prefix.length)}`,
      metric: trend.label,
      yesterday: show(yesterday.get(key)),
      today: show(value),
      weekAgo: show(weekAgo.get(key)),
    });
  }
  return rows;
}
