import type { Observation } from "../observations/index.ts";

export interface MetricSample {
  host: string;
  metric: string;
  v: number;
}

/**
 * The numbers of one observation that trends and forecasts are drawn from, named `what:subject`.
 * One list for the current run and the history, so a series means the same thing on both sides.
 */
export function metricSamples(observation: Observation): MetricSample[] {
  const host = observation.host;
  const out: MetricSample[] = [];
  const push = (metric: string, v: number) => {
    if (Number.isFinite(v)) out.push({ host, metric, v });
  };
  switch (observation.kind) {
    case "host":
      for (const disk of observation.facts.disks) {
        if (disk.sizeBytes > 0) push(`disk-used-pct:${disk.mount}`, (disk.usedBytes / disk.sizeBytes) * 100);
        push(`disk-used-bytes:${disk.mount}`, disk.usedBytes);
        if (disk.inodesTotal && disk.inodesUsed !== null) push(`inode-used-pct:${disk.mount}`, (disk.inodesUsed / disk.inodesTotal) * 100);
      }
      for (const container of observation.facts.containers ?? []) push(`container-restarts:${container.name}`, container.restartCount);
      break;
    case "postgres":
      for (const db of observation.facts.databases) push(`db-size-bytes:${db.name}`, db.sizeBytes);
      for (const t of observation.facts.largestTables) push(`table-size-bytes:${t.database}.${t.table}`, t.sizeBytes);
      for (const h of observation.facts.timescale?.hypertables ?? []) push(`hypertable-size-bytes:${h.name}`, h.sizeBytes);
      break;
    case "prometheus":
      for (const t of observation.facts.targets) push(`target-up:${t.job}/${t.instance}`, t.health === "up" ? 1 : 0);
      for (const p of observation.facts.pgUp ?? []) push(`pg-up:${p.instance}`, p.value);
      break;
    case "check":
    case "fault":
      break;
  }
  return out;
}
