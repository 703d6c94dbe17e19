import type { ParameterType, Playbook, PlaybookStep, Step } from "../../config/schemas/playbook.ts";
import { checkAddress, checkCidr, checkUrl } from "./parameter-values.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The names of every `{{placeholder}}` a step uses. */
export function placeholders(step: PlaybookStep): string[] {
  return [...stepText(step).matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** All the text of a step that may carry placeholders, joined. */
function stepText(step: PlaybookStep): string {
  if ("ssh" in step) return step.ssh;
  if ("restart" in step) return step.restart;
  if ("sql" in step) return `${step.sql}\n${step.database}`;
  if ("write" in step) return `${step.write.path}\n${step.write.content}`;
  if ("backup" in step) return step.backup;
  if ("prometheus" in step) return step.prometheus.query;
  return step.http.url;
}

/** The names the inventory knows for the target host: the vocabulary parameters are checked against. */
export interface Vocabulary {
  hosts: string[];
  containers: string[];
  units: string[];
  /** Every service declared on the host, with how it runs (what a `restart` step renders to). */
  services: { name: string; kind: "container" | "unit" | "process"; pidFile?: string }[];
  databases: string[];
}

/**
 * Values the executor fills itself; a playbook cannot declare parameters with these names. One more
 * is derived: `change_key`, the change id in the SQL word alphabet (a marker a rollback can test).
 */
export interface Builtins {
  host: string;
  snapshot_dir: string;
  change_id: string;
}

/** The change id as a SQL word: letters, digits and `_`. */
export function changeKey(changeId: string): string {
  return changeId.replace(/[^A-Za-z0-9_]/g, "_");
}

export type RenderResult = { ok: true; steps: Step[] } | { ok: false; problems: string[] };

const SAFE_TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.@:-]*$/;
const SAFE_PATH = /^\/[A-Za-z0-9_.@/-]*$/;
const SQL_WORD = /^[A-Za-z0-9_]+$/;

/**
 * Checks a parameter value against its type and the inventory's vocabulary. A value that is not a
 * known name never reaches a command, whatever quoting would have done with it.
 */
export function checkParameter(name: string, type: ParameterType, value: string, playbook: Playbook, vocabulary: Vocabulary): string | undefined {
  const spec = playbook.parameters[name];
  const known = (list: string[], what: string) =>
    list.includes(value) ? undefined : `parameter "${name}": "${printable(value)}" is not a ${what} known to the inventory for this host`;
  switch (type) {
    case "host":
      return known(vocabulary.hosts, "host");
    case "container":
      return known(vocabulary.containers, "container");
    case "unit":
      return known(vocabulary.units, "unit");
    case "service":
      return known(
        vocabulary.services.map((s) => s.name),
        "service",
      );
    case "address":
      return prefixed(name, checkAddress(value));
    case "cidr":
      return prefixed(name, checkCidr(value, spec?.min));
    case "url":
      return prefixed(name, checkUrl(value));
    case "database":
      return known(vocabulary.databases, "database");
    case "enum":
      return spec?.values?.includes(value) ? undefined : `parameter "${name}": "${printable(value)}" is not one of ${spec?.values?.join(", ")}`;
    case "integer": {
      if (!/^-?\d{1,15}$/.test(value)) return `parameter "${name}": "${printable(value)}" is not an integer`;
      const n = Number(value);
      if ((spec?.min !== undefined && n < spec.min) || (spec?.max !== undefined && n > spec.max))
        return `parameter "${name}": ${n} is outside ${spec?.min ?? "-∞"}..${spec?.max ?? "∞"}`;
      return undefined;
    }
    case "identifier":
      return /^[a-z_][a-z0-9_]{0,62}$/.test(value) ? undefined : `parameter "${name}": "${printable(value)}" is not a lower-case SQL identifier`;
    case "path": {
      if (!SAFE_PATH.test(value) || value.split("/").includes("..")) return `parameter "${name}": "${printable(value)}" is not a plain absolute path`;
      const inside = playbook.paths.some((root) => value === root || value.startsWith(root.endsWith("/") ? root : `${root}/`));
      return inside ? undefined : `parameter "${name}": "${value}" is outside the playbook's declared paths (${playbook.paths.join(", ") || "none"})`;
    }
  }
}

const prefixed = (name: string, problem: string | undefined) => (problem === undefined ? undefined : `parameter "${name}": ${problem}`);

/** The types whose values have their own strict alphabet (checked above), beyond plain tokens and paths. */
const OWN_ALPHABET: ReadonlySet<ParameterType> = new Set(["address", "cidr", "url"]);

/**
 * Renders a playbook's steps for one host: checks every value, then substitutes it with the quoting
 * of the step's language. Values have already passed the vocabulary check; quoting is the second wall.
 */
export function renderSteps(
  playbook: Playbook,
  steps: PlaybookStep[],
  input: { params: Record<string, string>; builtins: Builtins },
  vocabulary: Vocabulary,
): RenderResult {
  const problems: string[] = [];
  const values = input.params;
  for (const [name, spec] of Object.entries(playbook.parameters)) {
    const value = values[name] ?? (spec.default === undefined ? undefined : String(spec.default));
    if (value === undefined) problems.push(`parameter "${name}" has no value and no default`);
    else {
      const problem = checkParameter(name, spec.type, value, playbook, vocabulary);
      if (problem) problems.push(problem);
    }
  }
  for (const name of Object.keys(values)) {
    if (!(name in playbook.parameters)) problems.push(`parameter "${name}" is not declared by playbook "${playbook.id}"`);
  }
  for (const [name, value] of [...Object.entries(values), ...Object.entries(input.builtins)]) {
    const type = playbook.parameters[name]?.type;
    if (type !== undefined && OWN_ALPHABET.has(type)) continue;
    if (!SAFE_TOKEN.test(value) && !SAFE_PATH.test(value))
      problems.push(`parameter "${name}": "${printable(value)}" contains characters that are never allowed`);
  }
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const resolved: Record<string, string> = {};
  for (const [name, spec] of Object.entries(playbook.parameters)) resolved[name] = values[name] ?? String(spec.default);
  Object.assign(resolved, input.builtins, { change_key: changeKey(input.builtins.change_id) });
  const fill = (text: string, quote: (v: string) => string) =>
    text.replace(PLACEHOLDER, (_, name: string) => (resolved[name] === undefined ? `{{${name}}}` : quote(resolved[name]!)));
  // SQL values are substituted bare (inside literals or as identifiers), so only a word alphabet may go there.
  const sqlWord = (value: string) => {
    if (!SQL_WORD.test(value)) problems.push(`value "${printable(value)}" cannot be used in SQL (letters, digits and _ only)`);
    return value;
  };
  const rendered = steps.map((step): Step => {
    if ("restart" in step)
      return restartCommand(
        step,
        fill(step.restart, (v) => v),
        vocabulary,
        problems,
      );
    if ("ssh" in step) return { ...step, ssh: fill(step.ssh, shellQuote) };
    if ("sql" in step) return { ...step, sql: fill(step.sql, sqlWord), database: fill(step.database, sqlWord) };
    if ("write" in step) return { ...step, write: { ...step.write, path: fill(step.write.path, (v) => v), content: fill(step.write.content, (v) => v) } };
    if ("backup" in step) return { ...step, backup: fill(step.backup, (v) => v) };
    if ("prometheus" in step) return { ...step, prometheus: { ...step.prometheus, query: fill(step.prometheus.query, promLabel) } };
    return { ...step, http: { ...step.http, url: fill(step.http.url, encodeURIComponent) } };
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, steps: rendered };
}

/** A `restart` step as the command that restarts the service the way the inventory says it runs. */
function restartCommand(step: { restart: string; note?: string }, name: string, vocabulary: Vocabulary, problems: string[]): Step {
  const service = vocabulary.services.find((s) => s.name === name);
  const note = step.note === undefined ? {} : { note: step.note };
  if (!service) {
    problems.push(`restart: "${printable(name)}" is not a service the inventory declares on this host`);
    return { ssh: "false", as: "operator", ...note };
  }
  const command =
    service.kind === "container"
      ? `docker restart ${shellQuote(service.name)}`
      : service.kind === "unit"
        ? `systemctl restart ${shellQuote(service.name)}`
        : `pkill -F ${shellQuote(service.pidFile ?? "")}`;
  return { ssh: command, as: "operator", ...note };
}

/** POSIX single-quote quoting; a plain token is left bare so rendered commands stay readable. */
export function shellQuote(value: string): string {
  return SAFE_TOKEN.test(value) || SAFE_PATH.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function promLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"');
}

/** Shows a hostile value without letting it break the line it is printed on. */
function printable(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** A human-readable one-liner of a rendered step, for plans, PR bodies and the ledger. */
export function describeStep(step: Step): string {
  if ("ssh" in step) return `ssh: ${step.ssh}`;
  if ("sql" in step) return `sql (${step.database}): ${step.sql}`;
  if ("write" in step) return `write ${step.write.path} (mode ${step.write.mode}, ${step.write.content.length} bytes)`;
  if ("backup" in step) return `backup ${step.backup}`;
  if ("prometheus" in step) return `prometheus: ${step.prometheus.query} ${step.prometheus.expect}`;
  return `http: GET ${step.http.url} expects ${step.http.expectStatus}`;
}
