import { forecastCrossing } from "../forecast/forecast-crossing.ts";
import type { DiskUsage } from "../observations/host.ts";
import { fingerprintOf, type Severity } from "./finding.ts";
import { formatBytes, formatPercent } from "./format.ts";
import { ofKind, recent, type Draft, type RuleContext } from "./rule-context.ts";

/** 80% is where the article escalates: room left to act calmly, before a full disk decides for you. */
export const DISK_WARN_PCT = 80;
const DISK_HIGH_PCT = 90;
const DISK_CRITICAL_PCT = 95;
/** A disk that will reach 80% within this many days is worth a human's attention today. */
const GROWTH_HORIZON_DAYS = 30;
const GROWTH_URGENT_DAYS = 7;

function level(pct: number): Severity | undefined {
  if (pct >= DISK_CRITICAL_PCT) return "critical";
  if (pct >= DISK_HIGH_PCT) return "high";
  if (pct >= DISK_WARN_PCT) return "medium";
  return undefined;
}

/** Mounts that are full or filling, and inode tables running out. */
export function diskAndInodes(ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const o of ofKind(ctx.observations, "host")) {
    for (const disk of o.facts.disks) {
      const drafts = [diskDraft(ctx, o.host, disk), inodeDraft(o.host, disk)];
      for (const d of drafts) if (d) out.push(d);
    }
  }
  return out;
}

function diskDraft(ctx: RuleContext, host: string, disk: DiskUsage): Draft | undefined {
  if (disk.sizeBytes <= 0) return undefined;
  const pct = (disk.usedBytes / disk.sizeBytes) * 100;
  const used = {
    kind: "used",
    text: `${disk.mount} ${formatPercent(pct)} used (${formatBytes(disk.usedBytes)} of ${formatBytes(disk.sizeBytes)})`,
    value: round(pct),
    unit: "%",
  };
  const points = recent(ctx, ctx.series(host, `disk-used-pct:${disk.mount}`));
  const severity = level(pct);
  const params = { mount: disk.mount, path: disk.mount };
  if (severity) {
    const forecast = forecastCrossing(points, 100, ctx.now);
    const evidence = [used];
    if (forecast.kind === "eta")
      evidence.push({
        kind: "time-to-full",
        text: `full in ${forecast.text} at ${formatBytes((forecast.ratePerDay / 100) * disk.sizeBytes)}/day`,
        value: round(forecast.days),
        unit: "days",
      });
    return {
      kind: "disk-pressure",
      fingerprint: fingerprintOf("disk-pressure", host, disk.mount),
      severity,
      host,
      subject: disk.mount,
      title: `${host} ${disk.mount} is ${formatPercent(pct)} full`,
      evidence,
      forecast,
      params,
    };
  }
  const forecast = forecastCrossing(points, DISK_WARN_PCT, ctx.now);
  if (forecast.kind !== "eta" || forecast.days > GROWTH_HORIZON_DAYS) return undefined;
  const perDay = (forecast.ratePerDay / 100) * disk.sizeBytes;
  return {
    kind: "disk-growth",
    fingerprint: fingerprintOf("disk-growth", host, disk.mount),
    severity: forecast.days <= GROWTH_URGENT_DAYS ? "high" : "medium",
    host,
    subject: disk.mount,
    title: `${host} ${disk.mount} grows ${formatBytes(perDay)}/day: ${DISK_WARN_PCT}% in ${forecast.text}`,
    evidence: [
      used,
      { kind: "disk-rate", text: `growing ${formatBytes(perDay)}/day over ${forecast.points} observations`, value: Math.round(perDay), unit: "bytes/day" },
      { kind: "time-to-80", text: `${DISK_WARN_PCT}% in ${forecast.text}`, value: round(forecast.days), unit: "days" },
    ],
    forecast,
    params,
  };
}

function inodeDraft(host: string, disk: DiskUsage): Draft | undefined {
  if (!disk.inodesTotal || disk.inodesUsed === null) return undefined;
  const pct = (disk.inodesUsed / disk.inodesTotal) * 100;
  const severity = level(pct);
  if (!severity) return undefined;
  return {
    kind: "inode-pressure",
    fingerprint: fingerprintOf("inode-pressure", host, disk.mount),
    severity,
    host,
    subject: disk.mount,
    title: `${host} ${disk.mount} has used ${formatPercent(pct)} of its inodes`,
    evidence: [{ kind: "inodes-used", text: `${disk.inodesUsed} of ${disk.inodesTotal} inodes used`, value: round(pct), unit: "%" }],
    params: { mount: disk.mount, path: disk.mount },
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
