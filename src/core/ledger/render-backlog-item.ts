import type { BacklogItem } from "./backlog.ts";
import { renderEvidence, renderField, renderLink, renderOption, renderStatus } from "./item-lines.ts";
import { heading, text } from "./mdast-build.ts";
import { oneLine, renderMarkdown } from "./markdown.ts";

export type RenderableBacklogItem = Pick<BacklogItem, "id" | "title" | "priority" | "fingerprint" | "history" | "evidence" | "options" | "links"> & {
  reason?: string;
};

/** One backlog item as the bot writes it; parseBacklog reads every field of it back. */
export function renderBacklogItem(item: RenderableBacklogItem): string {
  const fields = [renderField("Priority", item.priority), renderField("Fingerprint", item.fingerprint, true)];
  if (item.reason) fields.push(renderField("Reason", item.reason));
  const parts = [renderMarkdown([heading(3, text(`${item.id} — ${oneLine(item.title)}`))]).trimEnd(), fields.join("\n")];
  const section = (name: string, lines: string[]) => lines.length > 0 && parts.push(`#### ${name}`, lines.join("\n"));
  section("Status", item.history.map(renderStatus));
  section("Evidence", item.evidence.map(renderEvidence));
  section("Options", item.options.map(renderOption));
  section("Links", item.links.map(renderLink));
  return `${parts.join("\n\n")}\n`;
}
