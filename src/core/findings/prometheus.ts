import type { PrometheusAlert, PrometheusFacts, PrometheusTarget } from "../observations/prometheus.ts";
import { earliest, fingerprintOf, type Severity } from "./finding.ts";
import { hostOfInstance, soleDatabaseHost } from "./host-of-instance.ts";
import { ofKind, type Draft, type RuleContext } from "./rule-context.ts";

const EXPORTER = /postgres|:9187$/i;

/** The monitoring itself: no alerting rules, broken rules, targets down, an exporter that never connected, firing alerts. */
export function prometheus(ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const fault of ofKind(ctx.observations, "fault").filter((o) => o.probe === "prometheus")) {
    out.push({
      kind: "prometheus-unreachable",
      fingerprint: fingerprintOf("prometheus-unreachable", fault.host, "prometheus"),
      severity: "critical",
      host: fault.host,
      subject: "prometheus",
      title: `Prometheus on ${fault.host} did not answer`,
      evidence: [{ kind: "fault", text: `${fault.fault.kind}: ${fault.fault.message}` }],
    });
  }
  for (const o of ofKind(ctx.observations, "prometheus")) {
    const facts = o.facts;
    if (facts.alertingRules === 0) {
      out.push({
        kind: "no-alerting-rules",
        fingerprint: fingerprintOf("no-alerting-rules", o.host, "alerting-rules"),
        severity: "critical",
        host: o.host,
        subject: "alerting-rules",
        title: `Prometheus on ${o.host} evaluates zero alerting rules: it would never alert on anything`,
        evidence: [
          { kind: "alerting-rules", text: `${o.endpoint}: 0 alerting rules, ${facts.targets.length} scrape targets collected`, value: 0, unit: "rules" },
        ],
      });
    }
    for (const group of facts.ruleGroups) {
      for (const rule of group.unhealthy) {
        out.push({
          kind: "rule-unhealthy",
          fingerprint: fingerprintOf("rule-unhealthy", o.host, `${group.name}/${rule.rule}`),
          severity: "medium",
          host: o.host,
          subject: `${group.name}/${rule.rule}`,
          title: `Prometheus rule ${rule.rule} (${group.file}) fails to evaluate`,
          evidence: [{ kind: "rule-error", text: rule.lastError }],
        });
      }
    }
    out.push(...exporterDrafts(ctx, o.host, facts));
    for (const target of facts.targets.filter((t) => t.health === "down" && !EXPORTER.test(`${t.job} ${t.instance}`))) {
      out.push(targetDown(ctx, o.host, target));
    }
    for (const alert of facts.alerts.filter((a) => a.state === "firing" && !isExporterAlert(a))) {
      out.push(alertFiring(ctx, o.host, alert));
    }
  }
  return out;
}

/**
 * postgres_exporter trouble, from any of three signs: pg_up = 0, its scrape target down, or the
 * ExporterUnreachable alert. "Never connected" when the history has not once seen it up.
 */
function exporterDrafts(ctx: RuleContext, promHost: string, facts: PrometheusFacts): Draft[] {
  const signs: { instance: string; text: string; since?: string; scrape?: true }[] = [];
  for (const p of facts.pgUp ?? []) if (p.value === 0) signs.push({ instance: p.instance, text: `pg_up = 0 for ${p.instance}` });
  for (const t of facts.targets)
    if (t.health === "down" && EXPORTER.test(`${t.job} ${t.instance}`))
      signs.push({ instance: t.instance, text: `scrape target ${t.job}/${t.instance} is down: ${t.lastError}`, scrape: true });
  for (const a of facts.alerts)
    if (a.state === "firing" && isExporterAlert(a))
      signs.push({ instance: a.labels.instance ?? "postgres-exporter", text: `alert ${a.name} firing since ${a.activeAt}`, since: a.activeAt });
  const byInstance = new Map<string, typeof signs>();
  for (const s of signs) byInstance.set(s.instance, [...(byInstance.get(s.instance) ?? []), s]);
  return [...byInstance].map(([instance, list]): Draft => {
    const host = hostOfInstance(instance, ctx.config.inventory) ?? soleDatabaseHost(ctx.config.inventory) ?? promHost;
    // A scrape target up only shows the exporter process answered, not that it reached the database:
    // it counts as "was working" only when the scrape failing is all we know.
    const onlyScrape = list.every((sign) => sign.scrape);
    const jobs = onlyScrape ? facts.targets.filter((t) => t.instance === instance).map((t) => t.job) : [];
    const everUp = [`pg-up:${instance}`, ...jobs.map((job) => `target-up:${job}/${instance}`)].some((metric) =>
      ctx.series(promHost, metric).some((p) => p.v >= 1),
    );
    const kind = everUp ? "exporter-disconnected" : "exporter-never-connected";
    const since = earliest(list.map((s) => s.since));
    return {
      kind,
      fingerprint: fingerprintOf(kind, host, instance),
      severity: "high",
      host,
      subject: instance,
      title: everUp
        ? `postgres_exporter ${instance} lost its database connection`
        : `postgres_exporter ${instance} has never connected to its database (pg_up = 0)`,
      evidence: [
        ...list.map((s) => ({ kind: "exporter", text: s.text })),
        { kind: "history", text: everUp ? "it was up in an earlier run" : "not once seen up in the recorded history" },
      ],
      ...(since ? { since } : {}),
    };
  });
}

function isExporterAlert(alert: PrometheusAlert): boolean {
  return alert.name === "ExporterUnreachable" || EXPORTER.test(alert.labels.job ?? "");
}

function targetDown(ctx: RuleContext, promHost: string, target: PrometheusTarget): Draft {
  const host = hostOfInstance(target.instance, ctx.config.inventory) ?? promHost;
  const subject = `${target.job}/${target.instance}`;
  return {
    kind: "scrape-target-down",
    fingerprint: fingerprintOf("scrape-target-down", host, subject),
    severity: "high",
    host,
    subject,
    title: `Prometheus cannot scrape ${subject}`,
    evidence: [{ kind: "scrape-error", text: target.lastError || "target down, no error given" }],
  };
}

const ALERT_SEVERITY: Record<string, Severity> = { critical: "critical", page: "critical", error: "high", warning: "medium", info: "low" };

function alertFiring(ctx: RuleContext, promHost: string, alert: PrometheusAlert): Draft {
  const instance = alert.labels.instance;
  const host = (instance && hostOfInstance(instance, ctx.config.inventory)) || promHost;
  const subject = instance ? `${alert.name}/${instance}` : alert.name;
  return {
    kind: "alert-firing",
    fingerprint: fingerprintOf("alert-firing", host, subject),
    severity: ALERT_SEVERITY[alert.labels.severity ?? ""] ?? "medium",
    host,
    subject,
    title: `Alert ${alert.name} is firing${instance ? ` for ${instance}` : ""}`,
    evidence: [
      {
        kind: "alert",
        text: `${alert.name} firing since ${alert.activeAt} (${Object.entries(alert.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")})`,
      },
    ],
    since: alert.activeAt,
  };
}
