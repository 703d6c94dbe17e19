import type { Effect } from "../../effects.ts";
import { optionValues, parseOptions } from "../options.ts";
import { checkWrite } from "../paths.ts";
import { effect, opaque, type Handler, type Invocation } from "../shell-context.ts";
import { hostOf, isLoopback } from "./network.ts";

/**
 * PostgreSQL's client programs. SQL given to psql (`-c`, a here-document, a here-string) is
 * classified by the SQL classifier like an `sql` step; SQL psql reads from a file or a pipe is
 * invisible to the classifier, so it is opaque. Backslash meta-commands (`\!`, `\copy … program`,
 * `\o |cmd`) run programs and are opaque too.
 */

const PSQL = {
  flags: "XqtAeEanwW1lx",
  valued: "cfdhpUvPoFRT",
  long: { command: "value", file: "value", dbname: "value", host: "value", port: "value", username: "value", set: "value", variable: "value", "no-psqlrc": "flag", quiet: "flag", "tuples-only": "flag", "no-align": "flag", "single-transaction": "flag", "no-password": "flag", pset: "value", "field-separator": "value", "record-separator": "value", list: "flag", expanded: "flag", output: "value", "echo-all": "flag", "echo-errors": "flag", "echo-queries": "flag" },
} as const;

/** A connection to another machine is a remote effect, whatever SQL it carries. */
function connects(call: Invocation, hosts: string[], dbnames: string[]): Effect[] {
  const fromDsn = dbnames.flatMap((d) => [...d.matchAll(/(?:^|\s)host\s*=\s*'?([^\s']+)/g)].map((m) => m[1]!).concat(/^postgres(ql)?:\/\//.test(d) ? [hostOf(d)] : []));
  return [...hosts, ...fromDsn]
    .filter((h) => h !== "" && !h.startsWith("/") && !isLoopback(h))
    .map((h) => effect(call, "remote", "psql -h", `connects to ${h}, another machine`, { reaches: h }));
}

function sql(call: Invocation, text: string, rule: string): Effect[] {
  // psql's own meta-commands are not SQL: `\!` runs a shell, `\o |` a pipe, `\copy … program` a program.
  if (/\\/.test(text.replace(/'(?:[^']|'')*'/g, "''"))) return [opaque(call, rule, "a psql backslash meta-command (it can run programs)")];
  return call.env.sql(text).map((e) => ({ ...e, rule: `${rule}: ${e.rule}`, command: call.text }));
}

const psql: Handler = (call) => {
  const parsed = parseOptions(call.argv.slice(1), PSQL);
  if (!parsed.ok) return [opaque(call, "psql options", parsed.reason)];
  const p = parsed.value;
  if (optionValues(p, "v", "set", "variable").length > 0) return [opaque(call, "psql -v", "psql variables are interpolated into the SQL")];
  if (optionValues(p, "f", "file").length > 0) return [opaque(call, "psql -f", "reads SQL from a file the classifier cannot see")];
  const outputs = optionValues(p, "o", "output");
  if (outputs.some((o) => o.startsWith("|"))) return [opaque(call, "psql -o |", "pipes its output into a program")];
  const effects: Effect[] = [...connects(call, optionValues(p, "h", "host"), [...optionValues(p, "d", "dbname"), ...p.operands.map((w) => w.value ?? "")])];
  for (const out of outputs) {
    const verdict = checkWrite(out, call.env.writable);
    effects.push(verdict.ok ? effect(call, "write", "psql -o", `writes ${out}`) : effect(call, verdict.effect, "psql -o", verdict.why));
  }
  const commands = optionValues(p, "c", "command");
  if (commands.length > 0) return [...effects, ...commands.flatMap((c) => sql(call, c, "psql -c"))];
  if (p.options.has("l") || p.options.has("list")) return [...effects, effect(call, "read", "psql -l", "lists databases")];
  if (typeof call.stdin === "object") {
    const body = call.stdin.literal;
    return [...effects, ...(body === undefined ? [opaque(call, "psql <<", "the here-document expands: its SQL is not static")] : sql(call, body, "psql <<"))];
  }
  return [...effects, opaque(call, "psql", "reads SQL from standard input the classifier cannot see")];
};

/** pg_ctl / pg_ctlcluster: reload and status are safe; anything else stops or changes the server. */
const pgCtl: Handler = (call) => {
  const words = call.argv.slice(1).map((w) => w.value);
  const verbs = ["start", "stop", "restart", "reload", "status", "promote", "kill", "logrotate", "init", "initdb"];
  const verb = words.find((w) => w !== undefined && verbs.includes(w));
  if (verb === undefined || words.includes(undefined)) return [opaque(call, "pg_ctl", "no static action")];
  if (verb === "status") return [effect(call, "read", "pg_ctl status", "inspects the server")];
  if (verb === "reload" || verb === "logrotate") return [effect(call, "reload", `pg_ctl ${verb}`, "signals the server to re-read its configuration")];
  if (verb === "promote") return [effect(call, "server", "pg_ctl promote", "promotes a standby")];
  if (verb === "init" || verb === "initdb") return [effect(call, "destructive", `pg_ctl ${verb}`, "creates a cluster over a data directory")];
  return [effect(call, "stateful-restart", `pg_ctl ${verb}`, "starts, stops or restarts PostgreSQL")];
};

const fixed = (kind: Effect["effect"], what: string): Handler => (call) => [effect(call, kind, call.argv[0]!.value!.replace(/^.*\//, ""), what)];

export const POSTGRES_COMMANDS: Record<string, Handler> = {
  psql,
  pg_ctl: pgCtl,
  pg_ctlcluster: pgCtl,
  dropdb: (call) => [effect(call, "data", "dropdb", "drops a database"), effect(call, "schema", "dropdb", "drops a database")],
  createdb: fixed("schema", "creates a database"),
  dropuser: fixed("privilege", "drops a role"),
  createuser: fixed("privilege", "creates a role"),
  pg_restore: fixed("data", "restores data into a database"),
  vacuumdb: fixed("server", "vacuums databases"),
  reindexdb: fixed("server", "rebuilds indexes"),
  clusterdb: fixed("server", "rewrites tables"),
  pg_basebackup: fixed("server", "streams a base backup"),
  pg_upgrade: fixed("data", "upgrades a cluster's data"),
  pg_resetwal: fixed("destructive", "resets the write-ahead log"),
  pg_rewind: fixed("destructive", "rewinds a data directory"),
  initdb: fixed("destructive", "creates a cluster over a data directory"),
  pg_dump: (call) => {
    const files = call.argv.slice(1).flatMap((w, i, all) => (w.value === "-f" || w.value === "--file" ? [all[i + 1]?.value] : w.value?.startsWith("--file=") ? [w.value.slice(7)] : []));
    if (files.includes(undefined)) return [opaque(call, "pg_dump", "the output file is not static")];
    const effects = (files as string[]).map((f) => {
      const verdict = checkWrite(f, call.env.writable);
      return verdict.ok ? effect(call, "write", "pg_dump -f", `writes ${f}`) : effect(call, verdict.effect, "pg_dump -f", verdict.why);
    });
    return [effect(call, "read", "pg_dump", "reads a database"), ...effects];
  },
};
