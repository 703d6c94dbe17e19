/**
 * The production parsers behind the policy's `Parsers` port. This file holds the SQL part only
 * (libpg-query, the real PostgreSQL parser compiled to WASM) and the shell part (shell-parser.ts).
 * The WASM module costs ~300 ms to load, so it is loaded on first use and once.
 */
import type { Parsers } from "../core/policy/parsers.ts";

type SqlParsers = Pick<Parsers, "sql" | "plpgsql">;

let sqlParsers: Promise<SqlParsers> | undefined;

export async function loadSqlParsers(): Promise<SqlParsers> {
  sqlParsers ??= loadLibpgQuery().catch((error: unknown) => {
    sqlParsers = undefined; // a failed load is retried by the next caller, not cached as a failure
    throw error;
  });
  return sqlParsers;
}

async function loadLibpgQuery(): Promise<SqlParsers> {
  const pg = await import("libpg-query");
  await pg.loadModule();
  return {
    sql: (source) => pg.parseSync(source) as ReturnType<SqlParsers["sql"]>,
    plpgsql: (source) => pg.parsePlPgSQLSync(source) as unknown as ReturnType<SqlParsers["plpgsql"]>,
  };
}

/** Both parsers, for the policy engine: the shell parser (mvdan-sh, loaded on first parse) and libpg-query. */
export async function loadParsers(): Promise<Parsers> {
  const { parseShell } = await import("./shell-parser.ts");
  return { shell: parseShell, ...(await loadSqlParsers()) };
}
