import { RESULT_KINDS, type ResultKind } from "./day-entry.ts";
import { level2Headings, hasTitle } from "./changelog-scan.ts";
import type { LedgerProblem } from "./ledger-error.ts";
import { textProblems } from "./text-problems.ts";

export const CHANGELOG_FILE = "CHANGELOG.md";

export interface ChangelogDay {
  date: string;
  kind?: ResultKind;
  line: number;
  /** The day's Markdown, from its heading up to the next day (what the immutability rule compares). */
  text: string;
}

export interface ChangelogDoc {
  file: string;
  text: string;
  /** Newest first, as in the file. */
  days: ChangelogDay[];
  problems: LedgerProblem[];
}

/**
 * Splits a CHANGELOG into its days without building a Markdown tree (ten years is several MB) and
 * reports everything that breaks its format: damage, a heading that is not a day, a day twice,
 * days out of order.
 */
export function parseChangelog(text: string, file: string = CHANGELOG_FILE): ChangelogDoc {
  const problems = textProblems(file, text);
  const headings = [...level2Headings(text)];
  const firstDay = headings.findIndex((h) => h.date !== undefined);
  const days: ChangelogDay[] = [];
  if (!hasTitle(text, firstDay === -1 ? text.length : headings[firstDay]!.start, "Changelog")) {
    problems.push({ file, line: 1, message: 'the "# Changelog" title heading is missing before the first day' });
  }
  if (firstDay === -1) return { file, text, days, problems };
  const seen = new Map<string, number>();
  headings.slice(firstDay).forEach((heading, i, rest) => {
    const end = rest[i + 1]?.start ?? text.length;
    if (heading.date === undefined) {
      problems.push({
        file,
        line: heading.line,
        message: `"## ${heading.text}" is not a day heading (## YYYY-MM-DD); after the first day, every level-2 heading must be a day`,
      });
      return;
    }
    const kind = heading.kind as ResultKind | undefined;
    if (kind !== undefined && !RESULT_KINDS.includes(kind)) {
      problems.push({ file, line: heading.line, message: `unknown result kind "${heading.kind}" (expected one of ${RESULT_KINDS.join(", ")})` });
    }
    const earlier = seen.get(heading.date);
    if (earlier !== undefined)
      problems.push({ file, line: heading.line, message: `a second entry for ${heading.date} (the first is at line ${earlier}); one entry per day` });
    const previous = days.at(-1);
    if (previous && heading.date > previous.date) {
      problems.push({ file, line: heading.line, message: `${heading.date} comes after the older ${previous.date}; entries are newest first` });
    }
    seen.set(heading.date, heading.line);
    days.push({ date: heading.date, kind, line: heading.line, text: text.slice(heading.start, end) });
  });
  return { file, text, days, problems };
}
