import type { HostSession } from "../adapters/ports.ts";
import type { Intent } from "../core/change/change-record.ts";

/** Real elapsed time, for waits and deadlines only (src/adapters/monotonic-clock.ts). */
export interface MonotonicClock {
  /** Milliseconds on a clock that only moves forward. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** What the executor needs from the world for one change on one host. */
export interface ChangePorts {
  /** The operator identity's session on the target host. */
  session: HostSession;
  /** Runs one SQL statement as the operator on the target host's PostgreSQL; rows as arrays. */
  sql?: (database: string, statement: string) => Promise<unknown[][]>;
  /** Instant query on the fleet's Prometheus; one number per series. */
  prometheus?: (query: string) => Promise<number[]>;
  /** GET a URL; the status code, or null when nothing answered. */
  httpStatus?: (url: string) => Promise<number | null>;
  /** Commits the intent to the ops repo. The change does not start until this returned. */
  recordIntent: (intent: Intent) => Promise<void>;
  /** Engages the kill switch (commits the kill-switch file with the reason). */
  engageKillSwitch: (reason: string) => Promise<void>;
  /** Checks a shell command's syntax without running it. */
  shellSyntax: (command: string) => Promise<string | undefined>;
  /** The run's logical time, for the records (an intent's `startedAt`); never for waiting. */
  now: () => Date;
  /** Every wait and timeout reads this clock. */
  clock: MonotonicClock;
  /**
   * When the review's time budget ends, on `clock`: no step starts after it, a verify still waiting
   * then fails (so its rollback runs); rollbacks themselves are never cut short by it.
   */
  deadline?: number;
  /** The most any one step may take (a `within` verify: its `within` plus this). */
  stepTimeoutMs: number;
}
