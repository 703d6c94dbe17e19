import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { ResolvedAddresses } from "./ops-config.ts";
import type { Inventory } from "./schemas/inventory.ts";

export type LookupAll = (name: string) => Promise<string[]>;

const systemLookup: LookupAll = async (name) => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Resolves every inventory address that is not an IP literal, the way the runner will when it
 * connects (the C library's resolver: /etc/hosts, then DNS), so the policy can tell machines apart.
 * Every lookup ends: one that has not answered within `timeoutMs` is recorded as an error, and an
 * error never stops the load — it makes the policy fail closed instead (DESIGN invariant 12).
 */
export async function resolveAddresses(inventory: Inventory, options: { lookup?: LookupAll; timeoutMs?: number } = {}): Promise<ResolvedAddresses> {
  const { lookup: resolve = systemLookup, timeoutMs = 2000 } = options;
  const names = [...new Set(inventory.hosts.map((h) => h.address))].filter((a) => isIP(a) === 0);
  const answers = await Promise.all(
    names.map((name) =>
      withDeadline(resolve(name), timeoutMs, `no answer within ${timeoutMs} ms`).then(
        (addresses): string[] | { error: string } => (addresses.length > 0 ? addresses : { error: "resolved to no address" }),
        (error: NodeJS.ErrnoException) => ({ error: error.code ? `${error.code}` : error.message }),
      ),
    ),
  );
  return Object.fromEntries(names.map((name, i) => [name, answers[i]!]));
}

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
