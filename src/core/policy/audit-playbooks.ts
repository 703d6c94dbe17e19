import type { OpsConfig } from "../../config/ops-config.ts";
import type { ConfigIssue } from "../../errors.ts";
import { allSteps, declaredClasses, detectEffects } from "./detect-effects.ts";

/**
 * The static audit behind `rounds check`: a command that matches a dangerous pattern while the
 * playbook claims a lesser class is an error naming the playbook, the step and the pattern.
 */
export function auditPlaybooks(config: OpsConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const stateless = new Set(config.inventory.hosts.flatMap((h) => h.services.filter((s) => s.stateless).map((s) => s.name)));
  for (const playbook of config.playbooks) {
    const file = `playbooks/${playbook.id}.yml`;
    const allowed = declaredClasses(playbook);
    const isStateless = (service: string) => stateless.has(service) || isContainerOrUnitParameter(service, playbook.parameters);
    for (const { where, step } of allSteps(playbook)) {
      for (const found of detectEffects(step, playbook, isStateless)) {
        if (found.effect === "firewall") {
          issues.push({ file, path: where, message: `playbook "${playbook.id}" runs a firewall command (${found.pattern}): the firewall is never an operations target` });
        } else if (!allowed.has(found.effect)) {
          issues.push({ file, path: where, message: `playbook "${playbook.id}" claims class "${playbook.class}" but this step matches "${found.pattern}" (${found.effect}); declare it in class/touches or remove the command` });
        }
      }
    }
  }
  return issues;
}

/** `{{container}}` in a restart is checked against the inventory when rendered, not here. */
function isContainerOrUnitParameter(service: string, parameters: OpsConfig["playbooks"][number]["parameters"]): boolean {
  const name = /^\{\{\s*(\w+)\s*\}\}$/.exec(service)?.[1];
  const type = name === undefined ? undefined : parameters[name]?.type;
  return type === "container" || type === "unit";
}
