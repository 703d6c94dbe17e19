import type { HistoryRecord } from "./history-record.ts";
import { recordDaysAgo } from "./lookups.ts";

export interface TableGrowth {
  host: string;
  database: string;
  table: string;
  sizeBytes: number;
  /** Size change per day between the two records (negative when the table shrank). */
  bytesPerDay: number;
  /** The two runs compared. */
  from: string;
  to: string;
}

type Sizes = Map<string, { host: string; database: string; table: string; sizeBytes: number }>;

function tableSizes(record: HistoryRecord): Sizes {
  const sizes: Sizes = new Map();
  for (const o of record.observations) {
    if (o.kind !== "postgres") continue;
    for (const t of o.facts.largestTables) sizes.set(`${o.host}\u0000${t.database}\u0000${t.table}`, { host: o.host, ...t });
  }
  return sizes;
}

/**
 * The fastest-growing tables: size deltas between the newest record and the one `days` earlier
 * (the nearest earlier within `days`, else the oldest). Only tables present in both records count —
 * the probe records the largest tables, so a small table growing fast shows up once it is large.
 */
export function fastestGrowingTables(records: readonly HistoryRecord[], options: { days?: number; limit?: number } = {}): TableGrowth[] {
  const sorted = [...records].sort((a, b) => a.at.localeCompare(b.at));
  const latest = sorted.at(-1);
  if (!latest) return [];
  const days = options.days ?? 7;
  const earlier = recordDaysAgo(sorted, latest.day, days, days - 1) ?? sorted.find((r) => r.day < latest.day);
  if (!earlier) return [];
  const elapsedDays = (Date.parse(latest.at) - Date.parse(earlier.at)) / 86_400_000;
  if (elapsedDays <= 0) return [];
  const before = tableSizes(earlier);
  const growth: TableGrowth[] = [];
  for (const [key, now] of tableSizes(latest)) {
    const then = before.get(key);
    if (!then) continue;
    growth.push({ ...now, bytesPerDay: Math.round((now.sizeBytes - then.sizeBytes) / elapsedDays), from: earlier.at, to: latest.at });
  }
  return growth.sort((a, b) => b.bytesPerDay - a.bytesPerDay).slice(0, options.limit ?? 5);
}
