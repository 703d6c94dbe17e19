/**
 * The parsers the classifier needs, passed in as a port: the core stays pure, the adapter
 * (src/adapters/parsers.ts) loads mvdan-sh and libpg-query lazily. Every function throws on input
 * it cannot parse; the classifier turns that into an opaque effect (fail closed).
 */
export interface Parsers {
  /** A shell script as a plain tree (see shell-model.ts). */
  shell(source: string): import("./shell/shell-model.ts").ShellScript;
  /** libpg-query's `parseSync` result: `{ stmts: [{ stmt: { SelectStmt: … } }] }`, plain JSON. */
  sql(source: string): { stmts?: { stmt?: Record<string, unknown> }[] };
  /** libpg-query's `parsePlPgSQLSync` result for a DO block or a function body. */
  plpgsql(source: string): { plpgsql_funcs?: unknown[] } | unknown[];
}
