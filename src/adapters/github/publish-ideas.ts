import { ideaMarker } from "../../core/escalation/markers.ts";
import { renderIdeaIssueBody } from "../../core/escalation/render-idea-issue.ts";
import type { Idea } from "../../core/ledger/index.ts";
import { IDEA_LABEL } from "./ensure-escalation.ts";
import type { Forge } from "./forge.ts";

/**
 * One issue per proposed idea (label `rounds:idea`, id marker in the body), where a person decides it
 * with `/accept` or `/reject`. Found again by its marker, open or closed: an idea is filed once.
 */
export async function publishIdeas(
  forge: Forge,
  ideas: Idea[],
  base: string,
): Promise<{ id: string; number: number; url: string; outcome: "created" | "updated" | "unchanged" }[]> {
  const proposed = ideas.filter((i) => i.status === "proposed");
  if (proposed.length === 0) return [];
  await forge.ensureLabels([IDEA_LABEL]);
  const { owner, repo } = forge.repo;
  const published = [];
  for (const idea of proposed) {
    const body = renderIdeaIssueBody(idea, `https://github.com/${owner}/${repo}/blob/${base}/IDEAS.md#${idea.id.toLowerCase()}`);
    const issue = await forge.ensureIssue({ marker: ideaMarker(idea.id), label: IDEA_LABEL.name, title: `${idea.id}: ${idea.title}`, body });
    published.push({ id: idea.id, ...issue });
  }
  return published;
}
