import type { OpsConfig } from "../../config/ops-config.ts";
import { buildMachines } from "./machines.ts";

/**
 * What `rounds check` says about protection beyond the list in guardrails.yml: each host protected
 * because it is the same machine as a protected one (and why), and each host protected because its
 * address did not resolve. Empty when protection is exactly the list.
 */
export function describeProtection(config: OpsConfig): string[] {
  const machines = buildMachines(config);
  const lines: string[] = [];
  for (const host of config.inventory.hosts) {
    const p = machines.isProtected(host.name);
    if (p.protected && p.cause !== "listed") lines.push(`protected: ${p.why}`);
  }
  return [...new Set(lines)];
}
