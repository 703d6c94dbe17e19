import { forgeFromEnv } from "../../adapters/github/forge-from-env.ts";
import { forgeProposals, printedProposals, type Proposals } from "./proposals.ts";

/**
 * On GitHub Actions with the App's token (ROUNDS_GITHUB_TOKEN and GITHUB_REPOSITORY), proposals go to
 * GitHub; anywhere else the same runs print the pull request and issues they would open.
 */
export function proposalsFor(env: NodeJS.ProcessEnv, print: (line: string) => void): Proposals {
  const forge = forgeFromEnv(env);
  if (!forge) return printedProposals(print);
  return forgeProposals(forge, { base: env.GITHUB_REF_NAME || "main", botLogin: env.ROUNDS_BOT_LOGIN || "rounds[bot]" });
}
