/** Parsers for /proc files and date output. Each returns undefined when it does not understand. */

export function parseUptime(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s+\d+(?:\.\d+)?\s*$/.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

export function parseLoadavg(text: string): [number, number, number] | undefined {
  const match = /^(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(\s|$)/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export interface Memory {
  totalBytes: number;
  availableBytes: number;
  swapTotalBytes: number;
  swapUsedBytes: number;
}

export function parseMeminfo(text: string): Memory | undefined {
  const kib = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line.trim());
    if (match) kib.set(match[1]!, Number(match[2]) * 1024);
  }
  const total = kib.get("MemTotal");
  if (total === undefined) return undefined;
  // Kernels before 3.14 have no MemAvailable; free + buffers + cache is the usual estimate.
  const available = kib.get("MemAvailable") ?? (kib.get("MemFree") ?? 0) + (kib.get("Buffers") ?? 0) + (kib.get("Cached") ?? 0);
  const swapTotal = kib.get("SwapTotal") ?? 0;
  return { totalBytes: total, availableBytes: available, swapTotalBytes: swapTotal, swapUsedBytes: swapTotal - (kib.get("SwapFree") ?? swapTotal) };
}

/** `date +%s.%N` in milliseconds; busybox prints `%N` literally or nothing, so seconds suffice then. */
export function parseEpoch(text: string): number | undefined {
  const match = /^(\d{9,12})(?:\.(\d+|%?N))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] && /^\d+$/.test(match[2]) ? Number(`0.${match[2]}`) : 0;
  return Math.round((Number(match[1]) + fraction) * 1000);
}

/** `PRETTY_NAME` from /etc/os-release, or NAME and VERSION when it is missing. */
export function parseOsRelease(text: string): string | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) fields.set(match[1]!, match[2]!.replace(/^(["'])(.*)\1$/, "$2"));
  }
  const pretty = fields.get("PRETTY_NAME");
  if (pretty) return pretty;
  const name = fields.get("NAME");
  return name ? [name, fields.get("VERSION")].filter(Boolean).join(" ") : undefined;
}
