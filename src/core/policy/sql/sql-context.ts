import type { Effect, EffectKind } from "../effects.ts";
import type { Parsers } from "../parsers.ts";

export type SqlParsers = Pick<Parsers, "sql" | "plpgsql">;

/** A parsed node's body: libpg-query's plain JSON. */
export type SqlObject = Record<string, unknown>;

/**
 * What each classifier step needs: the parsers, the statement being classified (every effect
 * names it) and the recursion depth. `classify` is handed down instead of imported, so the
 * embedded-SQL paths (function bodies, PL/pgSQL queries) recurse without an import cycle.
 */
export interface SqlContext {
  parsers: SqlParsers;
  command: string;
  depth: number;
  classify(sql: string, depth: number): Effect[];
}

export function sqlEffect(ctx: Pick<SqlContext, "command">, effect: EffectKind, rule: string, detail: string): Effect {
  return { effect, rule, detail, command: ctx.command };
}

export function opaqueSql(ctx: Pick<SqlContext, "command">, reason: string, detail: string): Effect {
  return sqlEffect(ctx, "opaque", `opaque: ${reason}`, detail);
}

export function asObject(value: unknown): SqlObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as SqlObject) : undefined;
}

/** Node type names are PascalCase (`SelectStmt`, `A_Const`, `PLpgSQL_expr`); field names never are. */
export function isNodeKey(key: string): boolean {
  return /^[A-Z]/.test(key);
}

/** The `sval`s of a list of `String` nodes (a qualified name), or undefined if any item is something else. */
export function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value) {
    const sval = asObject(asObject(item)?.String)?.sval;
    if (typeof sval !== "string") return undefined;
    out.push(sval);
  }
  return out;
}

/** `DefElem` options as name → argument node (the argument's wrapper, e.g. `{ Boolean: … }`). */
export function defElems(value: unknown): { name: string; arg: SqlObject | undefined }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const def = asObject(asObject(item)?.DefElem);
    return typeof def?.defname === "string" ? [{ name: def.defname, arg: asObject(def.arg) }] : [];
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
