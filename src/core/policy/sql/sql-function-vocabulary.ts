import type { EffectKind } from "../effects.ts";

/**
 * The vocabulary of SQL functions, as data. A call is read only when its name is listed here;
 * every other function (a user-defined one can do anything) is opaque. Names are matched as the
 * parser resolved them: `"PG_TERMINATE_BACKEND"` (quoted) is another function than
 * `pg_terminate_backend`. Grown by review of this project, never by an ops repo.
 */

/** Built-in read-only functions, callable bare or as `pg_catalog.<name>`. */
export const BUILTIN_READ_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregates and window functions
  "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or", "every", "any_value",
  "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop", "stddev_samp",
  "variance", "var_pop", "var_samp", "percentile_cont", "percentile_disc", "mode", "corr", "covar_pop",
  "covar_samp", "regr_slope", "regr_intercept", "bit_and", "bit_or", "row_number", "rank", "dense_rank",
  "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
  // strings
  "length", "char_length", "character_length", "octet_length", "bit_length", "lower", "upper", "initcap",
  "substr", "substring", "left", "right", "lpad", "rpad", "trim", "btrim", "ltrim", "rtrim", "replace",
  "translate", "concat", "concat_ws", "format", "position", "strpos", "split_part", "starts_with", "repeat",
  "reverse", "regexp_replace", "regexp_match", "regexp_matches", "regexp_like", "regexp_count",
  "regexp_substr", "regexp_split_to_array", "regexp_split_to_table", "similar_to_escape", "md5", "sha256",
  "encode", "quote_ident", "quote_literal", "quote_nullable", "to_char", "to_number", "to_date",
  "to_timestamp", "overlay", "normalize", "is_normalized", "ascii", "chr", "string_to_array",
  "array_to_string", "pg_collation_for", "unistr",
  // numbers
  "abs", "ceil", "ceiling", "floor", "round", "trunc", "sign", "sqrt", "cbrt", "power", "pow", "exp", "ln",
  "log", "log10", "mod", "div", "pi", "degrees", "radians", "width_bucket", "random", "gcd", "lcm", "scale",
  // dates and times
  "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday", "date_trunc",
  "date_part", "extract", "date_bin", "age", "make_interval", "make_date", "make_time", "make_timestamp",
  "make_timestamptz", "justify_days", "justify_hours", "justify_interval", "timezone", "isfinite", "overlaps",
  // JSON and arrays
  "to_json", "to_jsonb", "row_to_json", "array_to_json", "json_build_object", "jsonb_build_object",
  "json_build_array", "jsonb_build_array", "json_object", "jsonb_object", "json_typeof", "jsonb_typeof",
  "json_array_length", "jsonb_array_length", "json_each", "jsonb_each", "json_each_text", "jsonb_each_text",
  "json_extract_path", "jsonb_extract_path", "json_extract_path_text", "jsonb_extract_path_text",
  "json_array_elements", "jsonb_array_elements", "jsonb_pretty", "jsonb_path_query", "jsonb_path_exists",
  "array_length", "array_lower", "array_upper", "array_position", "array_positions", "array_dims",
  "cardinality", "unnest", "generate_series", "generate_subscripts",
  // sizes, recovery, WAL positions, settings, privileges, catalog lookups
  "pg_size_pretty", "pg_size_bytes", "pg_total_relation_size", "pg_relation_size", "pg_table_size",
  "pg_indexes_size", "pg_database_size", "pg_tablespace_size", "pg_column_size", "pg_is_in_recovery",
  "pg_is_wal_replay_paused", "pg_get_wal_replay_pause_state", "pg_current_wal_lsn", "pg_current_wal_insert_lsn",
  "pg_current_wal_flush_lsn", "pg_last_wal_receive_lsn", "pg_last_wal_replay_lsn", "pg_wal_lsn_diff",
  "pg_last_xact_replay_timestamp", "pg_walfile_name", "pg_walfile_name_offset", "current_setting",
  "has_table_privilege", "has_schema_privilege", "has_database_privilege", "has_function_privilege",
  "has_column_privilege", "has_any_column_privilege", "has_sequence_privilege", "has_tablespace_privilege",
  "has_language_privilege", "has_server_privilege", "has_type_privilege", "has_parameter_privilege",
  "has_foreign_data_wrapper_privilege", "pg_has_role", "version", "current_database", "current_schema",
  "current_schemas", "pg_backend_pid", "pg_postmaster_start_time", "pg_conf_load_time", "inet_server_addr",
  "inet_server_port", "inet_client_addr", "pg_typeof", "format_type", "to_regclass", "to_regrole",
  "to_regproc", "to_regtype", "to_regnamespace", "obj_description", "col_description", "shobj_description", "pg_get_userbyid",
  "pg_get_viewdef", "pg_get_indexdef", "pg_get_constraintdef", "pg_get_functiondef", "pg_blocking_pids",
  "pg_table_is_visible", "pg_encoding_to_char", "pg_tablespace_location", "pg_relation_filenode",
  "pg_stat_get_backend_pid", "txid_current_if_assigned", "pg_jit_available",
]);

/** TimescaleDB's read functions, callable bare or schema-qualified with the extension's schema. */
export const TIMESCALE_READ_FUNCTIONS: ReadonlySet<string> = new Set([
  "show_chunks", "chunk_compression_stats", "hypertable_compression_stats", "hypertable_size",
  "hypertable_detailed_size", "hypertable_index_size", "hypertable_approximate_size",
  "hypertable_approximate_detailed_size", "chunks_detailed_size", "approximate_row_count", "show_tablespaces",
  "time_bucket", "time_bucket_gapfill", "locf", "interpolate", "first", "last", "histogram",
]);

