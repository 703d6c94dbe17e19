import type { ChangeMode } from "./day-entry.ts";
import { level2Headings } from "./changelog-scan.ts";
import { scanLines } from "./scan-lines.ts";

const CHANGE = /^### Change \d+ \((unattended|attended)\)/;

/**
 * How many changes the CHANGELOG records for a day (of one mode, or all): the change budget is
 * counted from the ledger in the ops repo, never from memory (DESIGN invariant 4). A rolled-back
 * change counts too: it was applied. Stops at the first older day, so it reads only the head.
 */
export function countChanges(text: string, date: string, mode?: ChangeMode): number {
  let count = 0;
  let open: { start: number; line: number } | undefined;
  for (const heading of level2Headings(text)) {
    if (open) count += countChangeHeadings(text.slice(open.start, heading.start), mode, open.line);
    open = heading.date === date ? { start: heading.start, line: heading.line } : undefined;
    // Newest first: past the day, nothing more can count (a damaged order is checkLedger's to report).
    if (heading.date !== undefined && heading.date < date) return count;
  }
  return open ? count + countChangeHeadings(text.slice(open.start), mode, open.line) : count;
}

/** The `### Change N (mode)` headings in one day's Markdown. */
export function countChangeHeadings(day: string, mode?: ChangeMode, firstLine = 1): number {
  let count = 0;
  for (const line of scanLines(day, 0, firstLine)) {
    const found = line.inFence ? undefined : CHANGE.exec(line.text)?.[1];
    if (found !== undefined && (mode === undefined || found === mode)) count += 1;
  }
  return count;
}
