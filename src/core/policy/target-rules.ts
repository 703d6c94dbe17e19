import picomatch from "picomatch";
import type { Reason } from "./decision.ts";
import type { Subject } from "./subject.ts";

/** Where a change may land: never on a protected host, a business service or the firewall. */
export function targetRules({ action, config, host, playbook, steps, effects }: Subject): Reason[] {
  const reasons: Reason[] = [];
  const { protected: guard } = config.guardrails;
  if (guard.hosts.includes(host.name)) {
    reasons.push({ rule: "protected-host", detail: `${host.name} is a protected host in guardrails.yml: it is never automated, attended or not`, verdict: "deny" });
  }
  const targeted = playbook.targets.hosts.includes(host.name) || playbook.targets.roles.some((r) => host.roles.includes(r));
  if (!targeted) reasons.push({ rule: "target", detail: `playbook ${playbook.id} does not target ${host.name} (targets: ${[...playbook.targets.hosts, ...playbook.targets.roles.map((r) => `role ${r}`)].join(", ")})`, verdict: "deny" });

  const patterns = guard.services[host.name] ?? [];
  if (patterns.length > 0) {
    const isBusiness = picomatch(patterns);
    const named = new Set<string>([...Object.values(action.params), ...effects.flatMap((e) => (e.service ? [e.service] : []))]);
    // A protected name written literally into a command counts too, not only a parameter.
    for (const service of host.services) if (steps.some((s) => new RegExp(`(^|[^\\w.-])${escape(service.name)}([^\\w.-]|$)`).test(s))) named.add(service.name);
    for (const name of named) {
      if (isBusiness(name)) reasons.push({ rule: "protected-service", detail: `${name} on ${host.name} is business logic (protected.services: ${patterns.join(", ")}): never a target`, verdict: "deny" });
    }
  }
  for (const e of effects.filter((x) => x.effect === "firewall")) {
    reasons.push({ rule: "firewall", detail: `the command matches ${e.pattern}: the firewall is not an operations target`, verdict: "deny" });
  }
  if (reasons.length === 0) reasons.push({ rule: "target", detail: `${playbook.id} targets ${host.name}, which is not protected`, verdict: "allow" });
  return reasons;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
