import { forecastCrossing } from "../forecast/forecast-crossing.ts";
import { leastSquares } from "../forecast/least-squares.ts";
import { DISK_WARN_PCT } from "./disk-and-inodes.ts";
import { fingerprintOf } from "./finding.ts";
import { formatBytes, formatPercent } from "./format.ts";
import { ofKind, recent, type Draft, type RuleContext, type SeriesPoint } from "./rule-context.ts";

const DAY_MS = 86_400_000;
/** A database explains a disk's growth when it accounts for at least this share of it. */
const ATTRIBUTION_SHARE = 0.5;

/**
 * Disk growth caused by data: when a database on the same host grows by most of what the disk grows,
 * the disk finding becomes a database-growth finding naming the database and its fastest-growing
 * table, with the time to 80%. A disk already under pressure keeps its finding, marked with the cause.
 */
export function attributeDataGrowth(drafts: Draft[], ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const draft of drafts) {
    if (draft.kind !== "disk-growth" && draft.kind !== "disk-pressure") {
      out.push(draft);
      continue;
    }
    const cause = causeOf(ctx, draft.host, draft.subject);
    if (!cause) {
      out.push(draft);
      continue;
    }
    const attributed = {
      kind: "attributed-to",
      text: `growth is data: ${cause.label} grows ${formatBytes(cause.rate)}/day, ${formatPercent(Math.round(cause.share * 100))} of the disk's ${formatBytes(cause.diskRate)}/day`,
      value: Math.round(cause.rate),
      unit: "bytes/day",
    };
    if (draft.kind === "disk-pressure") out.push({ ...draft, evidence: [...draft.evidence, attributed] });
    out.push(growthDraft(ctx, draft, cause, attributed));
  }
  return out;
}

interface Cause {
  database: string;
  table?: { name: string; sizeBytes: number; rate: number };
  label: string;
  rate: number;
  diskRate: number;
  share: number;
  sizeBytes: number;
}

function causeOf(ctx: RuleContext, host: string, mount: string): Cause | undefined {
  const pg = ofKind(ctx.observations, "postgres").find((o) => o.host === host);
  const diskRate = slopePerDay(recent(ctx, ctx.series(host, `disk-used-bytes:${mount}`)));
  if (!pg || !diskRate || diskRate <= 0) return undefined;
  const databases = pg.facts.databases
    .map((db) => ({ db, rate: slopePerDay(recent(ctx, ctx.series(host, `db-size-bytes:${db.name}`))) ?? 0 }))
    .sort((a, b) => b.rate - a.rate);
  const top = databases[0];
  if (!top || top.rate < ATTRIBUTION_SHARE * diskRate) return undefined;
  // Hypertables are counted whole (their chunks would each look small); plain tables by name.
  const tables = [
    ...pg.facts.largestTables
      .filter((t) => t.database === top.db.name)
      .map((t) => ({ name: t.table, sizeBytes: t.sizeBytes, metric: `table-size-bytes:${t.database}.${t.table}` })),
    ...(pg.facts.timescale?.hypertables ?? []).map((h) => ({ name: h.name, sizeBytes: h.sizeBytes, metric: `hypertable-size-bytes:${h.name}` })),
  ]
    .map((t) => ({ name: t.name, sizeBytes: t.sizeBytes, rate: slopePerDay(recent(ctx, ctx.series(host, t.metric))) ?? 0 }))
    .sort((a, b) => b.rate - a.rate);
  const table = tables[0] && tables[0].rate > 0 ? tables[0] : undefined;
  const label = table ? `${top.db.name}.${table.name}` : top.db.name;
  return {
    database: top.db.name,
    ...(table ? { table } : {}),
    label,
    rate: table?.rate ?? top.rate,
    diskRate,
    share: top.rate / diskRate,
    sizeBytes: top.db.sizeBytes,
  };
}

function growthDraft(ctx: RuleContext, disk: Draft, cause: Cause, attributed: Draft["evidence"][number]): Draft {
  const points = recent(ctx, ctx.series(disk.host, `disk-used-pct:${disk.subject}`));
  const forecast = forecastCrossing(points, DISK_WARN_PCT, ctx.now);
  const when =
    forecast.kind === "eta"
      ? `${DISK_WARN_PCT}% in ${forecast.text}`
      : forecast.kind === "already-crossed"
        ? `already past ${DISK_WARN_PCT}%`
        : `no forecast: ${forecast.kind === "declined" ? forecast.reason : "not rising"}`;
  const evidence: Draft["evidence"] = [
    ...disk.evidence.filter((e) => e.kind === "used"),
    attributed,
    { kind: "disk-rate", text: `${disk.host} ${disk.subject} grows ${formatBytes(cause.diskRate)}/day`, value: Math.round(cause.diskRate), unit: "bytes/day" },
    { kind: "database-size", text: `database ${cause.database} is ${formatBytes(cause.sizeBytes)}`, value: cause.sizeBytes, unit: "bytes" },
  ];
  if (cause.table)
    evidence.push({
      kind: "table-size",
      text: `table ${cause.table.name} is ${formatBytes(cause.table.sizeBytes)}`,
      value: cause.table.sizeBytes,
      unit: "bytes",
    });
  evidence.push(
    forecast.kind === "eta" ? { kind: "time-to-80", text: when, value: Math.round(forecast.days * 10) / 10, unit: "days" } : { kind: "time-to-80", text: when },
  );
  const params: Record<string, string> = { database: cause.database };
  if (cause.table) params.table = cause.table.name;
  return {
    kind: "database-growth",
    fingerprint: fingerprintOf("database-growth", disk.host, cause.label),
    severity: disk.kind === "disk-pressure" || (forecast.kind === "eta" && forecast.days <= 7) ? "high" : "medium",
    host: disk.host,
    subject: cause.label,
    title: `${cause.label} on ${disk.host} grows ${formatBytes(cause.rate)}/day and fills ${disk.subject}: ${when}`,
    evidence,
    forecast,
    params,
  };
}

function slopePerDay(points: readonly SeriesPoint[]): number | undefined {
  return leastSquares(points.map((p) => ({ x: p.t / DAY_MS, y: p.v })))?.slope;
}
