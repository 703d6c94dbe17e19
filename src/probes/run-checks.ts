import type { InventoryCheck, Inventory } from "../config/schemas/inventory.ts";
import { breachedSince, breaches } from "../core/history/breached-since.ts";
import type { Observation } from "../core/observations/index.ts";
import type { PrometheusQueryResult } from "../core/observations/prometheus.ts";
import { probeHttpCheck } from "./http-check-probe.ts";
import { ProbeFault, toFault } from "./probe-fault.ts";
import { queryInstant, queryRange } from "./prometheus-probe.ts";

/** How far back a breached Prometheus check looks for the start of its breach. */
export interface BreachLookback {
  windowMs: number;
  stepSeconds: number;
}

export const DEFAULT_LOOKBACK: BreachLookback = { windowMs: 24 * 3_600_000, stepSeconds: 900 };

export interface RunChecksOptions {
  inventory: Inventory;
  now: () => Date;
  prometheusTimeoutMs?: number;
  lookback?: BreachLookback;
}

/**
 * Runs every custom check of inventory.yml at once: HTTP checks record what the source answered,
 * Prometheus checks run their instant query, compare it with the threshold and, when breached, ask
 * a range query since when. Each check gives exactly one observation; none throws.
 */
export async function runChecks(options: RunChecksOptions): Promise<Observation[]> {
  return Promise.all(options.inventory.checks.map((check) => runCheck(check, options)));
}

async function runCheck(check: InventoryCheck, options: RunChecksOptions): Promise<Observation> {
  const host = check.host ?? check.prometheus?.endpoint ?? (check.http ? new URL(check.http.url).hostname : "");
  try {
    if (check.http) {
      const result = await probeHttpCheck(check.http);
      return { kind: "check", at: options.now().toISOString(), host, check: check.name, result };
    }
    const spec = check.prometheus!;
    const url = options.inventory.hosts.find((h) => h.name === spec.endpoint)?.probes.prometheus?.url;
    if (!url) throw new ProbeFault("error", `check ${check.name}: inventory host "${spec.endpoint}" has no probes.prometheus.url`);
    const values = await queryInstant(url, spec.query, { timeoutMs: options.prometheusTimeoutMs });
    const breached = values.length === 0 ? null : values.some((v) => breaches(v.value, spec.breach));
    const result: PrometheusQueryResult = { type: "prometheus", query: spec.query, values, breach: spec.breach, breached };
    if (breached) result.breachedSince = await findBreachStart(url, spec, options);
    return { kind: "check", at: options.now().toISOString(), host, check: check.name, result };
  } catch (error) {
    return { kind: "fault", probe: "check", check: check.name, at: options.now().toISOString(), host, fault: toFault(error) };
  }
}

/** Earliest start among the series still breaching; null when the range query cannot tell. */
async function findBreachStart(url: string, spec: NonNullable<InventoryCheck["prometheus"]>, options: RunChecksOptions): Promise<string | null> {
  const lookback = options.lookback ?? DEFAULT_LOOKBACK;
  const end = options.now();
  const series = await queryRange(url, spec.query, {
    start: new Date(end.getTime() - lookback.windowMs),
    end,
    stepSeconds: lookback.stepSeconds,
    timeoutMs: options.prometheusTimeoutMs,
  }).catch(() => []);
  const starts = series.map((s) => breachedSince(s.points, spec.breach)).filter((t): t is number => t !== null);
  return starts.length === 0 ? null : new Date(Math.min(...starts)).toISOString();
}
