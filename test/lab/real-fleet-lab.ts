/**
 * The acceptance lab on real parts: each host is Debian's OpenSSH sshd on its own loopback port
 * (commands run in the real operating system, nothing stubbed), mon01 runs a real Prometheus, db01
 * a real PostgreSQL and Debian's prometheus-postgres-exporter, agent01 a feed client polling a feed
 * that can answer 403. The exporter and the feed client are plain processes under a supervisor that
 * keeps a pid file, as inventory.yml's `process` services. The ops repo is the template — its
 * playbooks fitted to this lab through their parameters' defaults only — cloned from a bare remote.
 * Reviews run through the CLI in a child process, as the scheduled workflow runs them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dump, load } from "js-yaml";
import { simpleGit } from "simple-git";
import { freePort } from "../../src/demo/free-port.ts";
import { generateKeyPair } from "../../src/demo/fake-ssh-host.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/demo/embedded-postgres.ts";
import { startPrometheus, type TestPrometheus } from "../support/prometheus.ts";
import { cloneThroughRemote, runRounds } from "../support/cli.ts";
import { hasSshd, startSshd, type Sshd } from "../support/sshd.ts";
import { TEMPLATE } from "../support/template.ts";

export const EXPORTER = "/usr/bin/prometheus-postgres-exporter";
const onPath = (name: string) => (process.env.PATH ?? "").split(":").some((dir) => existsSync(join(dir, name)));
/** Everything the lab needs from the machine: Debian's openssh-server, prometheus and prometheus-postgres-exporter. */
export const hasRealLab = hasSshd && onPath("prometheus") && onPath("promtool") && onPath("curl") && existsSync(EXPORTER);

/** A plain process under a tiny supervisor: started again whenever it exits; the pid file names the current one. */
export interface Supervised {
  pidFile: string;
  pid: () => Promise<number>;
  /** How many times the supervisor has started it. */
  starts: () => Promise<number>;
  stop: () => void;
}

