import type { ForbiddenClass } from "../../config/schemas/guardrails.ts";
import type { Playbook, Step } from "../../config/schemas/playbook.ts";

/** What a command does beyond a reversible change, as far as a pattern can tell. */
export interface Effect {
  /** An action class, or "firewall" for the security perimeter (refused everywhere). */
  effect: ForbiddenClass | "firewall";
  pattern: string;
  /** The service a restart names, when the pattern found one. */
  service?: string;
}

interface Pattern {
  effect: Effect["effect"];
  name: string;
  regex: RegExp;
}

const SHELL: Pattern[] = [
  { effect: "reboot", name: "reboot/shutdown/poweroff/halt", regex: /(^|[\s;&|(`])(sudo\s+)?(reboot|shutdown|poweroff|halt|kexec)\b/ },
  { effect: "reboot", name: "systemctl reboot/poweroff", regex: /\bsystemctl\s+(reboot|poweroff|halt|kexec|emergency|rescue)\b/ },
  { effect: "reboot", name: "init 0/6", regex: /\b(init|telinit)\s+[06]\b/ },
  { effect: "firewall", name: "firewall command (iptables/nft/pfctl/ufw/firewall-cmd)", regex: /\b(iptables|ip6tables|iptables-restore|nft|pfctl|ufw|firewall-cmd)\b/ },
  { effect: "data", name: "mkfs", regex: /\bmkfs(\.\w+)?\b/ },
  { effect: "data", name: "dd", regex: /(^|[\s;&|(`])dd\s/ },
  { effect: "data", name: "wipefs/shred", regex: /\b(wipefs|shred)\b/ },
];

const SQL: Pattern[] = [
  { effect: "data", name: "DROP (table/database/schema)", regex: /\bDROP\s+(TABLE|DATABASE|SCHEMA|INDEX|VIEW|MATERIALIZED|EXTENSION)\b/i },
  { effect: "data", name: "DELETE", regex: /\bDELETE\s+FROM\b/i },
  { effect: "data", name: "TRUNCATE", regex: /\bTRUNCATE\b/i },
  { effect: "data", name: "UPDATE", regex: /\bUPDATE\s+[\w."]+\s+SET\b/i },
  { effect: "data", name: "INSERT", regex: /\bINSERT\s+INTO\b/i },
  { effect: "data", name: "VACUUM FULL", regex: /\bVACUUM\s+(\([^)]*FULL[^)]*\)|FULL)\b/i },
  { effect: "schema", name: "ALTER", regex: /\bALTER\s+(TABLE|DATABASE|SCHEMA|INDEX|TYPE|EXTENSION|SYSTEM)\b/i },
  { effect: "schema", name: "CREATE TABLE/INDEX/EXTENSION", regex: /\bCREATE\s+(UNIQUE\s+)?(TABLE|INDEX|EXTENSION|SCHEMA|MATERIALIZED)\b/i },
  { effect: "retention", name: "retention (drop_chunks/retention policy)", regex: /\b(drop_chunks|add_retention_policy|remove_retention_policy)\b/i },
];

const RESTART = /\b(?:systemctl\s+(?:restart|stop|kill|try-restart|reload-or-restart)|service\s+([\w@.-]+)\s+(?:restart|stop)|docker\s+(?:restart|stop|kill|rm)|docker\s+compose\s+(?:restart|stop|down))\s+((?:-[-\w=]+\s+)*)([^\s;&|]+)?/g;
const REMOVE = /(?:^|[\s;&|(`])rm\s+((?:-[-\w]+\s+)*)([^\s;&|]+)/g;

/** Whether a service name (or a `{{placeholder}}`) is declared stateless; placeholders are checked at render time. */
export type IsStateless = (service: string) => boolean;

/**
 * Finds what a step does that a reversible change must not: reboots, firewall commands, destructive
 * SQL, restarts of stateful services, removals outside the playbook's declared paths. Runs on the raw
 * playbook (static audit in `rounds check`) and again on every rendered command (the policy engine).
 */
export function detectEffects(step: Step, playbook: Playbook, isStateless: IsStateless): Effect[] {
  const effects: Effect[] = [];
  const scan = (text: string, patterns: Pattern[]) => {
    // One finding per effect per command is enough to refuse it, and keeps messages short.
    for (const p of patterns) if (!effects.some((e) => e.effect === p.effect) && p.regex.test(text)) effects.push({ effect: p.effect, pattern: p.name });
  };
  if ("sql" in step) scan(step.sql, SQL);
  if ("ssh" in step) {
    const text = step.ssh;
    scan(text, SHELL);
    if (/\b(psql|pg_ctl|mysql)\b/.test(text)) scan(text, SQL);
    if (/\bpg_ctl(cluster)?\b.*\b(restart|stop)\b/.test(text)) effects.push({ effect: "stateful-restart", pattern: "pg_ctl restart/stop" });
    for (const m of text.matchAll(RESTART)) {
      const service = m[1] ?? m[3];
      if (!service || !isStateless(service)) effects.push({ effect: "stateful-restart", pattern: `restart/stop of ${service ?? "a service"} (not declared stateless)`, service });
    }
    for (const m of text.matchAll(REMOVE)) {
      const target = m[2]!;
      if (!insideDeclared(target, playbook)) effects.push({ effect: "data", pattern: `rm ${target} outside the playbook's declared paths` });
    }
  }
  if ("write" in step && !insideDeclared(step.write.path, playbook)) effects.push({ effect: "data", pattern: `write ${step.write.path} outside the playbook's declared paths` });
  return effects;
}

function insideDeclared(path: string, playbook: Playbook): boolean {
  if (/^\{\{\s*snapshot_dir\s*\}\}/.test(path)) return true;
  const param = /^\{\{\s*(\w+)\s*\}\}/.exec(path)?.[1];
  if (param !== undefined) return playbook.parameters[param]?.type === "path";
  if (path.split("/").includes("..")) return false;
  return playbook.paths.some((root) => path === root || path.startsWith(root.endsWith("/") ? root : `${root}/`));
}

/** The action classes a playbook is allowed to have, from its declared class and `touches`. */
export function declaredClasses(playbook: Playbook): Set<ForbiddenClass> {
  const byClass: Record<Playbook["class"], ForbiddenClass[]> = { reversible: [], stateful: ["stateful-restart"], data: ["data"] };
  return new Set([...byClass[playbook.class], ...playbook.touches]);
}

/** Every step of a playbook with where it sits, phases included. */
export function allSteps(playbook: Pick<Playbook, "steps" | "phases">): { where: string; step: Step }[] {
  const out: { where: string; step: Step }[] = [];
  for (const [stage, steps] of Object.entries(playbook.steps)) steps.forEach((step, i) => out.push({ where: `steps.${stage}[${i}]`, step }));
  playbook.phases?.forEach((phase, p) => {
    phase.apply.forEach((step, i) => out.push({ where: `phases[${p}].apply[${i}]`, step }));
    phase.verify.forEach((step, i) => out.push({ where: `phases[${p}].verify[${i}]`, step }));
    phase.rollback?.forEach((step, i) => out.push({ where: `phases[${p}].rollback[${i}]`, step }));
  });
  return out;
}
