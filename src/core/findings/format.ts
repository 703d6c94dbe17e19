const HOUR_MS = 3_600_000;

/** Decimal units, as disks are sold and as the ledger's readers think of them ("4.5 GB/day"). */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1e12, "TB"],
    [1e9, "GB"],
    [1e6, "MB"],
    [1e3, "kB"],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(bytes) >= size) return `${trim(bytes / size)} ${unit}`;
  }
  return `${Math.round(bytes)} B`;
}

/** "45 min", "31 h", "4 days": the length of an outage as a person says it. */
export function formatDuration(ms: number): string {
  const hours = ms / HOUR_MS;
  if (hours < 1) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (hours < 72) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}

export function formatPercent(value: number): string {
  return `${trim(value)}%`;
}

function trim(value: number): string {
  const abs = Math.abs(value);
  return String(abs >= 100 ? Math.round(value) : abs >= 10 ? Math.round(value * 10) / 10 : Math.round(value * 100) / 100);
}
