export interface PrometheusRuleGroup {
  name: string;
  file: string;
  alertingRules: number;
  recordingRules: number;
  unhealthy: { rule: string; lastError: string }[];
}

export interface PrometheusTarget {
  job: string;
  instance: string;
  health: "up" | "down" | "unknown";
  lastError: string;
  lastScrape: string;
}

export interface PrometheusAlert {
  name: string;
  state: "firing" | "pending";
  activeAt: string;
  labels: Record<string, string>;
}

export interface PrometheusFacts {
  ruleGroups: PrometheusRuleGroup[];
  alertingRules: number;
  targets: PrometheusTarget[];
  alerts: PrometheusAlert[];
  /**
   * `pg_up` per postgres_exporter instance, when Prometheus has the series (optional, additive):
   * 0 means the exporter runs but cannot reach its database — an exporter that never connected.
   */
  pgUp?: { instance: string; value: number }[];
  /** Every rule with its expression (optional, additive): what the weekly audit checks coverage and dead series with. */
  rules?: { group: string; name: string; type: "alerting" | "recording"; query: string }[];
  /**
   * The metric names Prometheus holds series for, among those the rules read (optional, additive;
   * restricted so the history stays small): a name a rule reads that is missing here reads nothing.
   */
  metricNames?: string[];
}

export interface PrometheusQueryResult {
  type: "prometheus";
  query: string;
  /** One value per series; empty when the query matched nothing. */
  values: { labels: Record<string, string>; value: number }[];
  /** The check's threshold: a breach is when `value op threshold` holds. */
  breach?: { op: ThresholdOp; value: number };
  /** Whether any series breaches; null when the query matched nothing (no data is not "fine"). */
  breached?: boolean | null;
  /** Start of the current breach as far back as the range query looked; null when not breached. */
  breachedSince?: string | null;
}

export type ThresholdOp = ">" | ">=" | "<" | "<=" | "==" | "!=";

/** One series of a range query; `t` in milliseconds since the epoch. */
export interface PrometheusRangeSeries {
  labels: Record<string, string>;
  points: { t: number; v: number }[];
}
