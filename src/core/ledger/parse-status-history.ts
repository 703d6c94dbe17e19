import { parseStatus, type StatusChange } from "./item-lines.ts";
import type { ItemBlock } from "./item-structure.ts";

/** The `#### Status` list: every change dated, every status known; problems go through `at`. */
export function parseStatusHistory(block: ItemBlock, statuses: readonly string[], at: (line: number, message: string) => void): StatusChange<string>[] {
  const entries = block.subsections.get("Status")?.list?.entries ?? [];
  if (entries.length === 0) at(block.line, 'the "#### Status" history is missing or empty');
  const history: StatusChange<string>[] = [];
  for (const entry of entries) {
    const parsed = parseStatus(entry);
    if (!parsed || !statuses.includes(parsed.status)) {
      at(entry.line, `"${entry.text}" is not a status line ("YYYY-MM-DD · status — note"; status: ${statuses.join(", ")})`);
    } else if (parsed.date === undefined) {
      at(entry.line, `the status change to ${parsed.status} has no date; every status change carries its date ("YYYY-MM-DD · ${parsed.status} — note")`);
    } else {
      history.push({ ...parsed, date: parsed.date });
    }
  }
  return history;
}
