/**
 * The daily review's end-to-end lab: the demo's fleet (agent01, db01, collect01, fw01) as real SSH
 * servers on 127.0.0.1 running commands in sandboxes, a real PostgreSQL, a feed on a local HTTP
 * server, and an ops repo cloned from a bare remote (so pushes, and push races, are real). Reviews
 * run through the CLI in a child process, as the scheduled workflow runs them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { createDemoOpsRepo } from "../../src/demo/demo-ops-repo.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/demo/embedded-postgres.ts";
import { startDemoHosts, type DemoHosts } from "../../src/demo/demo-hosts.ts";
import { cloneThroughRemote, runRounds } from "../support/cli.ts";
import { generateKeyPair, type CommandFault } from "../../src/demo/fake-ssh-host.ts";
import { setContainer } from "../../src/demo/host-sandbox.ts";

const BIN = new URL("../../bin/rounds.js", import.meta.url).pathname;

export interface ReviewLab {
  root: string;
  /** The runner's clone of the ops repo (what `--ops` points at). */
  ops: string;
  /** The bare remote standing in for GitHub. */
  remote: string;
  hosts: DemoHosts;
  db: EmbeddedPostgres;
  /** The feed's answer; 0 drops the connection without one. */
  feed: { status: number };
  env: Record<string, string>;
  /** The SSH identities' public keys, for hosts a test adds. */
  publicKeys: string[];
  /** Faults the SSH hosts inject, by host, decided per command. */
  faults: Record<string, ((command: string) => CommandFault | undefined) | undefined>;
  review: (now: string, ...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts a review without waiting, for the crash test. */
  spawnReview: (now: string) => ChildProcess;
  changelog: () => Promise<string>;
  backlog: () => Promise<string>;
  editOps: (edit: (dir: string) => Promise<void>, message: string) => Promise<void>;
  setContainer: (host: string, name: string, state: "running" | "exited", options?: { broken?: boolean; wontStart?: boolean }) => Promise<void>;
  close: () => Promise<void>;
}

export async function startReviewLab(): Promise<ReviewLab> {
  const root = await mkdtemp(join(tmpdir(), "rounds-review-lab-"));
  const observer = generateKeyPair();
  const operator = generateKeyPair();
  const faults: ReviewLab["faults"] = {};
  const hosts = await startDemoHosts(root, [observer.publicKey, operator.publicKey], (host, command) => faults[host]?.(command));
  const db = await startEmbeddedPostgres(join(root, "postgres"));
  await db.admin("CREATE DATABASE market");
  await db.admin("CREATE ROLE rounds_observer LOGIN PASSWORD 'observer-password'; GRANT pg_monitor TO rounds_observer");
  const feed = { status: 200 };
  const server = createServer((req, res) => {
    if (feed.status === 0) return void req.socket.destroy();
    res.writeHead(feed.status);
    res.end(feed.status === 200 ? "{}" : "Forbidden");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/r/stocks/new.json`;

  const seed = join(root, "seed");
  await createDemoOpsRepo(seed, {
    hosts: Object.entries(hosts).map(([name, h]) => ({ name, port: h.host.port, hostKey: h.host.hostKeyLine })),
    feedUrl,
    snapshotRoot: join(root, "snapshots"),
  });
  const { remote, ops } = await cloneThroughRemote(seed, root);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: root,
    ROUNDS_OBSERVER_KEY: observer.privateKey,
    ROUNDS_OPERATOR_KEY: operator.privateKey,
    ROUNDS_DB01_DSN: `postgres://rounds_observer:observer-password@127.0.0.1:${db.port}/market`,
  };

  const lab: ReviewLab = {
    root,
    ops,
    remote,
    hosts,
    db,
    feed,
    env,
    faults,
    publicKeys: [observer.publicKey, operator.publicKey],
    review: (now, ...args) => runRounds(["review", "--ops", ops, "--now", now, ...args], { env }),
    spawnReview: (now) => spawn("node", [BIN, "review", "--ops", ops, "--now", now], { env, stdio: "ignore" }),
    changelog: () => readFile(join(ops, "CHANGELOG.md"), "utf8"),
    backlog: () => readFile(join(ops, "BACKLOG.md"), "utf8"),
    editOps: async (edit, message) => {
      // A person's commit, pushed to the remote the bot pulls from.
      const person = join(root, `person-${Date.now()}`);
      await simpleGit().clone(remote, person);
      await edit(person);
      const git = simpleGit({ baseDir: person, config: ["user.name=Operator", "user.email=op@lab.invalid"] });
      await git.add(".");
      await git.commit(message);
      await git.push("origin", "HEAD");
    },
    setContainer: (host, name, state, options) => setContainer(hosts[host]!.sandbox, name, state, options),
    close: async () => {
      await Promise.allSettled([...Object.values(hosts).map((h) => h.host.close()), db.stop(), new Promise<void>((resolve) => server.close(() => resolve()))]);
      await rm(root, { recursive: true, force: true });
    },
  };
  return lab;
}

/** The entries of a CHANGELOG, newest first, as `date · kind` headings. */
export function headings(changelog: string): string[] {
  return [...changelog.matchAll(/^## (\d{4}-\d{2}-\d{2} · [a-z-]+)$/gm)].map((m) => m[1]!);
}

export async function writeText(path: string, text: string): Promise<void> {
  await writeFile(path, text);
}
