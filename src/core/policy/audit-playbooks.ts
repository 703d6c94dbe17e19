import type { OpsConfig } from "../../config/ops-config.ts";
import type { Playbook } from "../../config/schemas/playbook.ts";
import type { ConfigIssue } from "../../errors.ts";
import { classRules } from "./class-rules.ts";
import { classify } from "./decide.ts";
import type { Action, Reason } from "./decision.ts";
import { buildMachines } from "./machines.ts";
import type { Parsers } from "./parsers.ts";
import { targetRules } from "./target-rules.ts";
import { vocabularyFor } from "./vocabulary.ts";

export interface Audit {
  /** Refusals that do not depend on a parameter's value: the playbook is wrong as written. */
  issues: ConfigIssue[];
  /** Refusals for some of the values a parameter may take on some host (the review will refuse those). */
  notes: string[];
}

/**
 * The static audit behind `rounds check`, on the same classifier and rules as `decide`: each
 * playbook against every host it can target, with the values its parameters can take there
 * (declared defaults and the inventory's vocabulary). A playbook that `decide` refuses whatever its
 * values are, or with its defaults, is an error naming the playbook, the host and the rule.
 */
export function auditPlaybooks(config: OpsConfig, parsers: Parsers): Audit {
  const issues: ConfigIssue[] = [];
  const notes: string[] = [];
  const machines = buildMachines(config);
  const context = { config, now: new Date(0), cadence: "daily" as const, changesToday: 0, locks: [], killSwitch: { engaged: false }, parsers };
  for (const playbook of config.playbooks) {
    const file = `playbooks/${playbook.id}.yml`;
    const hosts = config.inventory.hosts.filter(
      (h) => (playbook.targets.hosts.includes(h.name) || playbook.targets.roles.some((r) => h.roles.includes(r))) && !machines.isProtected(h.name).protected,
    );
    for (const host of hosts) {
      const choices = combinations(playbook, vocabularyFor(config.inventory, host));
      if (choices.length === 0)
        notes.push(`playbook "${playbook.id}" never runs on ${host.name}: a parameter has no default and the inventory lists no value for it there`);
      const runs = choices.map((params) => {
        const action: Action = { playbook: playbook.id, host: host.name, params: params.values, mode: playbook.mode, source: "human" };
        const approval = playbook.mode === "attended" ? { pr: 0, mergeCommit: "check", approvedHash: "check", currentHash: "check" } : undefined;
        const subject = classify(action, { ...context, approval });
        const refusals: Reason[] =
          "verdict" in subject ? subject.reasons : [...targetRules(subject), ...classRules(subject)].filter((r) => r.verdict !== "allow");
        return { params, refusals: refusals.filter((r) => r.verdict !== "allow") };
      });
      const always = (detail: string) => runs.every((r) => r.refusals.some((x) => x.detail === detail));
      for (const run of runs) {
        for (const refusal of run.refusals) {
          const message = `playbook "${playbook.id}" on ${host.name}${run.params.label}${refusal.step ? ` at ${refusal.step}` : ""}: ${refusal.rule}: ${refusal.detail}`;
          if (run.params.defaults || always(refusal.detail)) issues.push({ file, path: refusal.step ?? defaultAt(playbook, refusal) ?? "steps", message });
          else notes.push(message);
        }
      }
    }
  }
  return { issues: dedupe(issues, (i) => i.message), notes: [...new Set(notes)] };
}

interface Params {
  values: Record<string, string>;
  label: string;
  /** Every value is the declared default. */
  defaults: boolean;
}

/** The declared defaults, then each vocabulary value of each parameter with the others at their defaults. */
function combinations(playbook: Playbook, vocabulary: ReturnType<typeof vocabularyFor>): Params[] {
  const defaults: Record<string, string> = {};
  const choices: [string, string[]][] = [];
  for (const [name, spec] of Object.entries(playbook.parameters)) {
    // A value the inventory cannot list (an identifier, a number) is audited with a sample of its type.
    const sample = spec.type === "identifier" ? name : spec.type === "integer" ? String(spec.min ?? 1) : spec.type === "path" ? playbook.paths[0] : undefined;
    const fallback = spec.default !== undefined ? String(spec.default) : sample;
    if (fallback !== undefined) defaults[name] = fallback;
    const values =
      spec.type === "container"
        ? vocabulary.containers
        : spec.type === "unit"
          ? vocabulary.units
          : spec.type === "service"
            ? vocabulary.services.map((s) => s.name)
            : spec.type === "database"
              ? vocabulary.databases
              : spec.type === "host"
                ? vocabulary.hosts
                : spec.type === "enum"
                  ? (spec.values ?? [])
                  : [];
    choices.push([name, values]);
  }
  const complete = Object.keys(defaults).length === Object.keys(playbook.parameters).length;
  const out: Params[] = complete ? [{ values: defaults, label: "", defaults: true }] : [];
  for (const [name, values] of choices) {
    for (const value of values) {
      if (defaults[name] === value) continue;
      const others = Object.fromEntries(
        choices
          .filter(([n]) => n !== name)
          .map(([n, vs]) => [n, defaults[n] ?? vs[0]])
          .filter((e): e is [string, string] => e[1] !== undefined),
      );
      if (Object.keys(others).length + 1 < choices.length) continue;
      out.push({ values: { ...others, [name]: value }, label: ` with ${name}=${value}`, defaults: false });
    }
  }
  // A parameter with no default and no value on this host: the playbook has nothing to run here.
  return out;
}

/** A refused parameter default points at the default it refuses (`parameters.exporter.default`), where the line is. */
function defaultAt(playbook: Playbook, refusal: Reason): string | undefined {
  if (refusal.rule !== "parameters") return undefined;
  const name = /parameter "([A-Za-z0-9_]+)"/.exec(refusal.detail)?.[1];
  return name !== undefined && playbook.parameters[name]?.default !== undefined ? `parameters.${name}.default` : undefined;
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(key(i)) ? false : (seen.add(key(i)), true)));
}
