// The template's monitoring-role rollback drops the role only when this change created it: the SQL
// the playbook renders, run on a real PostgreSQL. A role that existed before the change — made by a
// person, or by an earlier change of Rounds — survives a rollback whatever made the change fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Step } from "../../src/config/schemas/playbook.ts";
import { renderSteps } from "../../src/core/policy/render.ts";
import { vocabularyFor } from "../../src/core/policy/vocabulary.ts";
import { runSql } from "../../src/jobs/review/change-ports.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { loadTemplateConfig } from "../support/template.ts";

const config = await loadTemplateConfig();
const playbook = config.playbooks.find((p) => p.id === "postgres-monitoring-role")!;
const db01 = config.inventory.hosts.find((h) => h.name === "db01")!;
let pg: TestPostgres;

/** The playbook's SQL steps of one stage, rendered for a change id. */
function sqlOf(stage: "apply" | "rollback", changeId: string): string[] {
  const rendered = renderSteps(
    playbook,
    playbook.steps[stage],
    { params: {}, builtins: { host: "db01", snapshot_dir: "/var/lib/rounds/snapshots/x", change_id: changeId } },
    vocabularyFor(config.inventory, db01),
  );
  if (!rendered.ok) throw new Error(rendered.problems.join("; "));
  return rendered.steps.filter((s): s is Extract<Step, { sql: string }> => "sql" in s).map((s) => s.sql);
}
const run = (sql: string) => runSql(pg.dsn("postgres"), "postgres", sql);
const roleExists = async () => (await pg.admin("SELECT 1 FROM pg_roles WHERE rolname = 'rounds_monitor'")).rowCount === 1;

beforeAll(async () => {
  pg = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pg?.stop();
});

describe("postgres-monitoring-role: the rollback drops only the role its own change created", () => {
  it("a change that created the role drops it on rollback", async () => {
    const [create] = sqlOf("apply", "C-2026-11-17-postgres-monitoring-role-db01");
    await run(create!);
    expect(await roleExists()).toBe(true);
    for (const sql of sqlOf("rollback", "C-2026-11-17-postgres-monitoring-role-db01")) await run(sql);
    expect(await roleExists()).toBe(false);
  });

  it("a role made by a person survives: the create fails, nothing after it runs, and the rollback leaves the role", async () => {
    await pg.admin("CREATE ROLE rounds_monitor LOGIN");
    const [create] = sqlOf("apply", "C-2026-11-18-postgres-monitoring-role-db01");
    await expect(run(create!)).rejects.toThrow(/already exists/);
    expect((await pg.admin("SELECT pg_has_role('rounds_monitor', 'pg_monitor', 'member') AS m")).rows).toEqual([{ m: false }]);
    for (const sql of sqlOf("rollback", "C-2026-11-18-postgres-monitoring-role-db01")) await run(sql);
    expect(await roleExists()).toBe(true);
    await pg.admin("DROP ROLE rounds_monitor");
  });

  it("a role an earlier change created survives a later change's rollback", async () => {
    await run(sqlOf("apply", "C-2026-11-17-postgres-monitoring-role-db01")[0]!);
    await expect(run(sqlOf("apply", "C-2026-11-19-postgres-monitoring-role-db01")[0]!)).rejects.toThrow(/already exists/);
    for (const sql of sqlOf("rollback", "C-2026-11-19-postgres-monitoring-role-db01")) await run(sql);
    expect(await roleExists()).toBe(true);
  });
});
