import { loadOpsConfig, workingTree } from "../config/load-ops-config.ts";
import { loadParsers } from "../adapters/parsers.ts";
import { auditPlaybooks } from "../core/policy/audit-playbooks.ts";
import { describeProtection } from "../core/policy/describe-protection.ts";
import { ConfigurationError, RefusedError } from "../errors.ts";
import { readFreshness } from "./cadence/read-freshness.ts";
import type { JobIO } from "../runner.ts";

/** `rounds check`: validates the ops configuration and audits every playbook's commands. */
export async function checkJob(options: { ops: string; freshness?: boolean }, io: Pick<JobIO, "print" | "now">): Promise<void> {
  const { config, issues, withLines } = await loadOpsConfig(workingTree(options.ops));
  if (!config) throw new ConfigurationError(issues);
  const audit = auditPlaybooks(config, await loadParsers());
  if (audit.issues.length > 0) throw new ConfigurationError(withLines(audit.issues));
  const { inventory, playbooks, guardrails } = config;
  io.print(
    `ok: guardrails.yml (${guardrails.protected.hosts.length} protected hosts, ${guardrails.unattended.maxChangesPerDay} unattended change(s) a day, ${guardrails.timezone})`,
  );
  io.print(`ok: inventory.yml (${inventory.hosts.length} hosts, ${inventory.checks.length} checks)`);
  for (const line of describeProtection(config)) io.print(`notice: ${line}`);
  io.print(`ok: playbooks/ (${playbooks.length} playbooks: ${playbooks.map((p) => `${p.id} [${p.class}, ${p.mode}]`).join(", ")})`);
  // Values a parameter may take that the review would refuse: the playbook is fine, those values are not.
  for (const note of audit.notes) io.print(`note: ${note}`);
  if (options.freshness) {
    // The dead man's switch on demand: a stale ledger fails the check, loudly.
    const fresh = await readFreshness(options.ops, config, io.now());
    if (fresh.stale) throw new RefusedError(fresh.message);
    io.print(`ok: CHANGELOG.md (${fresh.message})`);
  }
}
