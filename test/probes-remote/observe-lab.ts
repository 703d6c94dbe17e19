/**
 * The integration lab of `rounds observe`: the template's fleet (agent01, db01, mon01, collect01-04,
 * nas01, fw01) mapped onto real peers on 127.0.0.1 — ssh2 servers answering from the host fixtures,
 * a real Prometheus, an embedded PostgreSQL and a local HTTP feed — with one fault of each kind.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dump, load } from "js-yaml";
import { startLab, type Lab } from "../ssh/lab.ts";
import { freePort } from "../../src/demo/free-port.ts";
import { startHttpServer, type TestHttpServer } from "../support/http-server.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startPrometheus, type TestPrometheus } from "../support/prometheus.ts";
import { generateKeyPair } from "../support/ssh2-server.ts";

const TEMPLATE = fileURLToPath(new URL("../../ops-repo-template/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/host/", import.meta.url));
const fixture = (distro: string) => ({ env: { ROUNDS_HOST_ROOT: join(FIXTURES, distro), PATH: `${join(FIXTURES, distro, "bin")}:/usr/bin:/bin` } });

export interface ObserveLab {
  ops: string;
  env: Record<string, string>;
  close: () => Promise<void>;
}

type RawHost = { name: string; address: string; port?: number; hostKey?: string; probes?: Record<string, unknown> };

export async function startObserveLab(): Promise<ObserveLab> {
  const [ssh, prom, db, web]: [Lab, TestPrometheus, TestPostgres, TestHttpServer] = await Promise.all([
    startLab({
      agent01: fixture("ubuntu-24.04"),
      db01: fixture("debian-12"),
      mon01: fixture("debian-12"),
      nas01: fixture("debian-12"),
      collect01: { ...fixture("debian-12"), fault: () => "hang" },
      collect02: { ...fixture("debian-12"), fault: () => "drop" },
      collect03: {},
      collect04: { ...fixture("raspios-12"), authorizedKeys: [generateKeyPair().publicKey] },
    }),
    startPrometheus({ rules: { "recording.yml": "groups:\n  - name: dashboards\n    rules:\n      - record: instance:up:count\n        expr: count(up)\n" } }),
    startPostgres(),
    startHttpServer(),
  ]);
  const close = async () => {
    await Promise.all([ssh.close(), prom.stop(), db.stop(), web.close()]);
  };
  try {
    return await writeOps(ssh, prom, db, web, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function writeOps(ssh: Lab, prom: TestPrometheus, db: TestPostgres, web: TestHttpServer, closePeers: () => Promise<void>): Promise<ObserveLab> {
  const closedPort = await freePort();
  await ssh.hosts.collect03!.close();
  await db.admin("CREATE DATABASE market");
  await db.admin(
    "CREATE ROLE rounds_observer LOGIN PASSWORD 'observer-pw'; GRANT pg_monitor TO rounds_observer; CREATE ROLE limited LOGIN PASSWORD 'limited-pw' CONNECTION LIMIT 0",
  );
  await db.admin("CREATE TABLE ticks AS SELECT g AS id, repeat('x', 100) AS payload FROM generate_series(1, 2000) g", "market");

  const ops = mkdtempSync(join(tmpdir(), "rounds-observe-ops-"));
  cpSync(join(TEMPLATE, "guardrails.yml"), join(ops, "guardrails.yml"));
  cpSync(join(TEMPLATE, "playbooks"), join(ops, "playbooks"), { recursive: true });
  mkdirSync(join(ops, "state"), { recursive: true });
  const inventory = load(readFileSync(join(TEMPLATE, "inventory.yml"), "utf8")) as {
    ssh: Record<string, unknown>;
    hosts: RawHost[];
    checks: Record<string, unknown>[];
  };
  inventory.ssh = { ...inventory.ssh, connectTimeoutMs: 3000, commandTimeoutMs: 3000 };
  for (const host of inventory.hosts) {
    const peer = ssh.hosts[host.name];
    host.address = "127.0.0.1";
    if (peer) Object.assign(host, { port: peer.port, hostKey: peer.hostKeyLine });
  }
  const find = (name: string) => inventory.hosts.find((h) => h.name === name)!;
  find("nas01").hostKey = ssh.hosts.agent01!.hostKeyLine; // a changed host key
  find("mon01").probes = { ...find("mon01").probes, prometheus: { url: prom.url } };
  find("nas01").probes = { ...find("nas01").probes, prometheus: { url: `http://127.0.0.1:${closedPort}` } }; // Prometheus down
  find("agent01").probes = { ...find("agent01").probes, postgres: { dsnEnv: "ROUNDS_AGENT01_DSN" } }; // env var missing
  find("collect04").probes = { ...find("collect04").probes, postgres: { dsnEnv: "ROUNDS_COLLECT04_DSN" } }; // PostgreSQL refusing
  inventory.checks = inventory.checks.map((c) => (c.http ? { ...c, http: { url: `${web.url}/forbidden`, expectStatus: 200 } } : c));
  writeFileSync(join(ops, "inventory.yml"), dump(inventory));

  const dsn = (user: string, password: string, database: string) => `postgres://${user}:${password}@127.0.0.1:${db.port}/${database}`;
  return {
    ops,
    env: { ...ssh.env, ROUNDS_DB01_DSN: dsn("rounds_observer", "observer-pw", "postgres"), ROUNDS_COLLECT04_DSN: dsn("limited", "limited-pw", "postgres") },
    close: async () => {
      await closePeers();
      rmSync(ops, { recursive: true, force: true });
    },
  };
}
