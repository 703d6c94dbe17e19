import { queue } from "../adapters/github/one-at-a-time.ts";

/**
 * Runs a handler's check–effect–record under one lock per repository, so two deliveries of the same
 * comment or merge arriving at once (a redelivery racing the original) cannot both pass the
 * "already handled?" check before either has recorded: the second one finds the first's record.
 */
export function exclusively<R>(repository: string, work: () => Promise<R>): Promise<R> {
  return queue(`handler:${repository}`, work);
}
