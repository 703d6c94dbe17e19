import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { forgeFromEnv } from "../adapters/github/forge-from-env.ts";
import { publishEscalations, type PublishResult } from "../adapters/github/publish-escalations.ts";
import { publishIdeas } from "../adapters/github/publish-ideas.ts";
import type { RestClient } from "../adapters/github/repo-client.ts";
import type { OpsRepo } from "../adapters/ops-repo.ts";
import type { OpsConfig } from "../config/ops-config.ts";
import { BACKLOG_FILE, IDEAS_FILE, OPEN_STATUSES, addLink, findItemByFingerprint, parseBacklog, parseIdeas, setStatus } from "../core/ledger/index.ts";
import type { PlannedEscalation } from "../core/plan.ts";

export interface PublishInput {
  repo: OpsRepo;
  config: OpsConfig;
  escalations: PlannedEscalation[];
  /** The review's day (YYYY-MM-DD in guardrails' zone). */
  day: string;
  /** The ops repo's default branch. */
  base: string;
  env: NodeJS.ProcessEnv;
  progress: (line: string) => void;
  /** Tests pass their own client; otherwise one is built from ROUNDS_GITHUB_TOKEN. */
  octokit?: RestClient;
}

/**
 * After a review committed its receipts: each escalated backlog item becomes a pull request (with its
 * change request) or an issue, each proposed idea an issue, and BACKLOG.md records the item as
 * awaiting approval with the link. Needs the GitHub App's token in ROUNDS_GITHUB_TOKEN (pull
 * requests opened with GITHUB_TOKEN start no workflows) and GITHUB_REPOSITORY; without them it prints
 * what it would open, so a local ops repo works without GitHub.
 */
export async function publishToGitHub(input: PublishInput): Promise<void> {
  const { repo, env, progress } = input;
  const backlog = parseBacklog(await readFile(join(repo.dir, BACKLOG_FILE), "utf8"));
  const ideas = parseIdeas(await readFile(join(repo.dir, IDEAS_FILE), "utf8"));
  const forge = forgeFromEnv(env, input.octokit);
  if (!forge) {
    for (const planned of input.escalations) {
      const item = findItemByFingerprint(backlog, planned.finding.fingerprint);
      if (item && OPEN_STATUSES.includes(item.status))
        progress(
          `  would ${planned.action ? `open a pull request rounds/${item.id} with changes/${item.id}.yml` : "file an issue"} for ${item.id}: ${item.title}`,
        );
    }
    for (const idea of ideas.ideas.filter((i) => i.status === "proposed")) progress(`  would file an issue for ${idea.id}: ${idea.title}`);
    return;
  }
  const published = await publishEscalations(forge, {
    config: input.config,
    backlog,
    escalations: input.escalations,
    day: input.day,
    base: input.base,
    botLogin: env.ROUNDS_BOT_LOGIN ?? "rounds[bot]",
  });
  for (const idea of await publishIdeas(forge, ideas.ideas, input.base)) progress(`  ${idea.id}: issue #${idea.number} ${idea.outcome}`);
  for (const { backlogId, result } of published) progress(`  ${backlogId}: ${describe(result)}`);
  await repo.update(`Escalations published: ${published.map((p) => p.backlogId).join(", ")}`, async (dir) => {
    const before = await readFile(join(dir, BACKLOG_FILE), "utf8");
    let doc = parseBacklog(before);
    for (const { backlogId, result } of published) {
      const link = linkOf(result);
      doc = setStatus(doc, backlogId, "awaiting-approval", input.day, { note: `escalated on GitHub`, link }).doc;
      doc = addLink(doc, backlogId, link).doc;
    }
    if (doc.text === before) return [];
    await writeFile(join(dir, BACKLOG_FILE), doc.text);
    return [BACKLOG_FILE];
  });
}

function linkOf(result: PublishResult): { label: string; url: string } {
  return "issue" in result ? { label: `issue #${result.issue.number}`, url: result.issue.url } : { label: `PR #${result.pr.number}`, url: result.pr.url };
}

function describe(result: PublishResult): string {
  if (result.outcome === "refused-human-commits") return `PR #${result.pr.number} left as it is: its branch has commits by ${result.humans.join(", ")}`;
  return `${"issue" in result ? `issue #${result.issue.number}` : `PR #${result.pr.number}`} ${result.outcome}`;
}
