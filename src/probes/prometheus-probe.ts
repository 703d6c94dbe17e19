import type { Observation } from "../core/observations/index.ts";
import type { PrometheusAlert, PrometheusFacts, PrometheusRangeSeries, PrometheusRuleGroup, PrometheusTarget } from "../core/observations/prometheus.ts";
import { alertsData, instantData, labelValuesData, prometheusGet, rangeData, rulesData, targetsData } from "./prometheus-api.ts";
import { seriesNames } from "../core/deep-dive/rule-series.ts";
import { toFault } from "./probe-fault.ts";
import type { z } from "zod";

export const PROMETHEUS_TIMEOUT_MS = 10_000;

/** Rule groups with their alerting-rule count: a group (or a server) with zero alerting rules is visible as such. */
export function summarizeRules(data: z.output<typeof rulesData>): PrometheusRuleGroup[] {
  return data.groups.map((group) => ({
    name: group.name,
    file: group.file,
    alertingRules: group.rules.filter((r) => r.type === "alerting").length,
    recordingRules: group.rules.filter((r) => r.type === "recording").length,
    unhealthy: group.rules
      .filter((r) => r.health !== "ok" && r.health !== "unknown")
      .map((r) => ({ rule: r.name, lastError: r.lastError ?? `health ${r.health}` })),
  }));
}

/** Each rule's expression, and which of the metric names they read Prometheus holds (when it told us). */
export function ruleExpressions(data: z.output<typeof rulesData>, names: string[] | undefined): Pick<PrometheusFacts, "rules" | "metricNames"> {
  const rules = data.groups.flatMap((g) => g.rules.map((r) => ({ group: g.name, name: r.name, type: r.type, query: r.query ?? "" })));
  if (!rules.length || rules.some((r) => !r.query)) return {};
  const read = new Set(rules.flatMap((r) => seriesNames(r.query)));
  return { rules, ...(names ? { metricNames: names.filter((n) => read.has(n)) } : {}) };
}

export function summarizeTargets(data: z.output<typeof targetsData>): PrometheusTarget[] {
  return data.activeTargets.map((t) => ({
    job: t.labels.job ?? t.scrapePool ?? "",
    instance: t.labels.instance ?? "",
    health: t.health === "up" || t.health === "down" ? t.health : "unknown",
    lastError: t.lastError,
    lastScrape: t.lastScrape,
  }));
}

export function summarizeAlerts(data: z.output<typeof alertsData>): PrometheusAlert[] {
  return data.alerts
    .filter((a): a is typeof a & { state: "firing" | "pending" } => a.state === "firing" || a.state === "pending")
    .map((a) => ({ name: a.labels.alertname ?? "", state: a.state, activeAt: a.activeAt, labels: a.labels }));
}

/**
 * Observes one Prometheus server: its rule groups (and how many alerting rules they hold), rule
 * health, scrape targets and firing or pending alerts. A server that is down or answers garbage is
 * a fault observation; this function never throws.
 */
export async function probePrometheus(target: { host: string; url: string }, options: { now: () => Date; timeoutMs?: number }): Promise<Observation> {
  const timeoutMs = options.timeoutMs ?? PROMETHEUS_TIMEOUT_MS;
  try {
    const [rules, targets, alerts, pgUp, names] = await Promise.all([
      prometheusGet(target.url, "rules", {}, rulesData, timeoutMs),
      prometheusGet(target.url, "targets", { state: "active" }, targetsData, timeoutMs),
      prometheusGet(target.url, "alerts", {}, alertsData, timeoutMs),
      // An exporter that runs but cannot reach its database says so only in pg_up.
      queryInstant(target.url, "pg_up", { timeoutMs }),
      // For the weekly audit's dead-series check; without it the audit says it cannot tell.
      prometheusGet(target.url, "label/__name__/values", {}, labelValuesData, timeoutMs).catch(() => undefined),
    ]);
    const ruleGroups = summarizeRules(rules);
    const facts: PrometheusFacts = {
      ruleGroups,
      alertingRules: ruleGroups.reduce((sum, g) => sum + g.alertingRules, 0),
      targets: summarizeTargets(targets),
      alerts: summarizeAlerts(alerts),
      ...(pgUp.length > 0 ? { pgUp: pgUp.map((s) => ({ instance: s.labels.instance ?? "", value: s.value })) } : {}),
      ...ruleExpressions(rules, names),
    };
    return { kind: "prometheus", at: options.now().toISOString(), host: target.host, endpoint: target.url, facts };
  } catch (error) {
    return { kind: "fault", probe: "prometheus", at: options.now().toISOString(), host: target.host, fault: toFault(error) };
  }
}

/** An instant query; throws a ProbeFault (callers turn it into an observation). */
export async function queryInstant(
  url: string,
  query: string,
  options: { timeoutMs?: number } = {},
): Promise<{ labels: Record<string, string>; value: number }[]> {
  const data = await prometheusGet(url, "query", { query }, instantData, options.timeoutMs ?? PROMETHEUS_TIMEOUT_MS);
  if (data.resultType === "scalar") return [{ labels: {}, value: Number(data.result[1]) }];
  return data.result.map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
}

/** A range query from `start` to `end` every `stepSeconds`; throws a ProbeFault. */
export async function queryRange(
  url: string,
  query: string,
  range: { start: Date; end: Date; stepSeconds: number; timeoutMs?: number },
): Promise<PrometheusRangeSeries[]> {
  const params = { query, start: (range.start.getTime() / 1000).toString(), end: (range.end.getTime() / 1000).toString(), step: `${range.stepSeconds}` };
  const data = await prometheusGet(url, "query_range", params, rangeData, range.timeoutMs ?? PROMETHEUS_TIMEOUT_MS);
  return data.result.map((s) => ({ labels: s.metric, points: s.values.map(([t, v]) => ({ t: Math.round(t * 1000), v: Number(v) })) }));
}
