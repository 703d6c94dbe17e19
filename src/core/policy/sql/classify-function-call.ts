import type { Effect } from "../effects.ts";
import { opaqueSql, sqlEffect, stringList, type SqlContext } from "./sql-context.ts";
import { BUILTIN_READ_FUNCTIONS, FUNCTION_EFFECTS, FUNCTION_PREFIX_EFFECTS, TIMESCALE_READ_FUNCTIONS, TIMESCALE_SCHEMAS } from "./sql-function-vocabulary.ts";

/**
 * One function call (a `FuncCall` node's `funcname`): a known effect under any schema, read when
 * the name is in the read-only vocabulary under its own schema, opaque otherwise.
 */
export function classifyFunctionCall(funcname: unknown, ctx: SqlContext): Effect {
  const parts = stringList(funcname);
  const name = parts?.at(-1);
  if (parts === undefined || name === undefined || parts.length > 3) {
    return opaqueSql(ctx, "function name", "a function call whose name the classifier cannot read");
  }
  const shown = parts.join(".");
  // hasOwn: a name such as `constructor` must not find Object.prototype's members.
  const known = Object.hasOwn(FUNCTION_EFFECTS, name) ? FUNCTION_EFFECTS[name] : FUNCTION_PREFIX_EFFECTS.find((family) => name.startsWith(family.prefix));
  if (known !== undefined) {
    return sqlEffect(ctx, known.effect, `sql function ${name}`, `${shown}() ${known.why}`);
  }
  const schema = parts.length === 1 ? undefined : parts.at(-2);
  if (BUILTIN_READ_FUNCTIONS.has(name) && (schema === undefined || schema === "pg_catalog")) {
    return sqlEffect(ctx, "read", `sql function ${name}`, `${shown}() only reads`);
  }
  if (TIMESCALE_READ_FUNCTIONS.has(name) && (schema === undefined || TIMESCALE_SCHEMAS.has(schema))) {
    return sqlEffect(ctx, "read", `sql function ${name}`, `${shown}() only reads (TimescaleDB)`);
  }
  return opaqueSql(ctx, "unknown function", `${shown}() is not in the vocabulary of known functions; a user-defined function can do anything`);
}