/** Schemas a TimescaleDB function may be qualified with. */
export const TIMESCALE_SCHEMAS: ReadonlySet<string> = new Set(["public", "timescaledb"]);

/**
 * Functions known to change something, with the class they belong to. They are recognised under
 * any schema (a look-alike in another schema is never safer than the original).
 */
export const FUNCTION_EFFECTS: Readonly<Record<string, { effect: EffectKind; why: string }>> = {
  pg_reload_conf: { effect: "reload", why: "reloads the server configuration (no restart)" },
  nextval: { effect: "data", why: "advances a sequence" },
  setval: { effect: "data", why: "sets a sequence" },
  compress_chunk: { effect: "data", why: "rewrites a TimescaleDB chunk compressed" },
  decompress_chunk: { effect: "data", why: "rewrites a TimescaleDB chunk uncompressed" },
  lo_unlink: { effect: "data", why: "deletes a large object" },
  lo_create: { effect: "data", why: "creates a large object" },
  lo_from_bytea: { effect: "data", why: "creates a large object" },
  lo_put: { effect: "data", why: "writes a large object" },
  refresh_continuous_aggregate: { effect: "data", why: "rewrites a continuous aggregate" },
  drop_chunks: { effect: "retention", why: "drops TimescaleDB chunks (history is lost)" },
  add_retention_policy: { effect: "retention", why: "schedules dropping of TimescaleDB chunks" },
  remove_retention_policy: { effect: "retention", why: "changes how long TimescaleDB keeps history" },
  add_compression_policy: { effect: "schema", why: "schedules TimescaleDB compression" },
  remove_compression_policy: { effect: "schema", why: "removes TimescaleDB compression scheduling" },
  add_columnstore_policy: { effect: "schema", why: "schedules TimescaleDB compression" },
  set_chunk_time_interval: { effect: "schema", why: "changes a hypertable's chunking" },
  create_hypertable: { effect: "schema", why: "turns a table into a hypertable" },
  add_dimension: { effect: "schema", why: "changes a hypertable's partitioning" },
  add_job: { effect: "schema", why: "schedules a TimescaleDB job" },
  alter_job: { effect: "schema", why: "changes a TimescaleDB job" },
  delete_job: { effect: "schema", why: "deletes a TimescaleDB job" },
  run_job: { effect: "server", why: "runs a TimescaleDB job's procedure" },
  set_config: { effect: "server", why: "changes a server setting for the session" },
  lo_import: { effect: "server", why: "reads a file on the database server" },
  lo_export: { effect: "server", why: "writes a file on the database server" },
  pg_read_file: { effect: "server", why: "reads a file on the database server" },
  pg_read_binary_file: { effect: "server", why: "reads a file on the database server" },
  pg_stat_file: { effect: "server", why: "inspects a file on the database server" },
  pg_ls_dir: { effect: "server", why: "lists a directory on the database server" },
  pg_ls_logdir: { effect: "server", why: "lists a directory on the database server" },
  pg_ls_waldir: { effect: "server", why: "lists a directory on the database server" },
  pg_ls_tmpdir: { effect: "server", why: "lists a directory on the database server" },
  pg_ls_archive_statusdir: { effect: "server", why: "lists a directory on the database server" },
  pg_file_write: { effect: "server", why: "writes a file on the database server" },
  pg_file_rename: { effect: "server", why: "renames a file on the database server" },
  pg_file_unlink: { effect: "server", why: "deletes a file on the database server" },
  pg_terminate_backend: { effect: "server", why: "kills a database session" },
  pg_cancel_backend: { effect: "server", why: "cancels a database session's query" },
  pg_promote: { effect: "server", why: "promotes a standby to primary" },
  pg_switch_wal: { effect: "server", why: "forces a WAL segment switch" },
  pg_create_restore_point: { effect: "server", why: "writes a WAL restore point" },
  pg_backup_start: { effect: "server", why: "starts an online backup" },
  pg_backup_stop: { effect: "server", why: "stops an online backup" },
  pg_wal_replay_pause: { effect: "server", why: "pauses WAL replay" },
  pg_wal_replay_resume: { effect: "server", why: "resumes WAL replay" },
  pg_rotate_logfile: { effect: "server", why: "rotates the server log" },
  pg_log_backend_memory_contexts: { effect: "server", why: "writes a backend's memory to the log" },
  pg_create_physical_replication_slot: { effect: "server", why: "creates a replication slot (retains WAL)" },
  pg_create_logical_replication_slot: { effect: "server", why: "creates a replication slot (retains WAL)" },
  pg_drop_replication_slot: { effect: "server", why: "drops a replication slot" },
  pg_copy_physical_replication_slot: { effect: "server", why: "creates a replication slot (retains WAL)" },
  pg_copy_logical_replication_slot: { effect: "server", why: "creates a replication slot (retains WAL)" },
  pg_replication_slot_advance: { effect: "server", why: "advances a replication slot" },
  pg_logical_slot_get_changes: { effect: "server", why: "consumes a replication slot" },
  pg_logical_slot_get_binary_changes: { effect: "server", why: "consumes a replication slot" },
  pg_logical_emit_message: { effect: "server", why: "writes a message into WAL" },
  pg_advisory_lock: { effect: "server", why: "takes a lock" },
  pg_advisory_xact_lock: { effect: "server", why: "takes a lock" },
  pg_try_advisory_lock: { effect: "server", why: "takes a lock" },
  pg_advisory_lock_shared: { effect: "server", why: "takes a lock" },
  pg_sleep: { effect: "server", why: "holds a session open for a while" },
};

/** Prefixes of function families that reach outside the database (dblink). */
export const FUNCTION_PREFIX_EFFECTS: readonly { prefix: string; effect: EffectKind; why: string }[] = [
  { prefix: "dblink", effect: "server", why: "runs SQL over a connection to another server" },
];
