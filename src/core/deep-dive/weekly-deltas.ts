import { formatBytes, formatPercent } from "../findings/format.ts";
import { metricSamples } from "../findings/metric-samples.ts";
import type { HistoryRecord } from "../history/history-record.ts";
import { recordDaysAgo } from "../history/lookups.ts";

export interface WeeklyDelta {
  /** `db01 /`, `db01 market`, `db01 market.public.ticks`. */
  subject: string;
  metric: string;
  weekAgo: string;
  now: string;
  delta: string;
}

const METRICS: { prefix: string; label: string; format: (v: number) => string; unit: "pct" | "bytes" }[] = [
  { prefix: "disk-used-pct:", label: "disk used", format: formatPercent, unit: "pct" },
  { prefix: "db-size-bytes:", label: "database size", format: formatBytes, unit: "bytes" },
  { prefix: "table-size-bytes:", label: "table size", format: formatBytes, unit: "bytes" },
  { prefix: "hypertable-size-bytes:", label: "hypertable size", format: formatBytes, unit: "bytes" },
];

function samples(record: HistoryRecord | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of record?.observations ?? []) for (const s of metricSamples(o)) out.set(`${s.host}\u0000${s.metric}`, s.v);
  return out;
}

/**
 * Week over week, per host (disks) and per database (databases, their largest tables): the newest
 * record against the one seven days earlier (a day either way tolerated). A subject seen on only
 * one side shows "—", so a new or vanished database is visible too.
 */
export function weeklyDeltas(records: readonly HistoryRecord[], today: string): WeeklyDelta[] {
  const sorted = [...records].filter((r) => r.day <= today).sort((a, b) => a.day.localeCompare(b.day));
  const latest = sorted.at(-1);
  if (!latest) return [];
  const now = samples(latest);
  const before = samples(recordDaysAgo(sorted, latest.day, 7));
  const rows: WeeklyDelta[] = [];
  for (const key of [...new Set([...now.keys(), ...before.keys()])].sort()) {
    const [host, metric] = key.split("\u0000") as [string, string];
    const spec = METRICS.find((m) => metric.startsWith(m.prefix));
    if (!spec) continue;
    const a = before.get(key);
    const b = now.get(key);
    const show = (v: number | undefined) => (v === undefined ? "—" : spec.format(v));
    const delta =
      a === undefined || b === undefined
        ? "—"
        : spec.unit === "pct"
          ? `${b - a >= 0 ? "+" : "−"}${formatPercent(Math.abs(b - a)).replace("%", " pt")}`
          : `${b - a >= 0 ? "+" : "−"}${formatBytes(Math.abs(b - a))}${a > 0 ? ` (${b - a >= 0 ? "+" : "−"}${formatPercent(Math.abs((b - a) / a) * 100)})` : ""}`;
    rows.push({ subject: `${host} ${metric.slice(spec.prefix.length)}`, metric: spec.label, weekAgo: show(a), now: show(b), delta });
  }
  return rows;
}
