import { formatBytes, formatDuration, formatPercent } from "../core/findings/format.ts";
import type { Observation } from "../core/observations/index.ts";
import type { HostFacts } from "../core/observations/host.ts";
import type { PostgresFacts } from "../core/observations/postgres.ts";
import type { PrometheusFacts } from "../core/observations/prometheus.ts";

type Row = [string, string];

/**
 * The observations as one small table per host, in the order the hosts first appear: what a person
 * reads at a terminal. Faults are rows like any other, marked FAULT, so a bad host cannot hide.
 */
export function formatObservationTables(observations: readonly Observation[]): string[] {
  const hosts = [...new Set(observations.map((o) => o.host))];
  const lines: string[] = [];
  for (const host of hosts) {
    const rows = observations.filter((o) => o.host === host).flatMap(rowsOf);
    const width = Math.max(...rows.map(([label]) => label.length));
    lines.push(`== ${host} ==`);
    for (const [label, text] of rows) lines.push(`  ${label.padEnd(width)}  ${text}`);
    lines.push("");
  }
  return lines;
}

function rowsOf(o: Observation): Row[] {
  switch (o.kind) {
    case "host":
      return hostRows(o.facts);
    case "prometheus":
      return prometheusRows(o.endpoint, o.facts);
    case "postgres":
      return postgresRows(o.facts);
    case "check": {
      const r = o.result;
      if (r.type === "http") {
        const status = r.status === null ? `no answer (${r.error ?? "unknown"})` : `HTTP ${r.status}`;
        const verdict = r.status === r.expectStatus ? "ok" : `expected ${r.expectStatus}`;
        return [[`check ${o.check}`, `${status}, ${verdict}, ${r.latencyMs} ms — ${r.url}`]];
      }
      const values = r.values.length === 0 ? "no data" : r.values.map((v) => String(Math.round(v.value * 1000) / 1000)).join(", ");
      const breach = r.breach ? ` (breach when ${r.breach.op} ${r.breach.value})` : "";
      const verdict = r.breached === true ? `BREACHED${r.breachedSince ? ` since ${r.breachedSince}` : ""}` : r.breached === false ? "ok" : "unknown";
      return [[`check ${o.check}`, `${values}${breach}: ${verdict}`]];
    }
    case "fault":
      return [[`FAULT ${o.probe}${o.check ? ` ${o.check}` : ""}`, `${o.fault.kind}: ${o.fault.message}`]];
  }
}

function hostRows(f: HostFacts): Row[] {
  const mem = f.memory;
  const rows: Row[] = [
    ["host", `${f.os} · kernel ${f.kernel} · up ${formatDuration(f.uptimeSeconds * 1000)} · load ${f.load.join(" ")}`],
    [
      "memory",
      `${formatBytes(mem.availableBytes)} available of ${formatBytes(mem.totalBytes)} · swap ${formatBytes(mem.swapUsedBytes)} used of ${formatBytes(mem.swapTotalBytes)}`,
    ],
  ];
  for (const d of f.disks) {
    const inodes = d.inodesTotal ? ` · inodes ${formatPercent(((d.inodesUsed ?? 0) / d.inodesTotal) * 100)}` : "";
    rows.push([`disk ${d.mount}`, `${d.sizeBytes > 0 ? formatPercent((d.usedBytes / d.sizeBytes) * 100) : "?"} of ${formatBytes(d.sizeBytes)}${inodes}`]);
  }
  if (f.failedUnits) rows.push(["failed units", f.failedUnits.length === 0 ? "none" : f.failedUnits.join(", ")]);
  for (const c of f.containers ?? []) rows.push([`container ${c.name}`, `${c.state} · ${c.health} · ${c.restartCount} restarts · ${c.image}`]);
  if (f.clockOffsetMs !== null) rows.push(["clock offset", `${f.clockOffsetMs} ms`]);
  for (const u of f.unavailable ?? []) rows.push([`no ${u.probe}`, u.reason]);
  return rows;
}

function prometheusRows(endpoint: string, f: PrometheusFacts): Row[] {
  const down = f.targets.filter((t) => t.health !== "up");
  const rows: Row[] = [
    [
      "prometheus",
      `${endpoint} · ${f.ruleGroups.length} rule groups · ${f.alertingRules} alerting rules${f.alertingRules === 0 ? " — it alerts on nothing" : ""}`,
    ],
    ["targets", `${f.targets.length - down.length} of ${f.targets.length} up`],
  ];
  for (const t of down) rows.push([`target ${t.job}`, `${t.health} ${t.instance}: ${t.lastError || "no error given"}`]);
  for (const g of f.ruleGroups) for (const u of g.unhealthy) rows.push([`rule ${u.rule}`, `failing: ${u.lastError}`]);
  for (const a of f.alerts) rows.push([`alert ${a.name}`, `${a.state} since ${a.activeAt}${a.labels.instance ? ` (${a.labels.instance})` : ""}`]);
  for (const p of f.pgUp ?? []) if (p.value === 0) rows.push(["pg_up 0", `${p.instance}: the exporter cannot reach its database`]);
  return rows;
}

function postgresRows(f: PostgresFacts): Row[] {
  const rows: Row[] = [["postgres", `${f.version.split(" on ")[0]} · ${f.connections.used} of ${f.connections.max} connections`]];
  for (const d of f.databases) rows.push([`database ${d.name}`, formatBytes(d.sizeBytes)]);
  for (const t of f.largestTables.slice(0, 5)) rows.push([`table ${t.database}.${t.table}`, formatBytes(t.sizeBytes)]);
  for (const t of f.longTransactions) rows.push([`long transaction`, `pid ${t.pid}, ${formatDuration(t.seconds * 1000)}, ${t.state}: ${t.query.slice(0, 60)}`]);
  for (const r of f.replication)
    rows.push([
      `replica ${r.client}`,
      `${r.lagBytes === null ? "" : `${formatBytes(r.lagBytes)} behind`}${r.lagSeconds === null ? "" : ` ${r.lagSeconds} s`}`.trim(),
    ]);
  for (const h of f.timescale?.hypertables ?? []) {
    rows.push([
      `hypertable ${h.name}`,
      `${formatBytes(h.sizeBytes)} · ${h.compressedChunks}/${h.totalChunks} chunks compressed${h.compressionRatio ? ` · ratio ${h.compressionRatio}` : ""}`,
    ]);
  }
  return rows;
}
