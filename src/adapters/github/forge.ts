import { ensureBranchWithFiles } from "./branches.ts";
import { readFileAt, listDirAt } from "./contents.ts";
import { closeIssue, comment, ensureIssue, ensureLabels, react } from "./issues.ts";
import { getPermission } from "./permissions.ts";
import { ensurePullRequest, getPullRequest, listPullRequestFiles, listReviews } from "./pull-requests.ts";
import type { RepoClient } from "./repo-client.ts";

type Bound<F> = F extends (client: RepoClient, ...args: infer A) => infer R ? (...args: A) => R : never;

const operations = {
  ensureBranchWithFiles,
  ensurePullRequest,
  ensureLabels,
  ensureIssue,
  comment,
  react,
  closeIssue,
  getPermission,
  getPullRequest,
  listReviews,
  listPullRequestFiles,
  readFileAt,
  listDirAt,
};

/** Every GitHub operation Rounds performs, bound to one repository. Each failure is a GitHubError. */
export type Forge = { [K in keyof typeof operations]: Bound<(typeof operations)[K]> } & { repo: { owner: string; repo: string } };

export function createForge(client: RepoClient): Forge {
  const bound = Object.fromEntries(
    Object.entries(operations).map(([name, fn]) => [name, (...args: unknown[]) => (fn as (c: RepoClient, ...a: unknown[]) => unknown)(client, ...args)]),
  );
  return { ...(bound as Omit<Forge, "repo">), repo: { owner: client.owner, repo: client.repo } };
}
