import type { Idea } from "../ledger/index.ts";
import { GITHUB_BODY_LIMIT } from "./render-escalation-body.ts";
import { ideaMarker } from "./markers.ts";

/** The issue body for a proposed idea: its evidence and how to decide it. Kept under GitHub's limit. */
export function renderIdeaIssueBody(idea: Idea, ledgerUrl: string): string {
  const head = [
    ideaMarker(idea.id),
    `## ${idea.id}: ${idea.title}`,
    "",
    "Research proposes this; Rounds will not act on it unless a person accepts it.",
    "",
    "### Evidence",
    "",
  ];
  const tail = [
    "",
    "### How to decide",
    "",
    "- `/accept [note]` — it graduates to the backlog.",
    "- `/reject <reason>` — it is not proposed again without materially new evidence.",
    "",
    `<sub>The idea in full: [IDEAS.md](${ledgerUrl}).</sub>`,
    "",
  ];
  const evidence = idea.evidence.map((e) => `- ${e.date}: ${e.text}`);
  // Newest evidence is kept first when the body would not fit.
  while (evidence.length > 0 && [...head, ...evidence, ...tail].join("\n").length > GITHUB_BODY_LIMIT) evidence.shift();
  return [...head, ...(evidence.length > 0 ? evidence : ["- (see the ledger)"]), ...tail].join("\n");
}