async function supervise(dir: string, name: string, command: string, env: Record<string, string> = {}): Promise<Supervised> {
  await mkdir(dir, { recursive: true });
  const pidFile = join(dir, `${name}.pid`);
  const startsFile = join(dir, `${name}.starts`);
  const script = `while :; do ${command} & echo $! > ${pidFile}; echo started >> ${startsFile}; wait $!; sleep 0.2; done`;
  const child: ChildProcess = spawn("sh", ["-c", script], { detached: true, stdio: "ignore", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
  const pid = async () => Number((await readFile(pidFile, "utf8").catch(() => "0")).trim());
  for (let i = 0; i < 100 && (await pid()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
  return {
    pidFile,
    pid,
    starts: async () => (await readFile(startsFile, "utf8").catch(() => "")).split("\n").filter(Boolean).length,
    stop: () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    },
  };
}

export interface RealFleetLab {
  root: string;
  ops: string;
  remote: string;
  sshd: Record<"agent01" | "db01" | "mon01", Sshd>;
  db: EmbeddedPostgres;
  prometheus: TestPrometheus;
  exporter: Supervised;
  collector: Supervised;
  rulesDir: string;
  exporterUserFile: string;
  hbaFile: string;
  feed: { status: number };
  env: Record<string, string>;
  rounds: (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
  changelog: () => Promise<string>;
  backlog: () => Promise<string>;
  close: () => Promise<void>;
}

export async function startRealFleetLab(): Promise<RealFleetLab> {
  const root = await mkdtemp(join(tmpdir(), "rounds-real-lab-"));
  const observer = generateKeyPair();
  const operator = generateKeyPair();
  const keys = [observer.publicKey, operator.publicKey];
  const [agent01, db01, mon01] = await Promise.all([
    startSshd({ authorizedKeys: keys }),
    startSshd({ authorizedKeys: keys }),
    startSshd({ authorizedKeys: keys }),
  ]);
  const sshd = { agent01: agent01!, db01: db01!, mon01: mon01! };

  // db01: PostgreSQL, and the exporter pointed at a role that does not exist (it never connected).
  const db = await startEmbeddedPostgres(join(root, "pg"));
  await db.admin("CREATE DATABASE market");
  await db.admin("CREATE ROLE rounds_observer LOGIN PASSWORD 'observer-password'; GRANT pg_monitor TO rounds_observer");
  const hbaFile = join(root, "pg", "pg_hba.conf");
  const exporterDir = join(root, "db01", "exporter");
  await mkdir(exporterDir, { recursive: true });
  const exporterUserFile = join(exporterDir, "user");
  await writeFile(exporterUserFile, "postgres_exporter\n");
  const exporterPort = await freePort();
  const exporter = await supervise(join(root, "db01", "run"), "postgres-exporter", `${EXPORTER} --web.listen-address=127.0.0.1:${exporterPort}`, {
    DATA_SOURCE_URI: `127.0.0.1:${db.port}/postgres?sslmode=disable`,
    DATA_SOURCE_USER_FILE: exporterUserFile,
  });

  // agent01: the feed and the client that polls it.
  const feed = { status: 200 };
  const server = createServer((_req, res) => {
    res.writeHead(feed.status);
    res.end(feed.status === 200 ? "{}" : "Forbidden");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/r/stocks/new.json`;
  const collector = await supervise(join(root, "agent01", "run"), "collector-reddit", `sh -c 'while :; do curl -s -o /dev/null ${feedUrl}; sleep 1; done'`);

  // mon01: Prometheus with no alerting rule, loading whatever lands in the rules directory.
  const rulesDir = join(root, "mon01", "rules.d");
  await mkdir(rulesDir, { recursive: true });
  const prometheus = await startPrometheus({
    rules: { "dashboards.yml": "groups:\n  - name: dashboards\n    rules:\n      - record: instance:up:count\n        expr: count(up)\n" },
    ruleGlobs: [`${rulesDir}/*.yml`],
    // A scrape of an exporter that cannot log in takes about a second: give it longer than the default 1 s.
    scrapeConfigs: () =>
      `  - job_name: postgres-exporter\n    scrape_interval: 3s\n    scrape_timeout: 2500ms\n    static_configs: [{ targets: ["127.0.0.1:${exporterPort}"], labels: { instance: "db01:9187" } }]`,
  });

  const seed = join(root, "seed");
  await mkdir(join(seed, "state"), { recursive: true });
  for (const file of ["CHANGELOG.md", "BACKLOG.md", "IDEAS.md", "playbooks"]) await cp(join(TEMPLATE, file), join(seed, file), { recursive: true });
  await writeFile(join(seed, "state", ".gitkeep"), "");
  // The collision: the database's scheduled compression job runs on Tuesday evenings in this lab.
  // (The template's collectors are not in this lab, nor their weekend maintenance.)
  const guardrails = (await readFile(join(TEMPLATE, "guardrails.yml"), "utf8"))
    .replace(/  - name: owner's weekend maintenance\n(    .*\n|      .*\n)*/, "")
    .replace(
      "busy:\n",
      [
        "busy:",
        "  - name: timescaledb compression policy, first run",
        "    reason: the policy compresses the same chunks; a change at the same time would collide with it",
        "    hosts: [db01]",
        "    when:",
        '      - { days: [tue], start: "17:00", end: "17:30" }',
        "",
      ].join("\n"),
    );
  await writeFile(join(seed, "guardrails.yml"), guardrails);
  const user = sshd.db01.user;
  const host = (name: keyof typeof sshd, roles: string[], extra: Record<string, unknown>) => ({
    name,
    address: "127.0.0.1",
    port: sshd[name].port,
    user,
    hostKey: sshd[name].hostKeyLine,
    roles,
    ...extra,
  });
  const inventory = {
    version: 1,
    ssh: {
      user,
      observer: { keyEnv: "ROUNDS_OBSERVER_KEY" },
      operator: { keyEnv: "ROUNDS_OPERATOR_KEY" },
      connectTimeoutMs: 10_000,
      commandTimeoutMs: 30_000,
      snapshotRoot: join(root, "snapshots"),
    },
    hosts: [
      host("agent01", ["docker"], {
        probes: { host: true },
        services: [{ name: "collector-reddit", kind: "process", stateless: true, pidFile: collector.pidFile }],
      }),
      host("db01", ["postgres"], {
        probes: { host: true, postgres: { dsnEnv: "ROUNDS_DB01_DSN", operatorDsnEnv: "ROUNDS_DB01_OPERATOR_DSN", databases: ["market"] } },
        services: [
          { name: "postgresql", kind: "unit" },
          { name: "postgres-exporter", kind: "process", stateless: true, pidFile: exporter.pidFile },
        ],
      }),
      host("mon01", ["monitoring"], { probes: { host: true, prometheus: { url: prometheus.url } }, services: [{ name: "prometheus", kind: "unit" }] }),
      { name: "fw01", address: "192.0.2.1", roles: ["firewall"], probes: { host: false } },
    ],
    checks: [{ name: "reddit-sentiment-feed", description: "the source the collector polls", host: "agent01", http: { url: feedUrl, expectStatus: 200 } }],
  };
  await writeFile(join(seed, "inventory.yml"), dump(inventory));
  // The template's playbooks fitted to this lab by their parameters' defaults and declared paths: no step is edited.
  type Editable = { paths: string[]; parameters: Record<string, { default?: unknown }> };
  const fit = async (file: string, paths: string[], defaults: Record<string, string>) => {
    const playbook = load(await readFile(join(seed, "playbooks", file), "utf8")) as Editable;
    playbook.paths = paths;
    for (const [name, value] of Object.entries(defaults)) playbook.parameters[name]!.default = value;
    await writeFile(join(seed, "playbooks", file), dump(playbook));
  };
  await fit("prometheus-alert-rules.yml", [rulesDir], { rules_dir: rulesDir, reload_url: `${prometheus.url}/-/reload` });
  await fit("postgres-monitoring-role.yml", [join(root, "pg"), exporterDir], {
    hba_file: hbaFile,
    hba_network: "127.0.0.1/32",
    exporter_user_file: exporterUserFile,
  });
  const git = simpleGit({ baseDir: seed, config: ["user.name=Operator", "user.email=op@lab.invalid"] });
  await git.init(["--initial-branch=main"]);
  await git.add(".");
  await git.commit("The ops repo, from the template");
  const { remote, ops } = await cloneThroughRemote(seed, root);

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: root,
    ROUNDS_OBSERVER_KEY: observer.privateKey,
    ROUNDS_OPERATOR_KEY: operator.privateKey,
    ROUNDS_DB01_DSN: `postgres://rounds_observer:observer-password@127.0.0.1:${db.port}/market`,
    ROUNDS_DB01_OPERATOR_DSN: db.dsn("postgres"),
  };
  return {
    root,
    ops,
    remote,
    sshd,
    db,
    prometheus,
    exporter,
    collector,
    rulesDir,
    exporterUserFile,
    hbaFile,
    feed,
    env,
    rounds: (...args) => runRounds(args, { env, timeoutMs: 300_000 }),
    changelog: () => readFile(join(ops, "CHANGELOG.md"), "utf8"),
    backlog: () => readFile(join(ops, "BACKLOG.md"), "utf8"),
    close: async () => {
      exporter.stop();
      collector.stop();
      await Promise.allSettled([
        ...Object.values(sshd).map((s) => s.stop()),
        prometheus.stop(),
        db.stop(),
        new Promise<void>((resolve) => server.close(() => resolve())),
      ]);
      await rm(root, { recursive: true, force: true });
    },
  };
}
