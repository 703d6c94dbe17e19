import type { Effect } from "../effects.ts";
import { asObject, errorMessage, opaqueSql, type SqlContext, type SqlParsers } from "./sql-context.ts";
import { MONITORING_RULES } from "./monitoring-role-rule.ts";
import { walkSqlNode } from "./walk-sql-node.ts";

export { checkMonitoringRoles } from "./check-monitoring-roles.ts";

/** Embedded SQL (DO → query → DO …) deeper than this is opaque rather than followed forever. */
const MAX_DEPTH = 4;

/**
 * Classifies SQL by parsing it with the real PostgreSQL parser and walking every node of every
 * statement against a vocabulary of known effects. Pure, never throws, fails closed: a parse error,
 * an unknown node, function or statement, or dynamic SQL is an "opaque" effect with the reason.
 * Every statement yields at least one effect, and each effect names its statement's text.
 */
export function classifySql(sql: string, parsers: SqlParsers): Effect[] {
  return classifyAt(sql, parsers, 0);
}

function classifyAt(sql: string, parsers: SqlParsers, depth: number): Effect[] {
  const whole = { command: sql.trim() };
  if (depth > MAX_DEPTH) return [opaqueSql(whole, "nesting", `SQL embedded more than ${MAX_DEPTH} levels deep`)];
  let stmts: unknown;
  try {
    stmts = parsers.sql(sql).stmts;
  } catch (error) {
    return [opaqueSql(whole, "parse error", `SQL the PostgreSQL parser rejects: ${errorMessage(error)}`)];
  }
  if (!Array.isArray(stmts) || stmts.length === 0) {
    return [opaqueSql(whole, "no statement", "a SQL step with no statement in it")];
  }
  const text = statementSlicer(sql);
  const effects = stmts.flatMap((raw) => classifyStatement(asObject(raw), text, parsers, depth));
  // One SQL step is one implicit transaction, so a CREATE ROLE that fails takes the grant after it
  // down too — unless the step steers its own transaction (a savepoint can swallow the failure).
  const steered = stmts.some((raw) => asObject(asObject(raw)?.stmt)?.TransactionStmt !== undefined);
  return steered
    ? effects.map((e) =>
        e.rule === MONITORING_RULES.create
          ? {
              ...e,
              effect: "privilege",
              rule: `${e.rule} (not allowed)`,
              detail: "a role created in a step with its own transaction control may not exist when it is granted to",
            }
          : e,
      )
    : effects;
}

function classifyStatement(
  raw: Record<string, unknown> | undefined,
  text: (location: unknown, length: unknown) => string,
  parsers: SqlParsers,
  depth: number,
): Effect[] {
  const ctx: SqlContext = {
    parsers,
    depth,
    command: text(raw?.stmt_location, raw?.stmt_len),
    classify: (sql, deeper) => classifyAt(sql, parsers, deeper),
  };
  try {
    const stmt = asObject(raw?.stmt);
    const [type, ...more] = Object.keys(stmt ?? {});
    if (stmt === undefined || type === undefined || more.length > 0) {
      return [opaqueSql(ctx, "statement", "a statement the parser returned in an unknown shape")];
    }
    const effects = unique(walkSqlNode(type, stmt[type], ctx));
    return effects.length > 0 ? effects : [opaqueSql(ctx, "no effect", `${type} matched nothing in the vocabulary`)];
  } catch (error) {
    return [opaqueSql(ctx, "classifier error", errorMessage(error))];
  }
}

/** libpg-query reports statement bounds in UTF-8 bytes; a missing length means "to the end". */
function statementSlicer(sql: string): (location: unknown, length: unknown) => string {
  const ascii = /^[\x00-\x7f]*$/.test(sql);
  const bytes = ascii ? undefined : new TextEncoder().encode(sql);
  return (location, length) => {
    const start = typeof location === "number" ? location : 0;
    const end = typeof length === "number" && length > 0 ? start + length : undefined;
    const slice = bytes === undefined ? sql.slice(start, end) : new TextDecoder().decode(bytes.slice(start, end));
    return slice.trim();
  };
}

function unique(effects: Effect[]): Effect[] {
  const seen = new Set<string>();
  return effects.filter((found) => {
    const key = JSON.stringify([found.effect, found.rule, found.command, found.role, found.detail]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
