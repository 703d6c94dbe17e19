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
}

export interface PrometheusQueryResult {
  type: "prometheus";
  query: string;
  /** One value per series; empty when the query matched nothing. */
  values: { labels: Record<string, string>; value: number }[];
}
