import type { OpsConfig } from "../../config/ops-config.ts";
import type { Remedy } from "./finding.ts";
import type { Draft } from "./rule-context.ts";

/** Parameter types a finding can fill by type when the playbook names the parameter differently. */
const BY_TYPE = new Set(["container", "unit", "database", "host"]);

/**
 * The catalogue playbook that remedies this finding on its host: `remedies` names the finding's
 * kind, `targets` covers the host, and every parameter without a default gets a value from the
 * finding. Whether it may run is the policy's decision, not this one.
 */
export function attachRemedy(draft: Draft, config: OpsConfig): Remedy | undefined {
  const host = config.inventory.hosts.find((h) => h.name === draft.host);
  if (!host) return undefined;
  const candidates = config.playbooks
    .filter((p) => p.remedies === draft.kind)
    .filter((p) => p.targets.hosts.includes(host.name) || p.targets.roles.some((r) => host.roles.includes(r)))
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const playbook of candidates) {
    const params: Record<string, string> = {};
    let complete = true;
    for (const [name, spec] of Object.entries(playbook.parameters)) {
      const value = draft.params?.[name] ?? (BY_TYPE.has(spec.type) ? draft.params?.[spec.type] : undefined);
      if (value !== undefined) params[name] = value;
      else if (spec.default === undefined) complete = false;
    }
    if (complete) return { playbook: playbook.id, params };
  }
  return undefined;
}
