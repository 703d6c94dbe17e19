import { requireOpsConfig, workingTree } from "../config/load-ops-config.ts";
import { auditPlaybooks } from "../core/policy/audit-playbooks.ts";
import { ConfigurationError, RefusedError } from "../errors.ts";
import { readFreshness } from "./cadence/read-freshness.ts";
import type { JobIO } from "../runner.ts";

/** `rounds check`: validates the ops configuration and audits every playbook's commands. */
export async function checkJob(options: { ops: string; freshness?: boolean }, io: Pick<JobIO, "print" | "now">): Promise<void> {
  const config = await requireOpsConfig(workingTree(options.ops));
  const findings = auditPlaybooks(config);
  if (findings.length > 0) throw new ConfigurationError(findings);
  const { inventory, playbooks, guardrails } = config;
  io.print(`ok: guardrails.yml (${guardrails.protected.hosts.length} protected hosts, ${guardrails.unattended.maxChangesPerDay} unattended change(s) a day, ${guardrails.timezone})`);
  io.print(`ok: inventory.yml (${inventory.hosts.length} hosts, ${inventory.checks.length} checks)`);
  io.print(`ok: playbooks/ (${playbooks.length} playbooks: ${playbooks.map((p) => `${p.id} [${p.class}, ${p.mode}]`).join(", ")})`);
  if (options.freshness) {
    // The dead man's switch on demand: a stale ledger fails the check, loudly.
    const fresh = await readFreshness(options.ops, config, io.now());
    if (fresh.stale) throw new RefusedError(fresh.message);
    io.print(`ok: CHANGELOG.md (${fresh.message})`);
  }
}
