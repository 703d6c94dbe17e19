import pg from "pg";
import { POSTGRES_CATALOGUE, type CatalogueName, type Row } from "./postgres-catalogue.ts";
import { ProbeFault } from "./probe-fault.ts";

const ALLOWED = new Set<string>(Object.values(POSTGRES_CATALOGUE));

/** A statement that is not in the probe catalogue; it never reaches the server. */
export class CatalogueRefusal extends Error {
  constructor(sql: string) {
    super(`refused: the PostgreSQL probe only sends statements from its catalogue, not ${JSON.stringify(sql.slice(0, 80))}`);
    this.name = "CatalogueRefusal";
  }
}

export interface SessionOptions {
  /** Server-side statement timeout, and the client-side backstop a little after it. */
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

/**
 * Opens a pg connection whose every transaction is read-only by the server's own rule
 * (`default_transaction_read_only=on`), with a statement timeout. The server refuses writes on it;
 * it does not refuse `SET default_transaction_read_only = off`, which is why the probe only ever
 * talks through ReadOnlySession below.
 */
export async function connectReadOnly(dsn: string, options: SessionOptions): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: dsn,
    options: `-c default_transaction_read_only=on -c statement_timeout=${options.statementTimeoutMs}`,
    application_name: "rounds-probe",
    connectionTimeoutMillis: options.connectTimeoutMs,
    query_timeout: options.statementTimeoutMs + 1000,
  });
  // A connection the server drops later must not crash the process: the next query fails instead.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectFault(error, options.connectTimeoutMs);
  }
  return client;
}

/** The probe's session: catalogue statements only, on a connection proven read-only before use. */
export class ReadOnlySession {
  private constructor(private readonly client: pg.Client) {}

  static async open(dsn: string, options: SessionOptions): Promise<ReadOnlySession> {
    const session = new ReadOnlySession(await connectReadOnly(dsn, options));
    // A pooler or proxy may drop startup options silently: refuse to probe through such a session.
    const [state] = await session.run("readOnly").catch(async (error: unknown) => {
      await session.close();
      throw error;
    });
    if (state?.read_only !== "on") {
      await session.close();
      throw new ProbeFault(
        "refused",
        `the session is not read-only (default_transaction_read_only=${String(state?.read_only)}); a pooler may have dropped the startup options`,
      );
    }
    return session;
  }

  /** Sends `sql` only when it is, character for character, a catalogue statement. */
  async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    if (!ALLOWED.has(sql)) throw new CatalogueRefusal(sql);
    try {
      return (await this.client.query(sql, params)).rows as Row[];
    } catch (error) {
      throw queryFault(error);
    }
  }

  run(name: CatalogueName, params: unknown[] = []): Promise<Row[]> {
    return this.query(POSTGRES_CATALOGUE[name], params);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

type PgError = Error & { code?: string };

/** Names why PostgreSQL would not let us in; the DSN never appears in the message. */
export function connectFault(error: unknown, connectTimeoutMs: number): ProbeFault {
  const err = error as PgError;
  const message = err?.message ?? String(error);
  if (err?.code === "ECONNREFUSED") return new ProbeFault("refused", `connection refused: ${message}`);
  if (err?.code === "28P01" || err?.code === "28000") return new ProbeFault("auth-refused", `authentication refused: ${message}`);
  // 53300 too many connections, 57P03 starting up or shutting down, 55000 database not accepting connections.
  if (err?.code === "53300" || err?.code === "57P03" || err?.code === "55000")
    return new ProbeFault("refused", `PostgreSQL refused the connection: ${message}`);
  if (/timeout/i.test(message)) return new ProbeFault("timeout", `no connection within ${connectTimeoutMs} ms: ${message}`);
  if (err?.code === "ENOTFOUND" || err?.code === "EHOSTUNREACH" || err?.code === "ENETUNREACH") return new ProbeFault("unreachable", message);
  return new ProbeFault("error", `cannot connect: ${message}`);
}

function queryFault(error: unknown): ProbeFault {
  const err = error as PgError;
  if (err?.code === "57014" || /timeout/i.test(err?.message ?? "")) return new ProbeFault("timeout", `a catalogue query timed out: ${err.message}`);
  if (err?.code === undefined) return new ProbeFault("connection-dropped", `the connection failed during a query: ${err?.message ?? String(error)}`);
  return new ProbeFault("error", `a catalogue query failed: ${err.code} ${err.message}`);
}
