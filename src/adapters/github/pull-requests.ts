import { callGitHub } from "./github-error.ts";
import type { RepoClient } from "./repo-client.ts";

export interface PullRequestRef {
  number: number;
  url: string;
}

/**
 * The open pull request for `branch`, with this title and body: an existing one is updated in place
 * (never a duplicate), a missing one is opened. Idempotent: the same request twice writes once.
 */
export async function ensurePullRequest(
  client: RepoClient,
  request: { branch: string; base: string; title: string; body: string; labels?: string[] },
): Promise<PullRequestRef & { outcome: "created" | "updated" | "unchanged" }> {
  const { octokit, owner, repo } = client;
  const op = `ensurePullRequest ${request.branch}`;
  const open = await callGitHub(op, () => octokit.rest.pulls.list({ owner, repo, head: `${owner}:${request.branch}`, state: "open", per_page: 10 }));
  const existing = open.data[0];
  let ref: PullRequestRef & { outcome: "created" | "updated" | "unchanged" };
  if (existing) {
    const same = existing.title === request.title && (existing.body ?? "") === request.body;
    if (!same) await callGitHub(op, () => octokit.rest.pulls.update({ owner, repo, pull_number: existing.number, title: request.title, body: request.body }));
    ref = { number: existing.number, url: existing.html_url, outcome: same ? "unchanged" : "updated" };
  } else {
    const created = await callGitHub(op, () =>
      octokit.rest.pulls.create({ owner, repo, head: request.branch, base: request.base, title: request.title, body: request.body }),
    );
    ref = { number: created.data.number, url: created.data.html_url, outcome: "created" };
  }
  const have = new Set((existing?.labels ?? []).map((l) => l.name));
  const missing = (request.labels ?? []).filter((l) => !have.has(l));
  if (missing.length > 0) await callGitHub(op, () => octokit.rest.issues.addLabels({ owner, repo, issue_number: ref.number, labels: missing }));
  return ref;
}

export interface PullRequestFacts {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  mergeCommitSha: string | null;
  headRef: string;
  headRepo: string | null;
  baseRepo: string;
  baseRef: string;
  author: string | null;
  body: string;
}

export async function getPullRequest(client: RepoClient, number: number): Promise<PullRequestFacts> {
  const { octokit, owner, repo } = client;
  const { data } = await callGitHub(`getPullRequest #${number}`, () => octokit.rest.pulls.get({ owner, repo, pull_number: number }));
  return {
    number: data.number,
    state: data.state as "open" | "closed",
    merged: data.merged,
    mergeCommitSha: data.merge_commit_sha ?? null,
    headRef: data.head.ref,
    headRepo: data.head.repo?.full_name ?? null,
    baseRepo: data.base.repo.full_name,
    baseRef: data.base.ref,
    author: data.user?.login ?? null,
    body: data.body ?? "",
  };
}

export interface Review {
  user: string | null;
  state: string;
  commitId: string | null;
}

export async function listReviews(client: RepoClient, number: number): Promise<Review[]> {
  const { octokit, owner, repo } = client;
  const reviews = await callGitHub(`listReviews #${number}`, () =>
    octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 }),
  );
  return reviews.map((r) => ({ user: r.user?.login ?? null, state: r.state, commitId: r.commit_id ?? null }));
}

/** Every path a pull request touches, renamed-from paths included (moving guardrails.yml away counts). */
export async function listPullRequestFiles(client: RepoClient, number: number): Promise<string[]> {
  const { octokit, owner, repo } = client;
  const files = await callGitHub(`listPullRequestFiles #${number}`, () =>
    octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: number, per_page: 100 }),
  );
  return [...new Set(files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename])))];
}
