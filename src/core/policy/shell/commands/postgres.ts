import type { Effect } from "../../effects.ts";
import { optionValues, parseOptions } from "../options.ts";
import { checkWrite } from "../paths.ts";
import { effect, opaque, type Handler, type Invocation } from "../shell-context.ts";
import { isLoopback } from "./network.ts";

/**
 * PostgreSQL's client programs. SQL given to psql (`-c`, a here-document, a here-string) is
 * classified by the SQL classifier like an `sql` step; SQL psql reads from a file or a pipe is
 * invisible to the classifier, so it is opaque. Backslash meta-commands (`\!`, `\copy … program`,
 * `\o |cmd`) run programs and are opaque too.
 */

const PSQL = {
  flags: "XqtAeEanwW1lx",
  valued: "cfdhpUvPoFRT",
  long: {
    command: "value",
    file: "value",
    dbname: "value",
    host: "value",
    port: "value",
    username: "value",
    set: "value",
    variable: "value",
    "no-psqlrc": "flag",
    quiet: "flag",
    "tuples-only": "flag",
    "no-align": "flag",
    "single-transaction": "flag",
    "no-password": "flag",
    pset: "value",
    "field-separator": "value",
    "record-separator": "value",
    list: "flag",
    expanded: "flag",
    output: "value",
    "echo-all": "flag",
    "echo-errors": "flag",
    "echo-queries": "flag",
  },
} as const;

/**
 * A connection to another machine is a remote effect, whatever SQL it carries. A dbname may be a
 * connection string (`host=… hostaddr=…`) or a URI (`postgresql://h1,h2/db?host=…`): every host in
 * it counts; one libpq could read otherwise (a service file, an unparsable string) is opaque.
 */
function connects(call: Invocation, hosts: string[], dbnames: string[]): Effect[] {
  const fromDsn: string[] = [];
  for (const d of dbnames) {
    const found = dsnHosts(d);
    if (found === undefined) return [opaque(call, "psql connection", `the connection string ${JSON.stringify(d)} is outside the forms the classifier reads`)];
    fromDsn.push(...found);
  }
  return [...hosts.flatMap((h) => h.split(",")), ...fromDsn]
    .filter((h) => h !== "" && !h.startsWith("/") && !isLoopback(h))
    .map((h) => effect(call, "remote", "psql -h", `connects to ${h}, another machine`, { reaches: h }));
}

/** The hosts a dbname names: none for a plain name, every host/hostaddr of a conninfo or URI. */
function dsnHosts(dbname: string): string[] | undefined {
  if (/^postgres(ql)?:\/\//i.test(dbname)) {
    const rest = dbname.replace(/^postgres(ql)?:\/\//i, "");
    const authority = rest.split(/[/?]/)[0]!;
    const query = rest.includes("?") ? new URLSearchParams(rest.slice(rest.indexOf("?") + 1)) : new URLSearchParams();
    if ([...query.keys()].some((k) => k === "service")) return undefined;
    const fromAuthority = authority
      .slice(authority.lastIndexOf("@") + 1)
      .split(",")
      .map((h) => decodeURIComponent(h.replace(/:\d*$/, "")).replace(/^\[|\]$/g, ""));
    return [...fromAuthority, ...query.getAll("host").flatMap((h) => h.split(",")), ...query.getAll("hostaddr").flatMap((h) => h.split(","))];
  }
  if (!dbname.includes("=")) return [];
  const pairs = [...dbname.matchAll(/\s*([a-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']*)/g)];
  if (
    pairs
      .map((m) => m[0])
      .join("")
      .trim() !== dbname.trim()
  )
    return undefined;
  const value = (m: RegExpMatchArray) => m[2]!.replace(/^'|'$/g, "").replace(/\\(.)/g, "$1");
  if (pairs.some((m) => m[1] === "service")) return undefined;
  return pairs.filter((m) => m[1] === "host" || m[1] === "hostaddr").flatMap((m) => value(m).split(","));
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
  const parsed = parseOptions(call.argv.slice(1), {
    flags: "sWw",
    valued: "DlmotcU",
    long: { pgdata: "value", log: "value", mode: "value", options: "value", timeout: "value", silent: "flag", wait: "flag", "no-wait": "flag" },
  });
  if (!parsed.ok) return [opaque(call, "pg_ctl options", parsed.reason)];
  const words = parsed.value.operands.map((w) => w.value);
  const verbs = ["start", "stop", "restart", "reload", "status", "promote", "kill", "logrotate", "init", "initdb"];
  // The mode is the first operand (`pg_ctl -l status … stop` stops: "status" is -l's file).
  const verb = words[0];
  if (verb === undefined || !verbs.includes(verb) || words.includes(undefined)) return [opaque(call, "pg_ctl", "no static action")];
  if (verb === "status") return [effect(call, "read", "pg_ctl status", "inspects the server")];
  if (verb === "reload" || verb === "logrotate") return [effect(call, "reload", `pg_ctl ${verb}`, "signals the server to re-read its configuration")];
  if (verb === "promote") return [effect(call, "server", "pg_ctl promote", "promotes a standby")];
  if (verb === "init" || verb === "initdb") return [effect(call, "destructive", `pg_ctl ${verb}`, "creates a cluster over a data directory")];
  return [effect(call, "stateful-restart", `pg_ctl ${verb}`, "starts, stops or restarts PostgreSQL")];
};

const PG_DUMP = {
  flags: "acCOsxvwWbB",
  valued: "fFdhpUntTNZj",
  long: {
    file: "value",
    format: "value",
    dbname: "value",
    host: "value",
    port: "value",
    username: "value",
    schema: "value",
    table: "value",
    "exclude-table": "value",
    "exclude-schema": "value",
    "schema-only": "flag",
    "data-only": "flag",
    "no-owner": "flag",
    "no-privileges": "flag",
    clean: "flag",
    create: "flag",
    "if-exists": "flag",
    verbose: "flag",
    "no-password": "flag",
    compress: "value",
    jobs: "value",
  },
} as const;

const fixed =
  (kind: Effect["effect"], what: string): Handler =>
  (call) => [effect(call, kind, call.argv[0]!.value!.replace(/^.*\//, ""), what)];

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
    const parsed = parseOptions(call.argv.slice(1), PG_DUMP);
    if (!parsed.ok) return [opaque(call, "pg_dump options", parsed.reason)];
    const p = parsed.value;
    const files = optionValues(p, "f", "file");
    const effects: Effect[] = connects(call, optionValues(p, "h", "host"), [...optionValues(p, "d", "dbname"), ...p.operands.map((w) => w.value ?? "")]);
    if (files.length === 0) effects.push(effect(call, "read", "pg_dump", "prints a dump"));
    for (const f of files) {
      const verdict = checkWrite(f, call.env.writable);
      effects.push(verdict.ok ? effect(call, "write", "pg_dump -f", `writes ${f}`) : effect(call, verdict.effect, "pg_dump -f", verdict.why));
    }
    return [effect(call, "read", "pg_dump", "reads a database"), ...effects];
  },
  pg_isready: (call) => {
    const parsed = parseOptions(call.argv.slice(1), {
      flags: "q",
      valued: "dhptU",
      long: { dbname: "value", host: "value", port: "value", timeout: "value", username: "value", quiet: "flag" },
    });
    if (!parsed.ok) return [opaque(call, "pg_isready options", parsed.reason)];
    return [
      effect(call, "read", "pg_isready", "asks whether PostgreSQL accepts connections"),
      ...connects(call, optionValues(parsed.value, "h", "host"), optionValues(parsed.value, "d", "dbname")),
    ];
  },
};
