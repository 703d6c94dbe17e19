import { IDEA_LABEL } from "../../adapters/github/ensure-escalation.ts";
import type { Forge } from "../../adapters/github/forge.ts";
import { publishIdeas } from "../../adapters/github/publish-ideas.ts";
import type { Idea } from "../../core/ledger/index.ts";

/** Where the weekly runs put what needs a person: the re-rank pull request and one issue per idea. */
export interface Proposals {
  /** Opens or updates the one re-rank pull request (BACKLOG.md in the proposed order); returns where it is. */
  ensureRerank(request: { day: string; title: string; body: string; files: { path: string; content: string }[] }): Promise<string>;
  /**
   * Opens (once) or updates the issue of an idea, where `/accept` and `/reject <reason>` decide it;
   * returns where it is. On GitHub the issue is the one every run files for the idea (publishIdeas);
   * `body` is what is printed without GitHub.
   */
  ensureIdeaIssue(request: { idea: Idea; body: string }): Promise<string>;
}

export const RERANK_BRANCH = "rounds/backlog-rerank";

/** Without GitHub (a local ops repo, the demo): prints what would be opened. */
export function printedProposals(print: (line: string) => void): Proposals {
  return {
    async ensureRerank(request) {
      print(
        `\nWould open pull request "${request.title}" from ${RERANK_BRANCH} changing ${request.files.map((f) => f.path).join(", ")}:\n\n${request.body.trimEnd()}`,
      );
      return `printed: ${RERANK_BRANCH}`;
    },
    async ensureIdeaIssue({ idea, body }) {
      print(`\nWould open issue "${idea.id}: ${idea.title}" (label ${IDEA_LABEL.name}):\n\n${body.trimEnd()}`);
      return `printed: issue for ${idea.id}`;
    },
  };
}

/** On GitHub, through the forge (the GitHub App's token, so the PR's checks run). */
export function forgeProposals(forge: Forge, options: { base: string; botLogin: string }): Proposals {
  return {
    async ensureRerank(request) {
      const branch = await forge.ensureBranchWithFiles({
        branch: RERANK_BRANCH,
        base: options.base,
        files: request.files,
        message: request.title,
        botLogin: options.botLogin,
      });
      if (branch.outcome === "refused-human-commits") return `not updated: ${RERANK_BRANCH} carries commits by ${branch.humans.join(", ")}`;
      const pr = await forge.ensurePullRequest({
        branch: RERANK_BRANCH,
        base: options.base,
        title: request.title,
        body: request.body,
        labels: ["rounds:rerank"],
      });
      return pr.url;
    },
    async ensureIdeaIssue({ idea }) {
      const [issue] = await publishIdeas(forge, [idea], options.base);
      return issue?.url ?? `not filed: ${idea.id} is ${idea.status}`;
    },
  };
}
