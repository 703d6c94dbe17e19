import type { Observation } from "../core/observations/index.ts";
import { toPostgresUrl } from "../adapters/postgres-dsn.ts";
import type { PostgresFacts } from "../core/observations/postgres.ts";
import { parseDatabases, parseHypertables, parseLongTransactions, parseReplication, parseTableActivity, parseTables, num } from "./postgres-catalogue.ts";
import { ReadOnlySession, type SessionOptions } from "./postgres-session.ts";
import { ProbeFault, toFault } from "./probe-fault.ts";

export interface PostgresProbeOptions {
  /** Inventory host the server runs on. */
  host: string;
  /** A postgres:// URL from the environment; it never appears in an observation. */
  dsn: string;
  /** Databases to look inside for tables and hypertables; empty means the DSN's own database. */
  databases: string[];
  now: () => Date;
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** A transaction open longer than this is reported. */
  longTransactionSeconds?: number;
}

export const POSTGRES_DEFAULTS = { statementTimeoutMs: 5_000, connectTimeoutMs: 10_000, longTransactionSeconds: 300 } as const;

/**
 * Observes one PostgreSQL server through read-only, catalogue-only sessions: server-wide facts
 * over the DSN's database, then tables (and TimescaleDB hypertables where the extension exists) in
 * each listed database. Returns the facts plus one fault per database it could not read; a server
 * that refuses us is a single fault. Never throws.
 */
export async function probePostgres(options: PostgresProbeOptions): Promise<Observation[]> {
  const session: SessionOptions = {
    statementTimeoutMs: options.statementTimeoutMs ?? POSTGRES_DEFAULTS.statementTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? POSTGRES_DEFAULTS.connectTimeoutMs,
  };
  const fault = (error: unknown, prefix = ""): Observation => {
    const f = toFault(error);
    return { kind: "fault", probe: "postgres", at: options.now().toISOString(), host: options.host, fault: { ...f, message: prefix + f.message } };
  };
  let facts: PostgresFacts;
  try {
    facts = await serverFacts(options.dsn, session, options.longTransactionSeconds ?? POSTGRES_DEFAULTS.longTransactionSeconds);
  } catch (error) {
    return [fault(error)];
  }
  const faults: Observation[] = [];
  const databases = options.databases.length > 0 ? options.databases : [ownDatabase(options.dsn)];
  const perDatabase = await Promise.allSettled(databases.map((db) => databaseFacts(options.dsn, db, session)));
  perDatabase.forEach((part, i) => {
    if (part.status === "rejected") return faults.push(fault(part.reason, `database ${databases[i]}: `));
    facts.largestTables.push(...part.value.largestTables);
    facts.tableActivity!.push(...part.value.tableActivity);
    if (part.value.timescaleError) faults.push(fault(part.value.timescaleError, `database ${databases[i]}: TimescaleDB hypertables: `));
    if (part.value.hypertables) facts.timescale = { hypertables: [...(facts.timescale?.hypertables ?? []), ...part.value.hypertables] };
  });
  facts.largestTables.sort((a, b) => b.sizeBytes - a.sizeBytes);
  return [{ kind: "postgres", at: options.now().toISOString(), host: options.host, facts }, ...faults];
}

async function serverFacts(dsn: string, options: SessionOptions, longSeconds: number): Promise<PostgresFacts> {
  const s = await ReadOnlySession.open(dsnFor(dsn), options);
  try {
    const [version] = await s.run("version");
    const databases = await s.run("databases");
    const [connections] = await s.run("connections");
    const longTransactions = await s.run("longTransactions", [longSeconds]);
    const replicas = await s.run("replicas");
    const [standby] = await s.run("standby");
    return {
      version: String(version?.version ?? ""),
      databases: parseDatabases(databases),
      largestTables: [],
      connections: { used: num(connections?.used) ?? 0, max: num(connections?.max) ?? 0 },
      longTransactions: parseLongTransactions(longTransactions),
      replication: parseReplication(replicas, standby),
      tableActivity: [],
    };
  } finally {
    await s.close();
  }
}

async function databaseFacts(dsn: string, database: string, options: SessionOptions) {
  const s = await ReadOnlySession.open(dsnFor(dsn, database), options);
  try {
    const largestTables = parseTables(database, await s.run("largestTables"));
    const tableActivity = parseTableActivity(database, await s.run("tableActivity"));
    // Silence where TimescaleDB is not installed: no hypertable query, no empty section.
    const [extension] = await s.run("timescaleExtension");
    if (!extension) return { largestTables, tableActivity };
    // A TimescaleDB that cannot report its hypertables costs only that section, not the tables.
    try {
      return { largestTables, tableActivity, hypertables: parseHypertables(database, await s.run("hypertables")) };
    } catch (timescaleError) {
      return { largestTables, tableActivity, timescaleError };
    }
  } finally {
    await s.close();
  }
}

/** The DSN with its database swapped; a DSN that is not a URL is refused rather than guessed at. */
function dsnFor(dsn: string, database?: string): string {
  let url: URL;
  try {
    url = new URL(toPostgresUrl(dsn));
  } catch (error) {
    throw new ProbeFault("error", (error as Error).message);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new ProbeFault("error", `the DSN is a ${url.protocol} URL, not postgres://`);
  if (database !== undefined) url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function ownDatabase(dsn: string): string {
  try {
    const url = new URL(toPostgresUrl(dsn));
    return decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || "postgres";
  } catch {
    return "postgres";
  }
}
