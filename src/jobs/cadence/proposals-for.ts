import { createForgeOctokit } from "../../adapters/github/create-octokit.ts";
import { createForge } from "../../adapters/github/forge.ts";
import { UsageError } from "../../errors.ts";
import { forgeProposals, printedProposals, type Proposals } from "./proposals.ts";

/**
 * On GitHub Actions with the App's token (ROUNDS_GITHUB_TOKEN and GITHUB_REPOSITORY), proposals go to
 * GitHub; anywhere else the same runs print the pull request and issues they would open.
 */
export function proposalsFor(env: NodeJS.ProcessEnv, print: (line: string) => void): Proposals {
  const token = env.ROUNDS_GITHUB_TOKEN;
  if (!token) return printedProposals(print);
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || rest.length) throw new UsageError(`ROUNDS_GITHUB_TOKEN is set but GITHUB_REPOSITORY ("${env.GITHUB_REPOSITORY ?? ""}") is not owner/repo: say which repository the proposals go to`);
  const forge = createForge({ octokit: createForgeOctokit({ token, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) }), owner, repo });
  return forgeProposals(forge, { base: env.GITHUB_REF_NAME || "main", botLogin: env.ROUNDS_BOT_LOGIN || "rounds[bot]" });
}
