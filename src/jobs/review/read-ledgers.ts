import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BACKLOG_FILE, CHANGELOG_FILE, LedgerError, checkLedger, parseBacklog, type BacklogDoc } from "../../core/ledger/index.ts";

export interface Ledgers {
  changelog: string;
  backlog: BacklogDoc;
}

async function text(dir: string, file: string): Promise<string> {
  return readFile(join(dir, file), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
}

/**
 * The ledgers as they are now. A damaged ledger stops the run before anything is observed or
 * changed: the bot never rewrites a file it could not fully understand.
 */
export async function readLedgers(dir: string): Promise<Ledgers> {
  const changelog = await text(dir, CHANGELOG_FILE);
  const backlog = await text(dir, BACKLOG_FILE);
  const problems = [...checkLedger(CHANGELOG_FILE, changelog), ...checkLedger(BACKLOG_FILE, backlog)];
  if (problems.length > 0) throw new LedgerError(problems);
  return { changelog, backlog: parseBacklog(backlog) };
}
