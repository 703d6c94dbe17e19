import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dump } from "js-yaml";
import { simpleGit } from "simple-git";
import { TEMPLATE_DIR } from "../jobs/init.ts";

export interface DemoHost {
  name: string;
  port: number;
  hostKey: string;
}

const GUARDRAILS = `# The demo lab's trust boundary (see ops-repo-template/guardrails.yml for every key, commented).
version: 1
timezone: UTC
protected:
  hosts: [fw01]                       # the firewall: never automated
  services:
    agent01: ["trading-*"]            # the business logic: never touched
unattended:
  forbidden: [data, schema, retention, reboot, stateful-restart]
  maxChangesPerDay: 1
  windows:
    - { start: "21:00", end: "23:30" }  # after the market closes
reverifyDays: 2
detectionLatencyHours: 4
`;

/** Writes the demo's ops repository: the template's ledgers and playbooks, the lab's boundary and fleet. */
export async function createDemoOpsRepo(dir: string, lab: { hosts: DemoHost[]; feedUrl: string; snapshotRoot: string }): Promise<void> {
  await mkdir(join(dir, "playbooks"), { recursive: true });
  for (const file of ["CHANGELOG.md", "BACKLOG.md", "IDEAS.md"]) await cp(join(TEMPLATE_DIR, file), join(dir, file));
  for (const playbook of ["restart-stateless-container.yml", "timescaledb-compression.yml"])
    await cp(join(TEMPLATE_DIR, "playbooks", playbook), join(dir, "playbooks", playbook));
  const peer = (name: string) => {
    const host = lab.hosts.find((h) => h.name === name)!;
    return { address: "127.0.0.1", port: host.port, hostKey: host.hostKey };
  };
  const inventory = {
    version: 1,
    ssh: {
      user: "rounds",
      observer: { keyEnv: "ROUNDS_OBSERVER_KEY" },
      operator: { keyEnv: "ROUNDS_OPERATOR_KEY" },
      concurrency: 16,
      connectTimeoutMs: 5000,
      commandTimeoutMs: 15000,
      snapshotRoot: lab.snapshotRoot,
    },
    hosts: [
      {
        name: "agent01",
        ...peer("agent01"),
        roles: ["docker"],
        probes: { host: true, docker: true, systemd: true },
        services: [
          { name: "collector-reddit", kind: "container", stateless: true },
          { name: "ollama", kind: "container", stateless: true },
          { name: "trading-alpha", kind: "container" },
        ],
      },
      {
        name: "db01",
        ...peer("db01"),
        roles: ["postgres"],
        probes: { host: true, systemd: true, postgres: { dsnEnv: "ROUNDS_DB01_DSN", databases: ["market"] } },
      },
      { name: "collect01", ...peer("collect01"), roles: ["collector"], probes: { host: true, systemd: true } },
      { name: "fw01", address: "127.0.0.1", port: 1, roles: ["firewall"], probes: { host: false } },
    ],
    checks: [
      {
        name: "reddit-sentiment-feed",
        description: "the source the collector on agent01 polls",
        host: "agent01",
        http: { url: lab.feedUrl, expectStatus: 200, timeoutMs: 3000 },
      },
    ],
  };
  await writeFile(join(dir, "guardrails.yml"), GUARDRAILS);
  await writeFile(
    join(dir, "inventory.yml"),
    `# The demo lab's fleet: in-process SSH hosts on 127.0.0.1, keys from the environment.\n${dump(inventory, { lineWidth: 140 })}`,
  );
  const git = simpleGit(dir);
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.name", "Demo operator", false, "local").addConfig("user.email", "operator@lab.invalid", false, "local");
  await git.add(".");
  await git.commit("Demo ops repository: the lab's trust boundary and fleet");
}
