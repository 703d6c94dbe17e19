import { BACKLOG_SUBSECTIONS, PRIORITIES, type BacklogDoc, type Priority } from "./backlog.ts";
import { locate, type BacklogEdit } from "./backlog-edits.ts";
import { renderField, renderOption, type Option } from "./item-lines.ts";
import { appendToSubsection, replaceSpan, setField } from "./item-edit.ts";
import { refuse, refuseDamaged } from "./ledger-error.ts";
import { heading, text } from "./mdast-build.ts";
import { oneLine, renderMarkdown } from "./markdown.ts";
import { parseBacklog } from "./parse-backlog.ts";

/**
 * Re-ranks the open items: the ids in `order` first, in that order, then every other open item in
 * its current order. Only ever called when asked (the weekly deep-dive); otherwise the human's order
 * stands. Each item block moves whole, with the notes a person wrote in it.
 */
export function rank(doc: BacklogDoc, order: string[]): BacklogEdit {
  refuseDamaged(doc);
  const open = doc.structure.sections.find((s) => s.title === "Open")!;
  const blocks = open.items;
  for (const id of order) {
    if (!blocks.some((b) => b.id === id)) refuse(doc.file, 1, `${id} is not an open backlog item, so it cannot be ranked`);
  }
  const wanted = [...new Set(order)].map((id) => blocks.find((b) => b.id === id)!);
  const sorted = [...wanted, ...blocks.filter((b) => !order.includes(b.id))];
  if (sorted.every((b, i) => b === blocks[i])) return { doc, changed: false };
  const first = blocks[0]!;
  const last = blocks.at(-1)!;
  const region = doc.text.slice(first.start, last.end);
  const trailing = /\n*$/.exec(region)![0];
  const body = sorted.map((b) => doc.text.slice(b.start, b.end).replace(/\n+$/, "")).join("\n\n");
  return { doc: parseBacklog(replaceSpan(doc.text, { start: first.start, end: last.end }, `${body}${trailing}`), doc.file), changed: true };
}

export interface BacklogItemUpdate {
  title?: string;
  priority?: Priority;
  reason?: string;
  /** Replaces the options list (options are the bot's current view, not history). */
  options?: Option[];
}

/** Updates the fields the bot owns; a priority change does not move the item (rank does). */
export function updateItem(doc: BacklogDoc, id: string, update: BacklogItemUpdate): BacklogEdit {
  const { item } = locate(doc, id);
  let current = doc;
  const apply = (edit: (text: string, block: ReturnType<typeof locate>["block"]) => string) => {
    current = parseBacklog(edit(current.text, locate(current, id).block), doc.file);
  };
  if (update.title !== undefined && oneLine(update.title) !== item.title) {
    apply((t, b) => replaceSpan(t, b.heading, renderMarkdown([heading(3, text(`${id} — ${oneLine(update.title!)}`))]).trimEnd()));
  }
  if (update.priority !== undefined && update.priority !== item.priority) {
    if (!PRIORITIES.includes(update.priority)) refuse(doc.file, item.line, `priority "${update.priority}" is not one of ${PRIORITIES.join(", ")}`);
    apply((t, b) => setField(t, b, "Priority", renderField("Priority", update.priority!)));
  }
  if (update.reason !== undefined && oneLine(update.reason) !== item.reason) apply((t, b) => setField(t, b, "Reason", renderField("Reason", update.reason!)));
  if (
    update.options !== undefined &&
    JSON.stringify(update.options.map((o) => ({ title: oneLine(o.title), tradeoffs: oneLine(o.tradeoffs) }))) !== JSON.stringify(item.options)
  ) {
    const lines = update.options.map(renderOption).join("\n");
    apply((t, b) => {
      const list = b.subsections.get("Options")?.list;
      return list
        ? replaceSpan(t, { start: list.position!.start.offset!, end: list.position!.end.offset! }, lines)
        : appendToSubsection(t, b, "Options", BACKLOG_SUBSECTIONS, lines);
    });
  }
  return { doc: current, changed: current.text !== doc.text };
}
