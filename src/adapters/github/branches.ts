import { callGitHub, isNotFound } from "./github-error.ts";
import type { RepoClient } from "./repo-client.ts";

export interface FileToCommit {
  path: string;
  content: string;
}

export type EnsureBranchResult =
  | { outcome: "created" | "updated" | "unchanged"; sha: string }
  /** The branch carries commits by someone other than the bot: it is never force-pushed. */
  | { outcome: "refused-human-commits"; sha: string; humans: string[] };

/**
 * Makes `branch` hold `files` on top of `base`, in one commit, through the git data API. A branch
 * that already holds exactly these files is left alone; a bot-only branch is rebuilt on the current
 * base (a force update, safe because only the bot wrote to it); a branch with a human's commit is
 * refused, so a person's work is never overwritten.
 */
export async function ensureBranchWithFiles(
  client: RepoClient,
  request: { branch: string; base: string; files: FileToCommit[]; message: string; botLogin: string },
): Promise<EnsureBranchResult> {
  const { octokit, owner, repo } = client;
  const { branch, base } = request;
  const op = (what: string) => `ensureBranchWithFiles ${branch}: ${what}`;
  const baseSha = (await callGitHub(op(`read ${base}`), () => octokit.rest.git.getRef({ owner, repo, ref: `heads/${base}` }))).data.object.sha;
  const headSha = await callGitHub(op("read the branch"), async () => {
    try {
      return (await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  });
  if (headSha !== undefined) {
    const compare = await callGitHub(op("compare with the base"), () =>
      octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${branch}` }),
    );
    // A commit is a person's unless GitHub attributes it to a bot account (Rounds' App, or the named login).
    const human = compare.data.commits.filter((c) => c.author?.type !== "Bot" && c.author?.login !== request.botLogin);
    const humans = [...new Set(human.map((c) => c.author?.login ?? c.commit.author?.name ?? "unknown"))];
    if (humans.length > 0) return { outcome: "refused-human-commits", sha: headSha, humans };
  }
  const baseTree = (await callGitHub(op("read the base commit"), () => octokit.rest.git.getCommit({ owner, repo, commit_sha: baseSha }))).data.tree.sha;
  const tree = await callGitHub(op("write the tree"), () =>
    octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: baseTree,
      tree: request.files.map((f) => ({ path: f.path, mode: "100644" as const, type: "blob" as const, content: f.content })),
    }),
  );
  if (headSha !== undefined) {
    const head = await callGitHub(op("read the branch commit"), () => octokit.rest.git.getCommit({ owner, repo, commit_sha: headSha }));
    if (head.data.tree.sha === tree.data.sha) return { outcome: "unchanged", sha: headSha };
  }
  const commit = await callGitHub(op("write the commit"), () =>
    octokit.rest.git.createCommit({ owner, repo, message: request.message, tree: tree.data.sha, parents: [baseSha] }),
  );
  const sha = commit.data.sha;
  if (headSha === undefined) {
    await callGitHub(op("create the branch"), () => octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha }));
    return { outcome: "created", sha };
  }
  await callGitHub(op("move the branch"), () => octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha, force: true }));
  return { outcome: "updated", sha };
}
