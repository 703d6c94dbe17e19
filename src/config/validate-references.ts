import type { ConfigIssue } from "../errors.ts";
import { didYouMean } from "./did-you-mean.ts";
import { GUARDRAILS_FILE, INVENTORY_FILE, type OpsConfig } from "./ops-config.ts";
import { allSteps } from "../core/policy/playbook-steps.ts";
import { placeholders } from "../core/policy/render.ts";
import { validateMachines } from "./validate-machines.ts";

/**
 * Cross-file checks the schemas cannot express: every name that refers to a host, role or
 * parameter must exist, and no playbook may target a protected host — nor, once the names resolve,
 * any other name of a protected machine (validate-machines.ts). Pure.
 */
export function validateReferences(config: OpsConfig, playbookFiles: string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { guardrails, inventory, playbooks } = config;
  const hostNames = inventory.hosts.map((h) => h.name);
  const roles = [...new Set(inventory.hosts.flatMap((h) => h.roles))];
  const unknownHost = (file: string, path: string, host: string) =>
    issues.push({ file, path, message: `unknown host "${host}"${didYouMean(host, hostNames)}; hosts are declared in ${INVENTORY_FILE}` });

  const seen = new Set<string>();
  inventory.hosts.forEach((host, i) => {
    if (seen.has(host.name)) issues.push({ file: INVENTORY_FILE, path: `hosts[${i}].name`, message: `duplicate host name "${host.name}"` });
    seen.add(host.name);
    if (host.jump !== undefined && !hostNames.includes(host.jump)) unknownHost(INVENTORY_FILE, `hosts[${i}].jump`, host.jump);
    if (host.jump === host.name) issues.push({ file: INVENTORY_FILE, path: `hosts[${i}].jump`, message: "a host cannot be its own jump host" });
  });
  inventory.checks.forEach((check, i) => {
    if (check.host !== undefined && !hostNames.includes(check.host)) unknownHost(INVENTORY_FILE, `checks[${i}].host`, check.host);
    const endpoint = check.prometheus?.endpoint;
    if (endpoint !== undefined) {
      const host = inventory.hosts.find((h) => h.name === endpoint);
      if (!host) unknownHost(INVENTORY_FILE, `checks[${i}].prometheus.endpoint`, endpoint);
      else if (!host.probes.prometheus)
        issues.push({ file: INVENTORY_FILE, path: `checks[${i}].prometheus.endpoint`, message: `host "${endpoint}" has no prometheus probe to query` });
    }
  });

  guardrails.protected.hosts.forEach((h, i) => {
    if (!hostNames.includes(h)) unknownHost(GUARDRAILS_FILE, `protected.hosts[${i}]`, h);
  });
  for (const h of Object.keys(guardrails.protected.services)) if (!hostNames.includes(h)) unknownHost(GUARDRAILS_FILE, `protected.services.${h}`, h);
  guardrails.busy.forEach((period, i) =>
    period.hosts.forEach((h, j) => {
      if (!hostNames.includes(h)) unknownHost(GUARDRAILS_FILE, `busy[${i}].hosts[${j}]`, h);
    }),
  );

  const ids = new Map<string, string>();
  playbooks.forEach((playbook, i) => {
    const file = playbookFiles[i] ?? `playbooks/${playbook.id}.yml`;
    const other = ids.get(playbook.id);
    if (other) issues.push({ file, path: "id", message: `duplicate playbook id "${playbook.id}" (also in ${other})` });
    ids.set(playbook.id, file);
    playbook.targets.hosts.forEach((h, j) => {
      if (!hostNames.includes(h)) unknownHost(file, `targets.hosts[${j}]`, h);
      else if (guardrails.protected.hosts.includes(h))
        issues.push({ file, path: `targets.hosts[${j}]`, message: `"${h}" is a protected host in ${GUARDRAILS_FILE}: no playbook may target it` });
    });
    playbook.targets.roles.forEach((r, j) => {
      if (!roles.includes(r))
        issues.push({ file, path: `targets.roles[${j}]`, message: `no host in ${INVENTORY_FILE} has the role "${r}"${didYouMean(r, roles)}` });
    });
    const declared = Object.keys(playbook.parameters);
    for (const name of declared) {
      if (BUILTIN_PLACEHOLDERS.includes(name))
        issues.push({ file, path: `parameters.${name}`, message: `"${name}" is filled by Rounds itself; choose another parameter name` });
    }
    for (const { where, step } of allSteps(playbook)) {
      // A restart names one service: a parameter of type service, or a literal name.
      if ("restart" in step) {
        const param = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(step.restart.trim())?.[1];
        const type = param === undefined ? undefined : playbook.parameters[param]?.type;
        if (param === undefined ? /[{}]/.test(step.restart) : type !== undefined && !["service", "container", "unit"].includes(type)) {
          issues.push({
            file,
            path: `${where}.restart`,
            message: `restart names one service: a literal name or a single {{parameter}} of type service, container or unit${type ? ` (${param} is ${type})` : ""}`,
          });
        }
      }
      for (const used of placeholders(step)) {
        if (!declared.includes(used) && !BUILTIN_PLACEHOLDERS.includes(used)) {
          issues.push({ file, path: where, message: `uses {{${used}}}, which is not a declared parameter${didYouMean(used, declared)}` });
        }
      }
    }
  });
  issues.push(...validateMachines(config, playbookFiles));
  return issues;
}

/** Placeholders the executor fills itself (`change_key` is the change id in SQL's word alphabet). */
export const BUILTIN_PLACEHOLDERS = ["host", "snapshot_dir", "change_id", "change_key"];
