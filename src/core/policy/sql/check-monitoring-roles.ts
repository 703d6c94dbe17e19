import type { Effect } from "../effects.ts";
import { isAllowedMonitoringRoleName, MONITORING_RULES } from "./monitoring-role-rule.ts";

/**
 * Closes the monitoring-role rule over one rendered playbook: a grant to, or a drop of, a role that
 * no earlier "monitoring-role" create in the same list made is a privilege effect, so nobody can
 * grant to or drop an existing role through the rule. Effects must be in the order they run.
 */
export function checkMonitoringRoles(effects: Effect[]): Effect[] {
  const created = new Set<string>();
  return effects.map((found) => {
    if (found.effect !== "monitoring-role") return found;
    if (!isAllowedMonitoringRoleName(found.role)) {
      return demote(found, `role ${found.role ?? "(none)"} may never be managed unattended`);
    }
    if (found.rule === MONITORING_RULES.create) {
      created.add(found.role);
      return found;
    }
    if (!created.has(found.role)) {
      return demote(found, `role ${found.role} is not created by this playbook before it is granted to or dropped`);
    }
    return found;
  });
}

function demote(found: Effect, why: string): Effect {
  return { ...found, effect: "privilege", rule: `${found.rule} (not allowed)`, detail: why };
}
