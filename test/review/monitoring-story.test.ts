// "The monitoring that monitored nothing", end to end on real parts: Prometheus (Debian) evaluating
// zero alerting rules; the review installs the minimal ruleset, validates it with promtool and
// hot-reloads Prometheus; the next evening the new visibility surfaces a postgres_exporter that never
// connected (pg_up = 0); the review fixes it with a least-privilege role, a pg_hba rule and a reload
// of the real PostgreSQL — no restart — and the exporter comes up; the third evening is healthy.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dump, load } from "js-yaml";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeHost } from "../../src/demo/fake-ssh-host.ts";
import { setContainer } from "../../src/demo/host-sandbox.ts";
import { TEMPLATE } from "../support/template.ts";
import type { TestPrometheus } from "../support/prometheus.ts";
import { startMonitoringHost, waitForQuery, type MonitoringHost } from "./monitoring-host.ts";
import { headings, startReviewLab, type ReviewLab } from "./review-lab.ts";

let lab: ReviewLab;
let monitoring: MonitoringHost;
let prometheus: TestPrometheus;
let exporter: Server;
let mon01: FakeHost;
let rulesDir: string;
/** When the PostgreSQL server started: a restart would change it, a reload does not. */
let serverStarted: string;
const startedAt = async () => String((await lab.db.admin("SELECT pg_postmaster_start_time()::text AS t")).rows[0].t);
/** When the configuration was last (re)loaded: pg_reload_conf() moves it. */
let confLoaded: string;
const loadedAt = async () => String((await lab.db.admin("SELECT pg_conf_load_time()::text AS t")).rows[0].t);

/**
 * A stand-in postgres_exporter: it reads its user from `userFile` (DATA_SOURCE_USER_FILE), and pg_up
 * is 1 only when that user can really log in to the lab's PostgreSQL.
 */
