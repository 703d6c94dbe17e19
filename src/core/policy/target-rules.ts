import type { Reason } from "./decision.ts";
import { buildMachines, type Machines } from "./machines.ts";
import { clip } from "./class-rules.ts";
import type { Subject } from "./subject.ts";

/**
 * Where a change may land: never on a protected machine (by any name, address, alias, key or jump
 * path), never on a business service of any name of the machine, never on the firewall, and never
 * reaching a protected host from a step (DESIGN invariant 2).
 */
export function targetRules(subject: Subject): Reason[] {
  const { action, config, host, playbook } = subject;
  const { effects } = subject;
  const machines = buildMachines(config);
  const reasons: Reason[] = [];
  const deny = (rule: string, detail: string, step?: string) => reasons.push({ rule, detail, verdict: "deny", ...(step ? { step } : {}) });

  const protection = machines.isProtected(host.name);
  if (protection.protected) deny("protected-host", protection.why);
  const jump = protectedJump(machines, config.inventory.hosts, host.name);
  if (jump) deny("protected-jump", jump);
  const targeted = playbook.targets.hosts.includes(host.name) || playbook.targets.roles.some((r) => host.roles.includes(r));
  if (!targeted)
    deny(
      "target",
      `playbook ${playbook.id} does not target ${host.name} (targets: ${[...playbook.targets.hosts, ...playbook.targets.roles.map((r) => `role ${r}`)].join(", ")})`,
    );

  const words = wordsOf(subject);
  const named = new Set<string>([
    ...effects.flatMap((e) => (e.service ? [e.service] : [])),
    ...Object.values(action.params).flatMap((v) => [v, ...parts(v)]),
    ...words.flatMap(parts),
  ]);
  const business = new Set<string>();
  const conflicts = new Set<string>();
  for (const name of named) {
    const match = machines.protectedService(host.name, name);
    const key = name.normalize("NFKC").toLowerCase();
    if (match && !business.has(key)) {
      business.add(key);
      const where = match.on === host.name ? host.name : `${match.on}, the same machine as ${host.name}`;
      deny(
        "protected-service",
        `${name} on ${host.name} is business logic (protected.services of ${where}: "${match.glob}", any case): never a target`,
        effects.find((e) => e.service === name)?.step,
      );
    }
    const conflict = machines.statelessConflict(host.name, name);
    if (conflict && !conflicts.has(key)) {
      conflicts.add(key);
      deny(
        "stateless-disagreement",
        `${name} is declared stateless on ${conflict.stateless.join(", ")} but stateful on ${conflict.stateful.join(", ")}, names of the same machine: it counts as stateful`,
      );
    }
  }

  const reached = new Set<string>();
  const reach = (target: string, how: string, step?: string) => {
    const as = machines.protectedReach(host.name, target);
    if (!as || reached.has(target) || protection.protected) return;
    reached.add(target);
    deny(
      "protected-reach",
      `${how} ${target}, which reaches a protected host (${as}): a protected host is never the target of any change, from any host`,
      step,
    );
  };
  for (const e of effects) if (e.reaches) reach(e.reaches, `a command (${e.rule}) reaches`, e.step);
  // Defence in depth: beyond what the classifier says a command reaches, any word naming a protected
  // host or its address counts (a name in an argument the vocabulary does not read as a target).
  for (const word of words) reach(word, "a step names");

  for (const e of effects.filter((x) => x.effect === "firewall")) {
    deny("firewall", `\`${clip(e.command)}\` is ${e.rule}: the firewall is not an operations target`, e.step);
  }
  if (reasons.length === 0) reasons.push({ rule: "target", detail: `${playbook.id} targets ${host.name}, which is not protected`, verdict: "allow" });
  return reasons;
}

/** A jump path through a protected machine carries the change through the firewall's host: refused. */
function protectedJump(machines: Machines, hosts: Subject["config"]["inventory"]["hosts"], start: string): string | undefined {
  const seen = new Set([start]);
  for (let at = hosts.find((h) => h.name === start)?.jump; at !== undefined; at = hosts.find((h) => h.name === at)?.jump) {
    if (seen.has(at)) return `the jump path of ${start} loops at ${at}: a path Rounds cannot follow is not taken`;
    seen.add(at);
    const p = machines.isProtected(at);
    if (p.protected && p.cause !== "unresolved") return `${start} is reached through ${at}: ${p.why}; a protected host is never a jump host`;
  }
  return undefined;
}

/** The words of the rendered steps, escapes removed, cut at shell punctuation. */
function wordsOf(subject: Subject): string[] {
  return subject.steps.flatMap((step) => step.replace(/\\(.)/g, "$1").split(/[\s;|&()<>`'"=,]+/)).filter((w) => w !== "");
}

/** A word's components: path segments, `image:tag`, `user@host`, `${x}` — each may name a service. */
function parts(word: string): string[] {
  return word.split(/[/:@${}\s]+/).filter((p) => p !== "");
}
