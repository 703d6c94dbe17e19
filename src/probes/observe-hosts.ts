import type { Inventory, InventoryHost } from "../config/schemas/inventory.ts";
import type { HostSession, Transport } from "../adapters/ports.ts";
import type { FaultKind, Observation } from "../core/observations/index.ts";
import { ConfigurationError } from "../errors.ts";
import { countingSession, emptyOverhead, type RunOverhead } from "./counting-session.ts";
import { faultFromError } from "./fault-observation.ts";
import { probeHost } from "./host-probe.ts";

export interface HostProgress {
  host: string;
  /** Hosts finished so far, this one included, and hosts in the run. */
  done: number;
  total: number;
  outcome: "observed" | FaultKind;
  durationMs: number;
}

export interface ObserveHostsOptions {
  inventory: Inventory;
  transport: Transport;
  now: () => Date;
  /** Defaults to inventory.ssh.concurrency, commandTimeoutMs and runTimeoutMs. */
  concurrency?: number;
  commandTimeoutMs?: number;
  runTimeoutMs?: number;
  /** Only these inventory hosts (default: every host whose `probes.host` is on). */
  hosts?: string[];
  onProgress?: (progress: HostProgress) => void;
}

export interface HostRound {
  /** In inventory order, whatever order the hosts answered in. */
  observations: Observation[];
  overhead: RunOverhead;
}

/**
 * Observes hosts with the observer identity, at most `concurrency` at a time, one connection each.
 * Every failure of one host (unreachable, refused key, dropped connection, timeout, garbage) is a
 * fault observation for that host; the others are still observed. Only configuration errors
 * (a missing key, say), which would fail every host alike, end the run.
 */
export async function observeHosts(options: ObserveHostsOptions): Promise<HostRound> {
  const ssh = options.inventory.ssh;
  const selected = options.inventory.hosts.filter((h) => (options.hosts ? options.hosts.includes(h.name) : h.probes.host));
  const concurrency = Math.max(1, options.concurrency ?? ssh.concurrency);
  const runTimeoutMs = options.runTimeoutMs ?? ssh.runTimeoutMs;
  const overhead = { ...emptyOverhead(), hosts: selected.length };
  const results = new Map<string, Observation[]>();
  const started = performance.now();
  let done = 0;
  let fatal: ConfigurationError | undefined;
  let expired = false;
  const open = new Set<HostSession>();
  let expire: () => void = () => {};
  const deadline = new Promise<"expired">((resolve) => {
    const timer = setTimeout(() => {
      expired = true;
      resolve("expired");
    }, runTimeoutMs);
    expire = () => clearTimeout(timer);
  });

  const record = (host: InventoryHost, observations: Observation[], t0: number) => {
    results.set(host.name, observations);
    const fault = observations.find((o) => o.kind === "fault" && o.probe === "ssh");
    const outcome = fault?.kind === "fault" ? fault.fault.kind : observations.some((o) => o.kind === "host") ? "observed" : "not-understood";
    options.onProgress?.({ host: host.name, done: ++done, total: selected.length, outcome, durationMs: performance.now() - t0 });
  };
  const outOfTime = (host: InventoryHost): Observation[] => [
    {
      kind: "fault",
      at: options.now().toISOString(),
      host: host.name,
      probe: "ssh",
      fault: { kind: "timeout", message: `${host.name}: not observed within the run's time limit of ${runTimeoutMs} ms` },
    },
  ];

  async function observeOne(host: InventoryHost): Promise<Observation[]> {
    let session: HostSession | undefined;
    try {
      session = countingSession(await options.transport.open(host, "observer"), overhead);
      overhead.connections += 1;
      open.add(session);
      return await probeHost(session, host, { now: options.now, timeoutMs: options.commandTimeoutMs ?? ssh.commandTimeoutMs });
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      return [faultFromError(host.name, options.now().toISOString(), error)];
    } finally {
      if (session) {
        open.delete(session);
        await session.close().catch(() => {});
      }
    }
  }

  const queue = [...selected];
  async function worker() {
    for (let host = queue.shift(); host && !fatal; host = queue.shift()) {
      const t0 = performance.now();
      if (expired) {
        record(host, outOfTime(host), t0);
        continue;
      }
      try {
        const outcome = await Promise.race([observeOne(host), deadline]);
        record(host, outcome === "expired" ? outOfTime(host) : outcome, t0);
      } catch (error) {
        fatal ??= error as ConfigurationError;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, selected.length) }, worker));
  expire();
  // Sessions of hosts cut off by the run's time limit are still open: close them, do not wait.
  for (const session of open) void session.close().catch(() => {});
  if (fatal) throw fatal;
  overhead.durationMs = performance.now() - started;
  return { observations: selected.flatMap((h) => results.get(h.name) ?? []), overhead };
}
