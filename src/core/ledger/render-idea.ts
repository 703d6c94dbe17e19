import type { Idea } from "./ideas.ts";
import { renderEvidence, renderField, renderStatus } from "./item-lines.ts";
import { heading, text } from "./mdast-build.ts";
import { oneLine, renderMarkdown } from "./markdown.ts";

export type RenderableIdea = Pick<Idea, "id" | "title" | "fingerprint" | "history" | "evidence"> & { graduatedTo?: string };

/** One idea as the bot writes it; parseIdeas reads every field of it back. */
export function renderIdea(idea: RenderableIdea): string {
  const fields = [renderField("Fingerprint", idea.fingerprint, true)];
  if (idea.graduatedTo) fields.push(renderField("Graduated to", idea.graduatedTo));
  const parts = [renderMarkdown([heading(3, text(`${idea.id} — ${oneLine(idea.title)}`))]).trimEnd(), fields.join("\n")];
  if (idea.history.length > 0) parts.push("#### Status", idea.history.map(renderStatus).join("\n"));
  if (idea.evidence.length > 0) parts.push("#### Evidence", idea.evidence.map(renderEvidence).join("\n"));
  return `${parts.join("\n\n")}\n`;
}
