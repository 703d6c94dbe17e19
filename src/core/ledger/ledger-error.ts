// Ledger problems and violations are data (lint prints them); LedgerError is how an edit refuses.

/** Something in a ledger file that Rounds could not understand; `line` is 1-based. */
export interface LedgerProblem {
  file: string;
  line: number;
  message: string;
}

/** A rule broken between two versions of a ledger (see invariants). */
export interface LedgerViolation {
  file: string;
  /** The item id (B-0001, I-0001) or the day (2026-11-25) the violation is about. */
  id: string;
  message: string;
}

export function formatProblem(problem: LedgerProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

export function formatViolation(violation: LedgerViolation): string {
  return `${violation.file}: ${violation.id}: ${violation.message}`;
}

/**
 * An edit refused: the file is damaged, or the edit would break a ledger rule. The bot never
 * rewrites a file it does not fully understand, so nothing written by a person is ever dropped.
 */
export class LedgerError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(readonly problems: LedgerProblem[]) {
    super(`refusing to edit: ${problems.map(formatProblem).join("; ")}`);
    this.name = "LedgerError";
    this.file = problems[0]?.file ?? "";
    this.line = problems[0]?.line ?? 0;
  }
}

/** Throws when a parsed ledger has problems; every edit starts with this. */
export function refuseDamaged(doc: { problems: LedgerProblem[] }): void {
  if (doc.problems.length > 0) throw new LedgerError(doc.problems);
}

/** A single-problem refusal (an edit that would break a rule, an unknown id). */
export function refuse(file: string, line: number, message: string): never {
  throw new LedgerError([{ file, line, message }]);
}

export function refuseBadDate(file: string, date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) refuse(file, 1, `"${date}" is not a YYYY-MM-DD date`);
}
