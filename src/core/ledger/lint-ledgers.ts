import { BACKLOG_FILE } from "./backlog.ts";
import { checkLedger } from "./check-ledger.ts";
import { IDEAS_FILE } from "./ideas.ts";
import { backlogViolations, changelogViolations, ideasViolations } from "./ledger-invariants.ts";
import type { LedgerProblem, LedgerViolation } from "./ledger-error.ts";
import { parseBacklog } from "./parse-backlog.ts";
import { parseChangelog } from "./parse-changelog.ts";
import { parseIdeas } from "./parse-ideas.ts";

export interface LedgerPair {
  /** CHANGELOG.md, BACKLOG.md or IDEAS.md. */
  file: string;
  /** The base version; undefined when the file did not exist there. */
  before?: string;
  /** The new version; undefined when the file is gone. */
  after?: string;
}

/**
 * `rounds lint` without the git: what the new versions do not parse, and which rules the change
 * from the base breaks. Rules are only compared when both versions parse: a damaged file is
 * reported as such first.
 */
export function lintLedgers(pairs: LedgerPair[], materialChangeFactor: number): { problems: LedgerProblem[]; violations: LedgerViolation[] } {
  const problems: LedgerProblem[] = [];
  const violations: LedgerViolation[] = [];
  for (const { file, before, after } of pairs) {
    if (after === undefined) {
      if (before !== undefined) violations.push({ file, id: file, message: "the ledger was deleted; ledgers are append-only history" });
      continue;
    }
    const found = checkLedger(file, after);
    problems.push(...found);
    if (before === undefined || found.length > 0 || checkLedger(file, before).length > 0) continue;
    const name = file.split("/").at(-1);
    if (name === BACKLOG_FILE) violations.push(...backlogViolations(parseBacklog(before, file), parseBacklog(after, file)));
    else if (name === IDEAS_FILE) violations.push(...ideasViolations(parseIdeas(before, file), parseIdeas(after, file), materialChangeFactor));
    else violations.push(...changelogViolations(parseChangelog(before, file), parseChangelog(after, file)));
  }
  return { problems, violations };
}
