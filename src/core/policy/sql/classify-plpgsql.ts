import type { Effect } from "../effects.ts";
import { asObject, errorMessage, isNodeKey, opaqueSql, sqlEffect, type SqlContext } from "./sql-context.ts";

/** PL/pgSQL constructs that only carry control flow; the SQL they run sits in their PLpgSQL_expr children. */
const PLPGSQL_CONSTRUCTS: ReadonlySet<string> = new Set([
  "PLpgSQL_function",
  "PLpgSQL_var",
  "PLpgSQL_rec",
  "PLpgSQL_row",
  "PLpgSQL_recfield",
  "PLpgSQL_type",
  "PLpgSQL_stmt_block",
  "PLpgSQL_exception_block",
  "PLpgSQL_exception",
  "PLpgSQL_condition",
  "PLpgSQL_stmt_assign",
  "PLpgSQL_stmt_if",
  "PLpgSQL_if_elsif",
  "PLpgSQL_stmt_case",
  "PLpgSQL_case_when",
  "PLpgSQL_stmt_loop",
  "PLpgSQL_stmt_while",
  "PLpgSQL_stmt_fori",
  "PLpgSQL_stmt_fors",
  "PLpgSQL_stmt_forc",
  "PLpgSQL_stmt_foreach_a",
  "PLpgSQL_stmt_exit",
  "PLpgSQL_stmt_return",
  "PLpgSQL_stmt_return_next",
  "PLpgSQL_stmt_return_query",
  "PLpgSQL_stmt_raise",
  "PLpgSQL_raise_option",
  "PLpgSQL_stmt_assert",
  "PLpgSQL_stmt_execsql",
  "PLpgSQL_stmt_perform",
  "PLpgSQL_stmt_call",
  "PLpgSQL_stmt_getdiag",
  "PLpgSQL_diag_item",
  "PLpgSQL_stmt_open",
  "PLpgSQL_stmt_fetch",
  "PLpgSQL_stmt_close",
  "PLpgSQL_stmt_commit",
  "PLpgSQL_stmt_rollback",
]);

/** SQL built at run time: what it does cannot be known before it runs. */
const DYNAMIC = new Set(["PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors"]);

/** libpg-query's RawParseMode: a whole statement, an expression, or an assignment `target := expr`. */
const STATEMENT_MODE = 0;
const EXPRESSION_MODE = 2;
const ASSIGNMENT_MODES = new Set([3, 4, 5]);

/**
 * The assignment target, matched on the expression text because libpg-query has no entry point
 * for PL/pgSQL's assignment grammar. Deliberately narrow: plain or double-quoted names without
 * comment, quote or operator characters, dotted; anything else (subscripts included) is opaque.
 */
const NAME = String.raw`(?:[\p{L}_][\p{L}\p{N}_$]*|"[^"\-/*:=';$\\]*")`;
const ASSIGNMENT = new RegExp(String.raw`^\s*${NAME}(?:\s*\.\s*${NAME})*\s*:?=`, "u");

/**
 * The effects of a DO block or a PL/pgSQL function body: every embedded query and expression is
 * classified as SQL one level deeper; dynamic SQL and every construct not listed is opaque.
 */
export function classifyPlpgsql(source: string, ctx: SqlContext): Effect[] {
  let tree: unknown;
  try {
    tree = ctx.parsers.plpgsql(source);
  } catch (error) {
    return [opaqueSql(ctx, "PL/pgSQL parse error", `PL/pgSQL the parser rejects: ${errorMessage(error)}`)];
  }
  const funcs = Array.isArray(tree) ? tree : asObject(tree)?.plpgsql_funcs;
  if (!Array.isArray(funcs) || funcs.length !== 1) {
    return [opaqueSql(ctx, "PL/pgSQL body", "expected exactly one PL/pgSQL body")];
  }
  const effects: Effect[] = [];
  const stack: unknown[] = [funcs[0]];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    const object = asObject(value);
    if (object === undefined) continue;
    if ("dynquery" in object) effects.push(dynamic(ctx, "EXECUTE of a built string"));
    for (const [key, child] of Object.entries(object)) {
      if (!isNodeKey(key)) stack.push(child);
      else if (key === "PLpgSQL_expr") effects.push(...classifyExpression(asObject(child), ctx));
      else if (DYNAMIC.has(key)) effects.push(dynamic(ctx, `${key.replace("PLpgSQL_stmt_", "")}: SQL built at run time`));
      else if (PLPGSQL_CONSTRUCTS.has(key)) stack.push(child);
      else effects.push(opaqueSql(ctx, "unknown PL/pgSQL construct", `${key} is not in the vocabulary`));
    }
  }
  return effects.length > 0 ? effects : [sqlEffect(ctx, "read", "sql DO: control flow only", "a block with no SQL in it")];
}

function classifyExpression(expr: ReturnType<typeof asObject>, ctx: SqlContext): Effect[] {
  const query = expr?.query;
  const mode = expr?.parseMode ?? STATEMENT_MODE;
  if (typeof query !== "string") return [opaqueSql(ctx, "PL/pgSQL expression", "an expression without text")];
  if (mode === STATEMENT_MODE) return ctx.classify(query, ctx.depth + 1);
  if (mode === EXPRESSION_MODE) return ctx.classify(`SELECT ${query}`, ctx.depth + 1);
  if (typeof mode === "number" && ASSIGNMENT_MODES.has(mode)) {
    const target = ASSIGNMENT.exec(query);
    if (target !== null) return ctx.classify(`SELECT ${query.slice(target[0].length)}`, ctx.depth + 1);
    return [opaqueSql(ctx, "PL/pgSQL assignment", `an assignment target the classifier cannot read: ${query}`)];
  }
  return [opaqueSql(ctx, "PL/pgSQL expression", `parse mode ${String(mode)} is not in the vocabulary`)];
}

function dynamic(ctx: SqlContext, detail: string): Effect {
  return opaqueSql(ctx, "dynamic SQL", detail);
}
