import type { MonotonicClock } from "../executor/change-ports.ts";

/**
 * The real monotonic clock behind every wait and timeout: milliseconds from `performance.now()`,
 * which never jumps with the wall clock and never stands still. The run's logical time (`--now`,
 * the day, windows, budgets) is a different thing and stays a Date passed into the core.
 */
export const monotonicClock: MonotonicClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
