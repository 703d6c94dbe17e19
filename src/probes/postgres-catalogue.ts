import type { PostgresFacts } from "../core/observations/postgres.ts";

/**
 * The only statements a PostgreSQL probe session may send. Every one reads the system catalogue or
 * the statistics views; ReadOnlySession refuses any other text before it reaches the server.
 */
export const POSTGRES_CATALOGUE = {
  /** Run first on every session: proves the server really applied the read-only startup options. */
  readOnly: "SELECT current_setting('default_transaction_read_only') AS read_only, current_setting('statement_timeout') AS statement_timeout",
  version: "SELECT version() AS version",
  databases:
    "SELECT datname AS name, pg_database_size(datname) AS size_bytes FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY size_bytes DESC",
  connections:
    "SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used, current_setting('max_connections')::int AS max",
  longTransactions:
    "SELECT pid, extract(epoch FROM now() - xact_start)::float8 AS seconds, coalesce(state, '') AS state, left(coalesce(query, ''), 200) AS query FROM pg_stat_activity WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() AND now() - xact_start > make_interval(secs => $1) ORDER BY xact_start",
  /** On a primary: one row per standby. */
  replicas:
    "SELECT coalesce(nullif(application_name, ''), client_addr::text, 'unknown') AS client, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 AS lag_bytes, extract(epoch FROM replay_lag)::float8 AS lag_seconds FROM pg_stat_replication",
  /** On a standby: how far behind its primary it replays. */
  standby: "SELECT pg_is_in_recovery() AS in_recovery, extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag_seconds",
  largestTables:
    "SELECT schemaname || '.' || relname AS table_name, pg_total_relation_size(relid) AS size_bytes FROM pg_stat_user_tables ORDER BY size_bytes DESC, table_name LIMIT 20",
  /** Row churn since the statistics were last reset: activity, not growth per day (history gives that). */
  tableActivity:
    "SELECT schemaname || '.' || relname AS table_name, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY n_tup_ins DESC, table_name LIMIT 10",
  timescaleExtension: "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'",
  /** Compression stats only for hypertables with compression enabled: TimescaleDB may raise an error for the others. */
  hypertables:
    "SELECT h.hypertable_schema || '.' || h.hypertable_name AS name, hypertable_size(format('%I.%I', h.hypertable_schema, h.hypertable_name)::regclass) AS size_bytes, (SELECT count(*) FROM timescaledb_information.chunks c WHERE c.hypertable_schema = h.hypertable_schema AND c.hypertable_name = h.hypertable_name) AS total_chunks, (SELECT count(*) FROM timescaledb_information.chunks c WHERE c.hypertable_schema = h.hypertable_schema AND c.hypertable_name = h.hypertable_name AND c.is_compressed) AS compressed_chunks, CASE WHEN h.compression_enabled THEN (SELECT s.before_compression_total_bytes FROM hypertable_compression_stats(format('%I.%I', h.hypertable_schema, h.hypertable_name)::regclass) s) END AS before_bytes, CASE WHEN h.compression_enabled THEN (SELECT s.after_compression_total_bytes FROM hypertable_compression_stats(format('%I.%I', h.hypertable_schema, h.hypertable_name)::regclass) s) END AS after_bytes FROM timescaledb_information.hypertables h ORDER BY name",
} as const;

export type CatalogueName = keyof typeof POSTGRES_CATALOGUE;
export type Row = Record<string, unknown>;

/** pg returns int8 and numeric as strings; null stays null. */
export function num(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

const str = (value: unknown) => (value === null || value === undefined ? "" : String(value));

export function parseDatabases(rows: Row[]): PostgresFacts["databases"] {
  return rows.map((r) => ({ name: str(r.name), sizeBytes: num(r.size_bytes) ?? 0 }));
}

export function parseTables(database: string, rows: Row[]): PostgresFacts["largestTables"] {
  return rows.map((r) => ({ database, table: str(r.table_name), sizeBytes: num(r.size_bytes) ?? 0 }));
}

export function parseTableActivity(database: string, rows: Row[]): NonNullable<PostgresFacts["tableActivity"]> {
  return rows.map((r) => ({
    database,
    table: str(r.table_name),
    inserted: num(r.n_tup_ins) ?? 0,
    updated: num(r.n_tup_upd) ?? 0,
    deleted: num(r.n_tup_del) ?? 0,
    liveRows: num(r.n_live_tup) ?? 0,
  }));
}

export function parseLongTransactions(rows: Row[]): PostgresFacts["longTransactions"] {
  return rows.map((r) => ({ pid: num(r.pid) ?? 0, seconds: Math.round(num(r.seconds) ?? 0), state: str(r.state), query: str(r.query) }));
}

/** Standbys seen from a primary, plus this server's own lag when it is a standby. */
export function parseReplication(replicas: Row[], standby: Row | undefined): PostgresFacts["replication"] {
  const out = replicas.map((r) => ({ client: str(r.client), lagBytes: num(r.lag_bytes), lagSeconds: num(r.lag_seconds) }));
  if (standby?.in_recovery === true) out.push({ client: "(this server, replaying from its primary)", lagBytes: null, lagSeconds: num(standby.lag_seconds) });
  return out;
}

/**
 * TimescaleDB hypertables from the `hypertables` statement: size, chunks compressed of total, and
 * the compression ratio (bytes before ÷ after) where any chunk is compressed.
 */
export function parseHypertables(database: string, rows: Row[]): NonNullable<PostgresFacts["timescale"]>["hypertables"] {
  return rows.map((r) => {
    const before = num(r.before_bytes);
    const after = num(r.after_bytes);
    return {
      database,
      name: str(r.name),
      sizeBytes: num(r.size_bytes) ?? 0,
      compressedChunks: num(r.compressed_chunks) ?? 0,
      totalChunks: num(r.total_chunks) ?? 0,
      compressionRatio: before !== null && after !== null && after > 0 ? Math.round((before / after) * 100) / 100 : null,
    };
  });
}
