import type { Transport } from "../adapters/ports.ts";
import type { OpsConfig } from "../config/ops-config.ts";
import type { FaultKind, Observation } from "../core/observations/index.ts";
import type { RunOverhead } from "../probes/counting-session.ts";
import { observeHosts } from "../probes/observe-hosts.ts";
import { probePostgres } from "../probes/postgres-probe.ts";
import { probePrometheus } from "../probes/prometheus-probe.ts";
import { runChecks, type BreachLookback } from "../probes/run-checks.ts";

export type FleetProbe = "host" | "prometheus" | "postgres" | "checks";

/** One target finished: a host, a Prometheus or PostgreSQL server, or the custom checks. */
export interface FleetProgress {
  probe: FleetProbe;
  target: string;
  outcome: "observed" | FaultKind;
  durationMs: number;
  /** Hosts only: hosts done so far and in the run. */
  done?: number;
  total?: number;
}

/** The bot's own cost of observing, for the ledger's receipts. */
export interface FleetOverhead {
  /** Wall time from the first probe to the last answer. */
  wallMs: number;
  /** The SSH side: hosts, connections, commands and bytes. */
  ssh: RunOverhead;
  /** Every non-SSH probe target and how long it took. */
  probes: { probe: Exclude<FleetProbe, "host">; target: string; durationMs: number }[];
}

export interface ObserveFleetOptions {
  config: OpsConfig;
  /** Where DSNs come from, by each host's `probes.postgres.dsnEnv`. */
  env: NodeJS.ProcessEnv;
  /** The observer transport (SSH, or the local one in the demo). */
  transport: Transport;
  now: () => Date;
  onProgress?: (progress: FleetProgress) => void;
  /** How far back a breached Prometheus check looks for the breach's start (default 24 h). */
  lookback?: BreachLookback;
}

/**
 * Observes everything inventory.yml names, all at once: hosts over SSH (bounded concurrency),
 * every Prometheus and PostgreSQL server, and the custom checks. A fault anywhere is an
 * observation and the rest goes on; only a configuration error that would fail every host alike
 * (the observer key missing, say) throws, as a ConfigurationError. Observations come back in
 * inventory order: hosts, then Prometheus, PostgreSQL and checks.
 */
export async function observeFleet(options: ObserveFleetOptions): Promise<{ observations: Observation[]; overhead: FleetOverhead }> {
  const { inventory } = options.config;
  const started = performance.now();
  const probes: FleetOverhead["probes"] = [];
  const timed = async (probe: Exclude<FleetProbe, "host">, target: string, run: () => Promise<Observation[]>) => {
    const t0 = performance.now();
    const observations = await run();
    const durationMs = performance.now() - t0;
    probes.push({ probe, target, durationMs });
    const fault = observations.find((o) => o.kind === "fault");
    options.onProgress?.({ probe, target, outcome: fault?.kind === "fault" && probe !== "checks" ? fault.fault.kind : "observed", durationMs });
    return observations;
  };

  const hostRound = observeHosts({
    inventory,
    transport: options.transport,
    now: options.now,
    onProgress: (p) => options.onProgress?.({ probe: "host", target: p.host, outcome: p.outcome, durationMs: p.durationMs, done: p.done, total: p.total }),
  });
  const prometheus = inventory.hosts
    .flatMap((h) => (h.probes.prometheus ? [{ host: h.name, url: h.probes.prometheus.url }] : []))
    .map((target) => timed("prometheus", target.host, async () => [await probePrometheus(target, { now: options.now })]));
  const postgres = inventory.hosts
    .flatMap((h) => (h.probes.postgres ? [{ host: h.name, ...h.probes.postgres }] : []))
    .map((target) =>
      timed("postgres", target.host, async () => {
        const dsn = options.env[target.dsnEnv];
        if (!dsn) {
          const message = `environment variable ${target.dsnEnv} is not set (inventory.yml: hosts.${target.host}.probes.postgres.dsnEnv); the DSN never lives in the ops repo`;
          return [{ kind: "fault", probe: "postgres", at: options.now().toISOString(), host: target.host, fault: { kind: "error", message } }];
        }
        return probePostgres({ host: target.host, dsn, databases: target.databases, now: options.now });
      }),
    );
  const checks =
    inventory.checks.length === 0
      ? []
      : [timed("checks", `${inventory.checks.length} from inventory.yml`, () => runChecks({ inventory, now: options.now, lookback: options.lookback }))];

  const [hosts, others] = await Promise.all([hostRound, Promise.all([...prometheus, ...postgres, ...checks])]);
  const observations = [...hosts.observations, ...others.flat()];
  return { observations, overhead: { wallMs: performance.now() - started, ssh: hosts.overhead, probes } };
}
