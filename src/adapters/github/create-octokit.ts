import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { Logger } from "pino";

export const ForgeOctokit = Octokit.plugin(retry, throttling);
export type ForgeOctokitInstance = InstanceType<typeof ForgeOctokit>;

export interface ForgeOctokitOptions {
  token: string;
  /** GitHub Enterprise: https://HOST/api/v3. */
  baseUrl?: string;
  log?: Logger;
  /** Milliseconds per second of "retry after"; tests make waiting instant. */
  retryAfterBaseValue?: number;
  /** How many times a rate-limited call is retried before it fails. */
  rateLimitRetries?: number;
}

/**
 * An Octokit that survives a bad minute: 5xx answers are retried with back-off (plugin-retry), and
 * primary and secondary rate limits wait for the time GitHub names (plugin-throttling). Inside a
 * Probot handler use `context.octokit`, which Probot builds with the same two plugins.
 */
export function createForgeOctokit(options: ForgeOctokitOptions): ForgeOctokitInstance {
  const retries = options.rateLimitRetries ?? 3;
  const base = options.retryAfterBaseValue;
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    options.log?.warn({ method: request.method, url: request.url, retryAfter, retryCount }, `GitHub ${kind} rate limit hit; waiting`);
    return retryCount < retries;
  };
  return new ForgeOctokit({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    userAgent: "rounds",
    ...(options.log ? { log: octokitLog(options.log) } : {}),
    retry: base === undefined ? {} : { retryAfterBaseValue: base },
    throttle: {
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
      ...(base === undefined ? {} : { retryAfterBaseValue: base, fallbackSecondaryRateRetryAfter: 1 }),
    },
  });
}

/** Octokit's own messages (deprecations, retries) go to the run's logger instead of the console. */
function octokitLog(log: Logger) {
  return {
    debug: (message: string, extra?: unknown) => log.debug({ extra }, message),
    info: (message: string, extra?: unknown) => log.info({ extra }, message),
    warn: (message: string, extra?: unknown) => log.warn({ extra }, message),
    error: (message: string, extra?: unknown) => log.error({ extra }, message),
  };
}
