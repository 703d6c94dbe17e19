import type { ItemBlock, Span } from "./item-structure.ts";

// Edits splice source ranges: only the lines being added or changed are rendered, so every byte a
// person wrote elsewhere stays as it was.

/** Inserts a rendered block (ending in a newline) at `offset`, with one blank line on each side. */
export function insertBlock(text: string, offset: number, block: string): string {
  const before = text.slice(0, offset);
  // Blank lines at the insertion point are re-made here, so the block never doubles them.
  const after = text.slice(offset).replace(/^\n+/, "");
  const prefix = before === "" || before.endsWith("\n\n") ? before : before.endsWith("\n") ? `${before}\n` : `${before}\n\n`;
  return `${prefix}${block}${after === "" ? "" : `\n${after}`}`;
}

export function replaceSpan(text: string, span: Pick<Span, "start" | "end">, replacement: string): string {
  return `${text.slice(0, span.start)}${replacement}${text.slice(span.end)}`;
}

/** Appends one rendered `- …` line to the list that ends at `listEnd`, in that list's own style. */
export function appendToList(text: string, list: { start: number; end: number; spread?: boolean | null }, line: string): string {
  const marker = text[list.start] === "*" || text[list.start] === "+" ? text[list.start]! : "-";
  return `${text.slice(0, list.end)}${list.spread ? "\n\n" : "\n"}${marker}${line.slice(1)}${text.slice(list.end)}`;
}

/**
 * Appends a line to an item's `#### name` list, creating the subsection in canonical `order` when
 * it is missing (before the first existing subsection that comes after it, else at the item's end).
 */
export function appendToSubsection(text: string, item: ItemBlock, name: string, order: string[], line: string): string {
  const existing = item.subsections.get(name);
  if (existing?.list)
    return appendToList(text, { start: existing.list.position!.start.offset!, end: existing.list.position!.end.offset!, spread: existing.list.spread }, line);
  if (existing) return insertBlock(text, existing.end, `${line}\n`);
  const later = order
    .slice(order.indexOf(name) + 1)
    .map((n) => item.subsections.get(n))
    .find((s) => s !== undefined);
  return insertBlock(text, later?.start ?? item.end, `#### ${name}\n\n${line}\n`);
}

/** Sets a `- Key: value` field: replaces its line, or adds it to the field list. */
export function setField(text: string, item: ItemBlock, key: string, line: string): string {
  const field = item.fields.get(key);
  if (field) return replaceSpan(text, field, `${text[field.start] === "*" || text[field.start] === "+" ? text[field.start] : "-"}${line.slice(1)}`);
  if (item.fieldList) return appendToList(text, item.fieldList, line);
  return insertBlock(text, item.heading.end, `${line}\n`);
}

/** The next free id: one past the highest ever used in the file (ids are never reused). */
export function nextId(prefix: "B" | "I", ids: string[]): string {
  const highest = ids.reduce((max, id) => Math.max(max, Number(id.slice(2))), 0);
  return `${prefix}-${String(highest + 1).padStart(4, "0")}`;
}

/** Removes an item's block (heading to the next item or section), keeping one blank line. */
export function removeBlock(text: string, item: Pick<Span, "start" | "end">): string {
  const after = text.slice(item.end);
  const before = text.slice(0, item.start);
  return after === "" ? before.replace(/\n+$/, "\n") : `${before}${after}`;
}
