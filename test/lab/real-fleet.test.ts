// The article's stories through the CLI against real OpenSSH hosts (issue 11, item 8), with every
// effect checked from outside, not from Rounds' own account: the rules Prometheus really loaded and
// that it was reloaded, not restarted; pg_up as Prometheus scraped it from the real exporter; the
// role's memberships in PostgreSQL's catalogue; the server never restarted; the feed client's pid
// and start count never changed. Stories: the monitoring that monitored nothing (1) and the exporter
// it surfaced (2), the 403 it refused to fix (3), the self-critique (5), the collision with a
// scheduled job (6) and the healthy day that still verifies everything (7).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasRealLab, startRealFleetLab, type RealFleetLab } from "./real-fleet-lab.ts";

let lab: RealFleetLab;
const entry = (changelog: string, date: string) => changelog.split(/\n(?=## \d{4}-)/).find((e) => e.startsWith(`## ${date}`)) ?? "";
const review = (now: string) => lab.rounds("review", "--ops", lab.ops, "--now", now);
const query = async (q: string) =>
  (
    (await (await fetch(`${lab.prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    }
  ).data.result;
const runtime = async () =>
  (
    (await (await fetch(`${lab.prometheus.url}/api/v1/status/runtimeinfo`)).json()) as {
      data: { startTime: string; lastConfigTime: string; reloadConfigSuccess: boolean };
    }
  ).data;
async function until(what: string, check: () => Promise<boolean>, seconds = 30): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let prometheusStarted: string;
let collectorPid: number;
let serverStarted: string;
const postmasterStart = async () => String((await lab.db.admin("SELECT pg_postmaster_start_time()::text AS t")).rows[0].t);
const confLoaded = async () => String((await lab.db.admin("SELECT pg_conf_load_time()::text AS t")).rows[0].t);

beforeAll(async () => {
  if (!hasRealLab) return;
  lab = await startRealFleetLab();
  // Prometheus has scraped the exporter (pg_up = 0: its user is a role that does not exist).
  await until("Prometheus's first scrape of the exporter", async () => (await query('pg_up{instance="db01:9187"}'))[0]?.value[1] === "0");
  prometheusStarted = (await runtime()).startTime;
  collectorPid = await lab.collector.pid();
  serverStarted = await postmasterStart();
}, 180_000);
afterAll(async () => {
  await lab?.close();
});

describe.skipIf(!hasRealLab)("the article's stories on real OpenSSH hosts, real Prometheus, PostgreSQL and postgres_exporter", () => {
  it("seeding: `rounds observe --record --now` records an earlier day and commits it — the feed already answered 403", async () => {
    lab.feed.status = 403;
    const seeded = await lab.rounds("observe", "--ops", lab.ops, "--record", "--now", "2026-11-15T15:00:00Z");
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stderr).toMatch(/recorded state\/observations\/2026-11-15\.json \(commit [0-9a-f]{7}\)/);
    expect(seeded.stdout).toMatch(/check reddit-sentiment-feed +HTTP 403, expected 200/);
  }, 120_000);

  it("evening 1: zero alerting rules → the ruleset is installed, promtool-validated and hot-reloaded; the 403 is escalated, not 'fixed'; its 31 h unnoticed are an exhibit", async () => {
    const result = await review("2026-11-16T22:00:00Z");
    expect(result.code, result.stderr).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-16");
    expect(day).toContain("## 2026-11-16 · change-applied");
    expect(day).toContain("prometheus-alert-rules on mon01");
    // From outside: Prometheus evaluates the four rules, after a reload of the same process.
    const groups = (await (await fetch(`${lab.prometheus.url}/api/v1/rules?type=alert`)).json()) as {
      data: { groups: { name: string; rules: { name: string }[] }[] };
    };
    expect(groups.data.groups.find((g) => g.name === "rounds-minimal")?.rules.map((r) => r.name)).toEqual([
      "InstanceDown",
      "ExporterUnreachable",
      "DiskAlmostFull",
      "MemoryPressure",
    ]);
    const after = await runtime();
    expect(after.startTime).toBe(prometheusStarted);
    expect(after.lastConfigTime > prometheusStarted).toBe(true);
    expect(after.reloadConfigSuccess).toBe(true);
    // The 403: escalated with the reason; the feed client was never restarted.
    expect(day).toContain("restarting the collector would not help — a server-side rejection is not cured by a client-side restart");
    const backlog = await lab.backlog();
    expect(backlog).toMatch(/### B-\d{4} — reddit-sentiment-feed answers HTTP 403/);
    // The observation recorded 31 h earlier saw the feed, the exporter and the rule-less Prometheus already failing.
    expect(backlog).toMatch(
      /2026-11-16 · undetected-hours = 31 h — 2026-11-16: a 31 h feed outage \(reddit-sentiment-feed, HTTP 403\) went unnoticed by alerting — exhibit [A-Z]/,
    );
    expect(backlog).toMatch(
      /2026-11-16 · undetected-hours = 31 h — 2026-11-16: a 31 h exporter outage \(db01:9187, db01\) went unnoticed by alerting — exhibit [A-Z]/,
    );
    expect(await lab.collector.pid()).toBe(collectorPid);
    expect(await lab.collector.starts()).toBe(1);
  }, 300_000);

  it("evening 2, 17:15: the exporter fix would collide with the database's scheduled job — held, and the entry says which and why", async () => {
    const result = await review("2026-11-17T22:15:00Z");
    expect(result.code, result.stderr).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-17");
    expect(day).toContain("## 2026-11-17 · held");
    expect(day).toMatch(
      /postgres-monitoring-role on db01 .*held: busy period "timescaledb compression policy, first run" — the policy compresses the same chunks/,
    );
    expect((await lab.db.admin("SELECT 1 FROM pg_roles WHERE rolname = 'rounds_monitor'")).rowCount).toBe(0);
    expect(await lab.exporter.starts()).toBe(1);
  }, 300_000);

  it("evening 2, 18:00: a least-privilege role, a pg_hba rule and a reload — no restart — and the real exporter connects", async () => {
    const exporterPid = await lab.exporter.pid();
    const loaded = await confLoaded();
    const result = await review("2026-11-17T23:00:00Z");
    expect(result.code, result.stderr).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-17");
    expect(day).toContain("## 2026-11-17 · change-applied");
    expect(day).toContain("✓ apply: ssh: pkill -F ");
    expect(day).toContain("✓ verify: prometheus: max(pg_up) == 1");
    // From outside: Prometheus scrapes pg_up = 1 from the restarted exporter, which now reads the new role.
    expect((await query('pg_up{instance="db01:9187"}'))[0]?.value[1]).toBe("1");
    expect(await lab.exporter.pid()).not.toBe(exporterPid);
    expect(await lab.exporter.starts()).toBe(2);
    // The role: a login, member of pg_monitor and of nothing else, no attribute beyond LOGIN.
    const role = await lab.db.admin(`SELECT r.rolcanlogin, r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls AS elevated,
      ARRAY(SELECT b.rolname::text FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = r.oid) AS member_of,
      has_table_privilege(r.oid, 'pg_catalog.pg_authid', 'SELECT') AS reads_authid FROM pg_roles r WHERE r.rolname = 'rounds_monitor'`);
    expect(role.rows).toEqual([{ rolcanlogin: true, elevated: false, member_of: ["pg_monitor"], reads_authid: false }]);
    // Reloaded, not restarted.
    expect(await postmasterStart()).toBe(serverStarted);
    expect(await confLoaded()).not.toBe(loaded);
    expect(
      (
        await lab.db.admin(
          "SELECT count(*)::int AS n FROM pg_hba_file_rules WHERE 'rounds_monitor' = ANY(user_name) AND auth_method = 'trust' AND address = '127.0.0.1'",
        )
      ).rows,
    ).toEqual([{ n: 1 }]);
    expect(await lab.collector.starts()).toBe(1);
  }, 300_000);

  it("evening 3: nothing needs doing, and the entry still shows the full verification — yesterday's fixes re-checked", async () => {
    lab.feed.status = 200;
    const result = await review("2026-11-18T22:00:00Z");
    expect(result.code, result.stderr).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-18");
    expect(day).toContain("## 2026-11-18 · healthy");
    expect(day).toContain("No change applied (system healthy)");
    for (const host of ["agent01", "db01", "mon01"]) expect(day).toMatch(new RegExp(`\\| ${host} \\| \\d+ \\| ok \\|`));
    expect(day).toContain("| fw01 | 0 | protected: never automated, not probed |");
    expect(day).toMatch(
      /\| W-C-2026-11-16-prometheus-alert-rules-mon01 \| carried-over \| prometheus-alert-rules on mon01 holds \| verified \(2 check\(s\) passed\) \|/,
    );
    expect(day).toMatch(
      /\| W-C-2026-11-17-postgres-monitoring-role-db01 \| carried-over \| postgres-monitoring-role on db01 holds \| verified \(2 check\(s\) passed\) \|/,
    );
    expect((await query('pg_up{instance="db01:9187"}'))[0]?.value[1]).toBe("1");
    expect(await lab.exporter.starts()).toBe(2);
    expect(await lab.collector.pid()).toBe(collectorPid);
    expect(await lab.collector.starts()).toBe(1);
    expect((await runtime()).startTime).toBe(prometheusStarted);
  }, 300_000);
});