async function startExporter(port: number, userFile: string): Promise<Server> {
  const server = createServer(async (_req, res) => {
    const user = (await readFile(userFile, "utf8").catch(() => "")).trim() || "nobody";
    const client = new pg.Client({ host: "127.0.0.1", port, user, database: "postgres", connectionTimeoutMillis: 2000 });
    const up = await client
      .connect()
      .then(
        () => client.query("SELECT 1").then(() => 1),
        () => 0,
      )
      .finally(() => client.end().catch(() => {}));
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(`# TYPE pg_up gauge\npg_up ${up}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  lab = await startReviewLab();
  serverStarted = await startedAt();
  confLoaded = await loadedAt();
  // The pre-existing misconfiguration: the exporter's user is a role that does not exist.
  const exporterDir = join(lab.root, "exporter");
  await mkdir(exporterDir, { recursive: true });
  await writeFile(join(exporterDir, "user"), "postgres_exporter\n");
  exporter = await startExporter(lab.db.port, join(exporterDir, "user"));
  monitoring = await startMonitoringHost(
    lab,
    () =>
      `  - job_name: postgres-exporter\n    static_configs: [{ targets: ["127.0.0.1:${(exporter.address() as AddressInfo).port}"], labels: { instance: "db01:9187" } }]`,
  );
  ({ mon01, prometheus, rulesDir } = monitoring);
  await setContainer(lab.hosts.db01!.sandbox, "postgres-exporter", "running", { image: "quay.io/prometheuscommunity/postgres-exporter:v0.15.0" });
  const hba = join(lab.root, "postgres", "pg_hba.conf");
  lab.env.ROUNDS_DB01_OPERATOR_DSN = lab.db.dsn("postgres");
  await lab.editOps(async (dir) => {
    const inventory = load(await readFile(join(dir, "inventory.yml"), "utf8")) as { hosts: Record<string, unknown>[] };
    const db01 = inventory.hosts.find((h) => h.name === "db01")! as { probes: { postgres: Record<string, unknown> }; services?: unknown[] };
    db01.probes.postgres.operatorDsnEnv = "ROUNDS_DB01_OPERATOR_DSN";
    db01.services = [{ name: "postgres-exporter", kind: "container", stateless: true }];
    inventory.hosts.splice(2, 0, monitoring.entry());
    await writeFile(join(dir, "inventory.yml"), dump(inventory));
    // The template fits this lab through its parameters' defaults and declared paths alone, no step
    // edited: this lab's Prometheus listens on its own port, its rules live in mon01's sandbox, the
    // exporter connects from 127.0.0.1, and the lab's PostgreSQL keeps pg_hba.conf in its data directory.
    type Editable = { paths: string[]; parameters: Record<string, { default?: unknown }> };
    const rules = load(await readFile(join(TEMPLATE, "playbooks/prometheus-alert-rules.yml"), "utf8")) as Editable;
    rules.paths = [rulesDir];
    rules.parameters.rules_dir!.default = rulesDir;
    rules.parameters.reload_url!.default = `${prometheus.url}/-/reload`;
    await writeFile(join(dir, "playbooks/prometheus-alert-rules.yml"), dump(rules));
    const role = load(await readFile(join(TEMPLATE, "playbooks/postgres-monitoring-role.yml"), "utf8")) as Editable;
    role.paths = [join(lab.root, "postgres"), exporterDir];
    role.parameters.hba_file!.default = hba;
    role.parameters.hba_network!.default = "127.0.0.1/32";
    role.parameters.exporter_user_file!.default = join(exporterDir, "user");
    await writeFile(join(dir, "playbooks/postgres-monitoring-role.yml"), dump(role));
  }, "Lab: mon01 with Prometheus, the exporter on db01, the monitoring playbooks");
  // Prometheus has scraped the exporter at least once (pg_up = 0) before the first review.
  await waitForQuery(prometheus, "pg_up", '"db01:9187"', "Prometheus's first scrape of the exporter");
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([monitoring?.stop(), new Promise((resolve) => exporter?.close(resolve)), lab?.close()]);
});

const entry = (changelog: string, date: string) => changelog.split(/\n(?=## \d{4}-)/).find((e) => e.startsWith(`## ${date}`)) ?? "";

describe("the monitoring that monitored nothing", () => {
  it("evening 1: zero alerting rules → the minimal ruleset is installed, promtool-validated and hot-reloaded", async () => {
    const result = await lab.review("2026-11-16T22:00:00Z");
    expect(result.code, result.stderr).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-16");
    expect(day).toContain("## 2026-11-16 · change-applied");
    expect(day).toContain("prometheus-alert-rules on mon01");
    // (remark escapes ~ and * in the ledger's text)
    expect(day).toContain('✓ verify: prometheus: sum(prometheus_rule_group_rules{rule_group=\\~".\\*;rounds-minimal"}) == 4');
    expect(mon01.commands).toContain(`promtool check rules ${rulesDir}/rounds-minimal.yml`);
    expect(mon01.commands.some((c) => c.includes("/-/reload"))).toBe(true);
    const groups = (await (await fetch(`${prometheus.url}/api/v1/rules?type=alert`)).json()) as { data: { groups: { name: string; rules: unknown[] }[] } };
    expect(groups.data.groups.find((g) => g.name === "rounds-minimal")?.rules).toHaveLength(4);
  });

  it("evening 2: the new visibility surfaces pg_up = 0, fixed with a least-privilege role and a reload, not a restart", async () => {
    const result = await lab.review("2026-11-17T22:00:00Z");
    expect(result.code, result.stderr).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-17");
    expect(day).toContain("## 2026-11-17 · change-applied");
    expect(day).toContain("postgres-monitoring-role on db01");
    expect(day).toContain("✓ verify: prometheus: max(pg_up) == 1");
    expect(day).toMatch(/- Snapshot: `.*; .*pg_hba\.conf → .*backup-1 \(sha256 [0-9a-f]{12}\); .*exporter\/user → .*backup-2 \(sha256 [0-9a-f]{12}\)`/);
    // Repointed: the exporter reads the new role as its user; the role is a login with pg_monitor and nothing else.
    expect(await readFile(join(lab.root, "exporter", "user"), "utf8")).toBe("rounds_monitor\n");
    expect(
      (
        await lab.db.admin(
          "SELECT array_agg(b.rolname::text) AS m FROM pg_auth_members a JOIN pg_roles b ON b.oid = a.roleid JOIN pg_roles r ON r.oid = a.member WHERE r.rolname = 'rounds_monitor'",
        )
      ).rows,
    ).toEqual([{ m: ["pg_monitor"] }]);
    const role = await lab.db.admin(
      "SELECT rolcanlogin, rolsuper, pg_has_role(oid, 'pg_monitor', 'member') AS monitor FROM pg_roles WHERE rolname = 'rounds_monitor'",
    );
    expect(role.rows).toEqual([{ rolcanlogin: true, rolsuper: false, monitor: true }]);
    // Reloaded, never restarted: the server that started the test is the one still running.
    expect(await startedAt()).toBe(serverStarted);
    expect(await loadedAt()).not.toBe(confLoaded);
    expect(lab.hosts.db01!.host.commands.some((c) => /systemctl (restart|stop) postgres|pg_ctl .*restart/.test(c))).toBe(false);
  });

  it("evening 3: the alert has cleared and nothing needs doing", async () => {
    const result = await lab.review("2026-11-18T22:00:00Z");
    expect(result.code, result.stderr).toBe(0);
    expect(headings(await lab.changelog())[0]).toBe("2026-11-18 · healthy");
  });
});
