import { UsageError } from "../../errors.ts";
import { createForgeOctokit } from "./create-octokit.ts";
import { createForge, type Forge } from "./forge.ts";
import type { RestClient } from "./repo-client.ts";

/**
 * The ops repository on GitHub, from the environment: the GitHub App's token in ROUNDS_GITHUB_TOKEN
 * (pull requests opened with the workflow's GITHUB_TOKEN start no workflows) and GITHUB_REPOSITORY.
 * Undefined without a token — a local ops repo, where the jobs print what they would open; a token
 * without a repository to go with it is a usage error, never a silent print.
 */
export function forgeFromEnv(env: NodeJS.ProcessEnv, octokit?: RestClient): Forge | undefined {
  const token = env.ROUNDS_GITHUB_TOKEN;
  if (!token && !octokit) return undefined;
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || rest.length)
    throw new UsageError(
      `ROUNDS_GITHUB_TOKEN is set but GITHUB_REPOSITORY ("${env.GITHUB_REPOSITORY ?? ""}") is not owner/repo: say which repository Rounds writes to`,
    );
  return createForge({
    octokit: octokit ?? createForgeOctokit({ token: token!, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) }),
    owner,
    repo,
  });
}
