import type { Logger } from "pino";
import { LedgerError } from "./core/ledger/ledger-error.ts";
import { ConfigurationError, RefusedError, UsageError, formatIssue } from "./errors.ts";
import { createLogger } from "./log.ts";

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** What every job gets from the outside world; tests pass their own. */
export interface JobIO {
  /** A line for the user (stdout). */
  print: (line: string) => void;
  /** A progress or warning line (stderr), never part of machine-readable output. */
  progress: (line: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Structured logs (pino, secrets redacted); absent in tests that do not look at them. */
  log?: Logger;
}

export function processIO(): JobIO {
  return {
    print: (line) => process.stdout.write(`${line}\n`),
    progress: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    now: () => new Date(),
    // JSON lines for machines (CI, Actions); a person at a terminal reads the progress lines instead.
    log: createLogger({ level: process.env.ROUNDS_LOG_LEVEL ?? (process.stderr.isTTY ? "warn" : "info") }),
  };
}

/**
 * Runs a job and maps its outcome to an exit code: 0 ok, 1 invalid configuration or a refused
 * action, 2 usage error. Unknown errors are bugs: they print a stack and exit 70.
 */
export async function runJob(job: () => Promise<number | void>, io: Pick<JobIO, "progress">): Promise<number> {
  try {
    return (await job()) ?? EXIT.ok;
  } catch (error) {
    if (error instanceof ConfigurationError) {
      io.progress(`rounds: the ops configuration is invalid:\n${error.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`);
      return EXIT.refused;
    }
    if (error instanceof LedgerError) {
      io.progress(`rounds: ${error.message}\nNothing was written: fix the ledger by hand (or restore it from git history), then run again.`);
      return EXIT.refused;
    }
    if (error instanceof RefusedError) {
      io.progress(`rounds: refused: ${error.message}`);
      return EXIT.refused;
    }
    if (error instanceof UsageError) {
      io.progress(`rounds: ${error.message}`);
      return EXIT.usage;
    }
    io.progress(`rounds: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 70;
  }
}
