import { callGitHub, isNotFound } from "./github-error.ts";
import type { RepoClient } from "./repo-client.ts";

/**
 * A file's text at an exact commit; undefined when it does not exist there. Reading by commit (not by
 * branch name) is what lets the merge handler use the configuration the merge produced and nothing else.
 */
export async function readFileAt(client: RepoClient, path: string, ref: string): Promise<string | undefined> {
  const { octokit, owner, repo } = client;
  return callGitHub(`read ${path} at ${ref.slice(0, 12)}`, async () => {
    try {
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
      if (Array.isArray(data) || data.type !== "file") return undefined;
      return Buffer.from(data.content, "base64").toString("utf8");
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  });
}

/** The names in a directory at an exact commit; empty when it does not exist there. */
export async function listDirAt(client: RepoClient, path: string, ref: string): Promise<string[]> {
  const { octokit, owner, repo } = client;
  return callGitHub(`list ${path} at ${ref.slice(0, 12)}`, async () => {
    try {
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
      return Array.isArray(data) ? data.filter((e) => e.type === "file").map((e) => e.name) : [];
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  });
}
