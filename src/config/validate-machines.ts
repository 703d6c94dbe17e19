import type { ConfigIssue } from "../errors.ts";
import { buildMachines } from "../core/policy/machines.ts";
import { GUARDRAILS_FILE, INVENTORY_FILE, type OpsConfig } from "./ops-config.ts";

/**
 * The checks that follow the machine, not the spelling (DESIGN invariant 2): a protected host is
 * never a jump host, a playbook never names a host that is a protected machine, and two names of
 * one machine never disagree on whether a service keeps state. Pure.
 */
export function validateMachines(config: OpsConfig, playbookFiles: string[]): ConfigIssue[] {
  const machines = buildMachines(config);
  const issues: ConfigIssue[] = [];
  // A host protected only because an address did not resolve is a notice (`describeProtection`), not an error.
  const protectedMachine = (name: string) => {
    const p = machines.isProtected(name);
    return p.protected && p.cause !== "unresolved" ? p : undefined;
  };
  config.inventory.hosts.forEach((host, i) => {
    const jump = host.jump === undefined ? undefined : protectedMachine(host.jump);
    if (jump) issues.push({ file: INVENTORY_FILE, path: `hosts[${i}].jump`, message: `${jump.why}; a protected host is never a jump host` });
    host.services.forEach((service, k) => {
      const conflict = machines.statelessConflict(host.name, service.name);
      if (!conflict || !service.stateless) return;
      issues.push({
        file: INVENTORY_FILE,
        path: `hosts[${i}].services[${k}].stateless`,
        message: `${service.name} is declared stateless on ${conflict.stateless.join(", ")} but stateful on ${conflict.stateful.join(", ")}, names of the same machine: declare it the same way on every name (until then it counts as stateful)`,
      });
    });
  });
  config.playbooks.forEach((playbook, i) => {
    const file = playbookFiles[i] ?? `playbooks/${playbook.id}.yml`;
    playbook.targets.hosts.forEach((h, j) => {
      const p = protectedMachine(h);
      if (p?.cause === "same-machine")
        issues.push({
          file,
          path: `targets.hosts[${j}]`,
          message: `"${h}" is protected: ${p.why}; no playbook may target it (protected.hosts in ${GUARDRAILS_FILE})`,
        });
    });
  });
  return issues;
}
