import type { OpsConfig } from "../../config/ops-config.ts";
import type { Finding, FindingOption } from "../findings/finding.ts";
import { formatBytes } from "../findings/format.ts";

/**
 * The choices for a disk filling with data, with their honest costs — including what a rollback
 * would take. The catalogue playbook for growth (if any) is attached to the option it implements.
 */
export function growthOptions(finding: Finding, config: OpsConfig): FindingOption[] {
  const value = (kind: string) => finding.evidence.find((e) => e.kind === kind)?.value;
  const table = value("table-size") ?? value("database-size");
  const rate = value("disk-rate");
  const size = table === undefined ? "as much free space as the table's uncompressed size" : `about ${formatBytes(table)} free (the table's uncompressed size)`;
  const perDay = rate === undefined ? "the current rate" : `${formatBytes(rate)}/day`;
  const host = config.inventory.hosts.find((h) => h.name === finding.host);
  const playbook = config.playbooks.find(
    (p) => p.remedies === finding.kind && host && (p.targets.hosts.includes(host.name) || p.targets.roles.some((r) => host.roles.includes(r))),
  );
  return [
    {
      title: "Compress (TimescaleDB native compression)",
      tradeoffs: `Keeps all history and loses the bloat; time-series tables typically shrink by 90% or more. Compressed chunks are slower to update and backfill. Attended: one test chunk first to measure the ratio, then the rest, then the policy. Honest rollback cost: the rollback is per-chunk decompression, and a full rollback needs ${size} — room the disk may not have once it has filled further.`,
      ...(playbook ? { playbook: playbook.id } : {}),
    },
    {
      title: "Retention (drop data older than a cut-off)",
      tradeoffs:
        "Frees space at once and bounds growth for good. The dropped history is gone: the only rollback is a restore from backup, which needs a backup that covers it and the time to restore it; backtests and reports that read old data lose it.",
    },
    {
      title: "More disk",
      tradeoffs: `Changes no data, so nothing to roll back in the database; but it treats the symptom: at ${perDay} it buys time, not a cure. It spends money, and growing a volume may need downtime or a partition/LVM change on a stateful host.`,
    },
  ];
}
