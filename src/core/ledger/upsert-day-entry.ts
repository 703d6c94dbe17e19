import type { DayEntry } from "./day-entry.ts";
import { hasTitle, level2Headings, type Level2Heading } from "./changelog-scan.ts";
import { LedgerError, type LedgerProblem } from "./ledger-error.ts";
import { countChangeHeadings } from "./count-changes.ts";
import { CHANGELOG_FILE } from "./parse-changelog.ts";
import { renderDayEntry } from "./render-day-entry.ts";
import { lineAt } from "./scan-lines.ts";
import { textProblems } from "./text-problems.ts";

/**
 * Puts a day's entry at the top of the CHANGELOG: prepends a new day, or replaces the same day's
 * entry (a re-run on the same day never adds a second one). Reads only up to the second day
 * heading, so the cost does not grow with the history, and leaves every byte after the replaced
 * entry untouched. Refuses (LedgerError) when the head of the file is damaged or the entry would be
 * older than the newest day.
 */
export function upsertDayEntry(text: string, entry: DayEntry, file: string = CHANGELOG_FILE): string {
  const rendered = renderDayEntry(entry);
  const headings = level2Headings(text);
  let first: Level2Heading | undefined;
  let second: Level2Heading | undefined;
  const problems: LedgerProblem[] = [];
  for (const heading of headings) {
    if (heading.date === undefined) {
      if (first) problems.push({ file, line: heading.line, message: `"## ${heading.text}" is not a day heading (## YYYY-MM-DD)` });
      else continue;
    }
    if (!first) first = heading;
    else {
      second = heading;
      break;
    }
  }
  const headEnd = second?.start ?? text.length;
  problems.push(...headProblems(file, text, headEnd, first));
  if (first && second && second.date === first.date) problems.push({ file, line: second.line, message: `a second entry for ${first.date}; one entry per day` });
  if (first?.date !== undefined && entry.date < first.date) {
    problems.push({
      file,
      line: first.line,
      message: `the entry for ${entry.date} is older than the newest day (${first.date}); entries older than the newest are immutable`,
    });
  }
  if (first?.date === entry.date) problems.push(...droppedChanges(file, text.slice(first.start, headEnd), first.line, entry));
  if (problems.length > 0) throw new LedgerError(problems);
  if (!first) return `${withBlankLine(text)}${rendered}`;
  if (first.date === entry.date) return `${text.slice(0, first.start)}${rendered}${second ? `\n${text.slice(second.start)}` : ""}`;
  return `${text.slice(0, first.start)}${rendered}\n${text.slice(first.start)}`;
}

/** Damage checks of the part being edited, plus two linear scans (no tree) of the rest. */
function headProblems(file: string, text: string, headEnd: number, first: Level2Heading | undefined): LedgerProblem[] {
  const problems = textProblems(file, text.slice(0, headEnd));
  if (!hasTitle(text, first?.start ?? text.length, "Changelog"))
    problems.push({ file, line: 1, message: 'the "# Changelog" title heading is missing before the first day' });
  if (!problems.some((p) => p.message.includes("CRLF"))) {
    const cr = text.indexOf("\r", headEnd);
    if (cr !== -1) problems.push({ file, line: lineAt(text, cr), message: "the file has CRLF (Windows) line endings; convert it to LF" });
  }
  const conflict = Math.min(...["\n<<<<<<<", "\n>>>>>>>"].map((marker) => conflictMarker(text, marker, headEnd - 1)));
  if (conflict !== Infinity) problems.push({ file, line: lineAt(text, conflict), message: "a merge-conflict marker; resolve the conflict first" });
  return problems;
}

/**
 * A re-run may rewrite the day, but never lose a change it recorded: the change budget is counted
 * from these entries, so dropping one would let a second change through.
 */
function droppedChanges(file: string, previous: string, line: number, entry: DayEntry): LedgerProblem[] {
  return (["unattended", "attended"] as const).flatMap((mode) => {
    const recorded = countChangeHeadings(previous, mode);
    const kept = (entry.changes ?? []).filter((c) => c.mode === mode).length;
    return kept < recorded
      ? [
          {
            file,
            line,
            message: `the entry for ${entry.date} records ${recorded} ${mode} change(s) but the new entry has ${kept}; a re-run must carry every applied change over`,
          },
        ]
      : [];
  });
}

/**
 * The offset of the first line that is a conflict marker, from `from` on (Infinity if none). Plain
 * indexOf: no slice (which would copy a multi-MB string) and no multiline regex (slower).
 */
function conflictMarker(text: string, marker: string, from: number): number {
  for (let at = text.indexOf(marker, from); at !== -1; at = text.indexOf(marker, at + 1)) {
    const next = text[at + marker.length];
    if (next === undefined || next === " " || next === "\n") return at + 1;
  }
  return Infinity;
}

function withBlankLine(text: string): string {
  if (text === "") return "";
  return text.endsWith("\n\n") ? text : text.endsWith("\n") ? `${text}\n` : `${text}\n\n`;
}
