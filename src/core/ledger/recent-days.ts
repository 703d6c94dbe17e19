import { level2Headings } from "./changelog-scan.ts";
import type { ResultKind } from "./day-entry.ts";
import type { ChangelogDay } from "./parse-changelog.ts";

/**
 * The newest `count` days, read from the head of the CHANGELOG only (yesterday's watch items, the
 * freshness check): like parseChangelog's days, without scanning ten years of history.
 */
export function recentDays(text: string, count: number): ChangelogDay[] {
  const days: ChangelogDay[] = [];
  let open: { date: string; kind?: string; line: number; start: number } | undefined;
  for (const heading of level2Headings(text)) {
    if (open) days.push(toDay(open, text.slice(open.start, heading.start)));
    open = undefined;
    if (days.length === count) return days;
    if (heading.date !== undefined) open = { date: heading.date, kind: heading.kind, line: heading.line, start: heading.start };
  }
  if (open && days.length < count) days.push(toDay(open, text.slice(open.start)));
  return days;
}

function toDay(open: { date: string; kind?: string; line: number }, text: string): ChangelogDay {
  return { date: open.date, kind: open.kind as ResultKind | undefined, line: open.line, text };
}
