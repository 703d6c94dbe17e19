import type { Effect, EffectKind } from "../effects.ts";
import { classifyPlpgsql } from "./classify-plpgsql.ts";
import { monitoringRoleEffect } from "./monitoring-role-rule.ts";
import { asObject, defElems, opaqueSql, sqlEffect, stringList, type SqlContext, type SqlObject } from "./sql-context.ts";
import { STATEMENT_CLASSES } from "./sql-node-vocabulary.ts";

/** SET parameters a step may change for its own session: timeouts and labels, nothing that moves rights or paths. */
const SESSION_SETTINGS = new Set(["statement_timeout", "lock_timeout", "application_name", "client_min_messages"]);
/** Settings whose value can hold a password or a connection string. */
export const SECRET_SETTING = /conninfo|password|passphrase|archive_command|restore_command|_command$|ssl_.*file|krb_server_keyfile/;
/** SET parameters that change who the session is. */
const IDENTITY_SETTINGS = new Set(["role", "session_authorization"]);
/** Transaction control that ends with the transaction; two-phase commit leaves locks behind and is not. */
const PLAIN_TRANSACTION = new Set([
  "TRANS_STMT_BEGIN",
  "TRANS_STMT_START",
  "TRANS_STMT_COMMIT",
  "TRANS_STMT_ROLLBACK",
  "TRANS_STMT_SAVEPOINT",
  "TRANS_STMT_RELEASE",
  "TRANS_STMT_ROLLBACK_TO",
]);
/** DROP of these loses the rows in them, not only their definition. */
const DATA_DROPS = new Set(["OBJECT_TABLE", "OBJECT_SCHEMA", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE", "OBJECT_EXTENSION"]);

/**
 * The effects of one statement node (top-level or nested anywhere: a CTE, a subquery, EXPLAIN's
 * query). Its children are walked separately, so this looks at the node's own options only.
 */
export function classifyStatementNode(type: string, body: SqlObject, ctx: SqlContext): Effect[] {
  const refined = refine(type, body, ctx);
  if (refined !== undefined) return refined;
  const classes = STATEMENT_CLASSES[type] ?? [];
  return classes.map((effect) => sqlEffect(ctx, effect, `sql ${type}`, describe(type, effect)));
}

function refine(type: string, body: SqlObject, ctx: SqlContext): Effect[] | undefined {
  const rule = `sql ${type}`;
  const one = (effect: EffectKind, detail: string): Effect[] => [sqlEffect(ctx, effect, rule, detail)];
  switch (type) {
    case "CopyStmt":
      return classifyCopy(body, ctx);
    case "VacuumStmt":
      // ANALYZE takes locks on every table and runs the functions behind expression indexes.
      return body.is_vacuumcmd === true
        ? one("server", "VACUUM takes locks and I/O on the server")
        : one("server", "ANALYZE locks tables and evaluates index expressions (user functions)");
    case "CallStmt":
      return [opaqueSql(ctx, "CALL", "a procedure is looked up on search_path: a user procedure can shadow any name")];
    case "VariableShowStmt": {
      const name = String(body.name ?? "").toLowerCase();
      return SECRET_SETTING.test(name) || name === "all"
        ? one("privilege", `SHOW ${name} can print connection strings and passwords`)
        : one("read", `SHOW ${name}`);
    }
    case "TransactionStmt":
      return PLAIN_TRANSACTION.has(String(body.kind))
        ? one("read", "transaction control")
        : one("server", "two-phase commit leaves a prepared transaction holding locks");
    case "VariableSetStmt":
      return classifySet(body, ctx);
    case "DropStmt": {
      const loses = DATA_DROPS.has(String(body.removeType)) || body.behavior === "DROP_CASCADE";
      return [...(loses ? one("data", "DROP loses the rows it removes") : []), ...one("schema", `DROP ${String(body.removeType).replace("OBJECT_", "")}`)];
    }
    case "AlterTableStmt": {
      const subtypes = new Set(Array.isArray(body.cmds) ? body.cmds.map((cmd) => asObject(asObject(cmd)?.AlterTableCmd)?.subtype) : []);
      return [
        ...(subtypes.has("AT_DropColumn") ? one("data", "DROP COLUMN loses the column's values") : []),
        ...(subtypes.has("AT_ChangeOwner") ? one("privilege", "OWNER TO hands the table's rights to another role") : []),
        ...one("schema", "ALTER TABLE"),
      ];
    }
    case "CommentStmt": {
      const narrow = monitoringRoleEffect(type, body, ctx);
      if (narrow !== undefined) return [narrow];
      break;
    }
    case "CreateRoleStmt":
    case "GrantRoleStmt":
    case "DropRoleStmt": {
      const narrow = monitoringRoleEffect(type, body, ctx);
      return narrow === undefined ? one("privilege", `${type.replace("Stmt", "")} outside the monitoring-role rule`) : [narrow];
    }
    case "DoStmt":
      return classifyDo(body, ctx);
    case "CreateFunctionStmt":
      return [...one("schema", "CREATE FUNCTION"), ...classifyFunctionBody(body, ctx)];
    default:
      return undefined;
  }
}

function classifyCopy(body: SqlObject, ctx: SqlContext): Effect[] {
  const rule = "sql CopyStmt";
  const touchesServer = body.is_program === true || typeof body.filename === "string";
  const effects: Effect[] = [];
  if (body.is_from === true) effects.push(sqlEffect(ctx, "data", rule, "COPY FROM loads rows"));
  if (touchesServer)
    effects.push(
      sqlEffect(
        ctx,
        "server",
        rule,
        body.is_program === true ? "COPY runs a program on the database server" : "COPY reads or writes a file on the database server",
      ),
    );
  if (effects.length === 0) effects.push(sqlEffect(ctx, "read", rule, "COPY TO STDOUT only reads"));
  return effects;
}

function classifySet(body: SqlObject, ctx: SqlContext): Effect[] {
  const name = typeof body.name === "string" ? body.name : undefined;
  const shown = name ?? String(body.kind);
  const rule = `sql SET ${shown}`;
  if (name !== undefined && IDENTITY_SETTINGS.has(name)) return [sqlEffect(ctx, "privilege", rule, `SET ${name} changes who the session acts as`)];
  const plain = body.kind === "VAR_SET_VALUE" || body.kind === "VAR_SET_DEFAULT" || body.kind === "VAR_RESET";
  if (plain && name !== undefined && SESSION_SETTINGS.has(name)) {
    // A timeout of 0 is no timeout: the session could then hold its locks for hours.
    if (name.endsWith("_timeout") && !positiveSetting(body))
      return [
        sqlEffect(
          ctx,
          "server",
          rule,
          `SET ${name} to 0 (or to a value that is not a plain positive number) removes the limit on how long the session may run`,
        ),
      ];
    return [sqlEffect(ctx, "read", rule, `SET ${name} only affects this session`)];
  }
  return [sqlEffect(ctx, "server", rule, `SET ${shown} is outside the session settings a step may change`)];
}

/** `SET x = 5000` / `'5s'`: one constant that is a positive number, optionally with a unit. */
function positiveSetting(body: SqlObject): boolean {
  if (body.kind !== "VAR_SET_VALUE" || !Array.isArray(body.args) || body.args.length !== 1) return false;
  const constant = asObject(asObject(body.args[0])?.A_Const);
  const ival = asObject(constant?.ival)?.ival;
  const sval = asObject(constant?.sval)?.sval;
  // A limit at all, and one that ends: at most an hour (24d or 2^31 ms is no limit in practice).
  if (typeof ival === "number") return ival > 0 && ival <= MAX_TIMEOUT_MS;
  const m = typeof sval === "string" ? /^\s*([1-9]\d*)\s*(ms|s|min|h)?\s*$/.exec(sval) : null;
  return m !== null && Number(m[1]) * { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[(m[2] ?? "ms") as "ms"] <= MAX_TIMEOUT_MS;
}

const MAX_TIMEOUT_MS = 3_600_000;

function classifyDo(body: SqlObject, ctx: SqlContext): Effect[] {
  const language = defElems(body.args).find((d) => d.name === "language");
  const name = language === undefined ? "plpgsql" : asObject(language.arg?.String)?.sval;
  if (name !== "plpgsql") return [opaqueSql(ctx, "DO language", `a DO block in ${String(name)} cannot be read`)];
  return classifyPlpgsql(ctx.command, ctx);
}

function classifyFunctionBody(body: SqlObject, ctx: SqlContext): Effect[] {
  const options = defElems(body.options);
  const language = asObject(options.find((d) => d.name === "language")?.arg?.String)?.sval;
  if (body.sql_body !== undefined) return []; // BEGIN ATOMIC / RETURN: parsed already, walked as children
  if (language === "plpgsql") return classifyPlpgsql(ctx.command, ctx);
  const source = stringList(asObject(options.find((d) => d.name === "as")?.arg?.List)?.items);
  if (language === "sql" && source?.length === 1 && source[0] !== undefined) return ctx.classify(source[0], ctx.depth + 1);
  return [opaqueSql(ctx, "function language", `a function body in ${String(language)} cannot be read`)];
}

function describe(type: string, effect: EffectKind): string {
  const statement = type.replace(/Stmt$/, "");
  return effect === "opaque" ? `${statement} runs something the classifier cannot see` : `${statement}: ${effect}`;
}
