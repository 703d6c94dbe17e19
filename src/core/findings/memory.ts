import { fingerprintOf, type Severity } from "./finding.ts";
import { formatBytes, formatPercent } from "./format.ts";
import { ofKind, type Draft, type RuleContext } from "./rule-context.ts";

/** Under this share of memory available, the kernel starts reclaiming hard and the OOM killer gets close. */
const AVAILABLE_HIGH = 10;
const AVAILABLE_CRITICAL = 5;
/** Swap this full while memory is also short means the host is paging, not just parking idle pages. */
const SWAP_BUSY = 50;
const AVAILABLE_TIGHT = 20;

export function memory(ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const o of ofKind(ctx.observations, "host")) {
    const m = o.facts.memory;
    if (m.totalBytes <= 0) continue;
    const available = (m.availableBytes / m.totalBytes) * 100;
    const swap = m.swapTotalBytes > 0 ? (m.swapUsedBytes / m.swapTotalBytes) * 100 : 0;
    let severity: Severity | undefined;
    if (available < AVAILABLE_CRITICAL) severity = "critical";
    else if (available < AVAILABLE_HIGH) severity = "high";
    else if (swap > SWAP_BUSY && available < AVAILABLE_TIGHT) severity = "medium";
    if (!severity) continue;
    const evidence = [{ kind: "available", text: `${formatPercent(available)} of ${formatBytes(m.totalBytes)} available`, value: round(available), unit: "%" }];
    if (m.swapTotalBytes > 0)
      evidence.push({ kind: "swap", text: `swap ${formatPercent(swap)} used (${formatBytes(m.swapUsedBytes)})`, value: round(swap), unit: "%" });
    out.push({
      kind: "memory-pressure",
      fingerprint: fingerprintOf("memory-pressure", o.host, "memory"),
      severity,
      host: o.host,
      subject: "memory",
      title: `${o.host} is short of memory: ${formatPercent(available)} available`,
      evidence,
    });
  }
  return out;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
