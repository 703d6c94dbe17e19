import type { OpsConfig } from "../../config/ops-config.ts";
import type { Observation } from "../observations/index.ts";
import type { Finding } from "./finding.ts";
import { metricSamples } from "./metric-samples.ts";

export interface SeriesPoint {
  t: number;
  v: number;
}

/** What every family of rules sees: today's observations, the config, and the series behind them. */
export interface RuleContext {
  now: Date;
  observations: Observation[];
  config: OpsConfig;
  /** Oldest first: the history's points, then today's. Empty when nothing was recorded. */
  series(host: string, metric: string): SeriesPoint[];
}

/** A finding as a rule emits it: `params` are what it can tell a remedy's playbook (container, unit, table). */
export interface Draft extends Finding {
  params?: Record<string, string>;
}

export type FindingRule = (ctx: RuleContext) => Draft[];

/** Every series of a set of runs, indexed once; a context reads it up to its own `now`. */
export type SeriesIndex = Map<string, SeriesPoint[]>;

export function indexSeries(observationLists: readonly (readonly Observation[])[]): SeriesIndex {
  const index: SeriesIndex = new Map();
  for (const observations of observationLists) {
    for (const observation of observations) {
      const t = Date.parse(observation.at);
      if (!Number.isFinite(t)) continue;
      for (const s of metricSamples(observation)) {
        const key = `${s.host}\u0000${s.metric}`;
        const list = index.get(key) ?? [];
        list.push({ t, v: s.v });
        index.set(key, list);
      }
    }
  }
  for (const list of index.values()) list.sort((a, b) => a.t - b.t);
  return index;
}

/** A context at `now`: it sees the points of the index up to `now`, never later ones. */
export function buildRuleContext(now: Date, observations: Observation[], index: SeriesIndex, config: OpsConfig): RuleContext {
  const until = now.getTime();
  return { now, observations, config, series: (host, metric) => (index.get(`${host}\u0000${metric}`) ?? []).filter((p) => p.t <= until) };
}

/** Observations of one kind, typed. */
export function ofKind<K extends Observation["kind"]>(observations: readonly Observation[], kind: K): Extract<Observation, { kind: K }>[] {
  return observations.filter((o): o is Extract<Observation, { kind: K }> => o.kind === kind);
}

/** Trends are read over this window: long enough to see a slope, short enough to follow a regime change. */
export const TREND_WINDOW_DAYS = 14;

/** The points of a series inside the trend window. */
export function recent(ctx: RuleContext, points: readonly SeriesPoint[]): SeriesPoint[] {
  const from = ctx.now.getTime() - TREND_WINDOW_DAYS * 86_400_000;
  return points.filter((p) => p.t >= from && p.t <= ctx.now.getTime());
}
