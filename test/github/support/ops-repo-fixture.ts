import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { OpsRepoEffects } from "../../../src/adapters/github/ops-repo-effects.ts";
import { OpsRepoProcessedEvents } from "../../../src/adapters/github/processed-events.ts";
import { plainRemote } from "../../../src/adapters/github/git-auth.ts";
import { openOpsClone } from "../../../src/adapters/github/open-ops-clone.ts";
import { ledgerCommands } from "../../../src/core/commands/ledger-commands.ts";
import { renderChangeRequest } from "../../../src/core/escalation/change-request.ts";
import { ensureItem } from "../../../src/core/ledger/backlog-edits.ts";
import { ensureIdea } from "../../../src/core/ledger/idea-edits.ts";
import { parseBacklog } from "../../../src/core/ledger/parse-backlog.ts";
import { parseIdeas } from "../../../src/core/ledger/parse-ideas.ts";
import type { OpsRepoAccess } from "../../../src/handlers/handler-deps.ts";
import type { OpsRepo } from "../../../src/adapters/ops-repo.ts";

export const TEMPLATE = new URL("../../../ops-repo-template/", import.meta.url).pathname;

/**
 * A real ops repository: a bare remote seeded from the template with one idea (I-0001) and one
 * backlog item with a change request (B-0001), and a bot clone that the effects write through.
 */
export async function createOpsRepo(): Promise<{
  root: string;
  remote: string;
  access: () => Promise<Omit<OpsRepoAccess, "changes">>;
  ops: () => Promise<OpsRepo>;
  show: (path: string) => Promise<string | undefined>;
  commits: () => Promise<number>;
  cleanup: () => Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), "rounds-gh-"));
  const remote = join(root, "remote.git");
  // The seeded remote is built once per test file and copied: a fresh repository per test, fast.
  golden ??= seedRemote();
  await cp(await golden, remote, { recursive: true });
  const workspace = () =>
    openOpsClone({ dir: join(root, "bot"), auth: plainRemote(remote), branch: "main", author: { name: "Rounds", email: "rounds@example.com" } });
  return {
    root,
    remote,
    access: async () => {
      const ws = await workspace();
      return { effects: new OpsRepoEffects(ws, ledgerCommands), events: new OpsRepoProcessedEvents(ws) };
    },
    ops: workspace,
    show: async (path) =>
      simpleGit(remote)
        .show([`main:${path}`])
        .catch(() => undefined),
    commits: async () => Number(await simpleGit(remote).raw(["rev-list", "--count", "main"])),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** The change request of B-0001: a real playbook of the template on a real host of its inventory. */
export const MERGE_REQUEST = {
  backlogId: "B-0001",
  playbook: "timescaledb-compression",
  host: "db01",
  params: { table: "ticks", segment_by: "symbol" } as Record<string, string>,
};

let golden: Promise<string> | undefined;

/** Removes the seeded remote the file's tests copied from; call it in afterAll. */
export async function removeSeededRemote(): Promise<void> {
  if (golden) await rm(join(await golden, ".."), { recursive: true, force: true });
  golden = undefined;
}

async function seedRemote(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "rounds-gh-golden-"));
  const remote = join(root, "remote.git");
  const seed = join(root, "seed");
  await simpleGit().init(true, [remote, "--initial-branch=main"]);
  await cp(TEMPLATE, seed, { recursive: true });
  const ideas = ensureIdea(
    parseIdeas(await readFile(join(seed, "IDEAS.md"), "utf8")),
    {
      fingerprint: "alert-paging",
      title: "Page a person when an alert fires",
      date: "2026-11-20",
      by: "research",
      evidence: [{ date: "2026-11-20", text: "a 31 h feed outage went unnoticed" }],
    },
    1.5,
  );
  await writeFile(join(seed, "IDEAS.md"), ideas.doc.text);
  const backlog = ensureItem(parseBacklog(await readFile(join(seed, "BACKLOG.md"), "utf8")), {
    fingerprint: "disk-growth:db01:/",
    title: "db01 disk reaches 80% in ~2 weeks",
    priority: "P2",
    date: "2026-11-24",
    reason: "compressing data is a data-class change",
    evidence: [{ date: "2026-11-24", text: "disk 71%" }],
  });
  await writeFile(join(seed, "BACKLOG.md"), backlog.doc.text);
  await mkdir(join(seed, "changes"));
  await writeFile(join(seed, "changes/B-0001.yml"), renderChangeRequest(MERGE_REQUEST));
  const git = simpleGit(seed);
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.name", "Seed").addConfig("user.email", "seed@example.com");
  await git.add(".").commit("seed").addRemote("origin", remote).push("origin", "main");
  return remote;
}
