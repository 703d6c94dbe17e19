import { BACKLOG_FILE } from "./backlog.ts";
import { IDEAS_FILE } from "./ideas.ts";
import type { LedgerProblem } from "./ledger-error.ts";
import { parseBacklog } from "./parse-backlog.ts";
import { CHANGELOG_FILE, parseChangelog } from "./parse-changelog.ts";
import { parseIdeas } from "./parse-ideas.ts";

export const LEDGER_FILES = [CHANGELOG_FILE, BACKLOG_FILE, IDEAS_FILE] as const;

/**
 * Everything Rounds could not understand in a ledger, by file name (CHANGELOG.md, BACKLOG.md,
 * IDEAS.md; the path's directory is ignored). An empty list means the bot may edit the file.
 */
export function checkLedger(file: string, text: string): LedgerProblem[] {
  const name = file.split("/").at(-1);
  if (name === CHANGELOG_FILE) return parseChangelog(text, file).problems;
  if (name === BACKLOG_FILE) return parseBacklog(text, file).problems;
  if (name === IDEAS_FILE) return parseIdeas(text, file).problems;
  return [{ file, line: 1, message: `not a ledger (expected one of ${LEDGER_FILES.join(", ")})` }];
}
