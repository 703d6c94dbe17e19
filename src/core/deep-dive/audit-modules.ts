import picomatch from "picomatch";
import type { OpsConfig } from "../../config/ops-config.ts";
import { formatBytes } from "../findings/format.ts";
import type { HistoryRecord } from "../history/history-record.ts";
import type { DayEntry } from "../ledger/index.ts";
import type { Observation } from "../observations/index.ts";
import type { WatchEntry } from "../review/watch-entry.ts";
import { seriesNames } from "./rule-series.ts";

export type AuditModule = "hosts" | "alerting" | "playbooks" | "watch" | "footprint";

export interface AuditLine {
  module: AuditModule;
  subject: string;
  finding: string;
  /** Alerting lines: which gap, so research can turn uncovered jobs into an idea per host. */
  gap?: { kind: "uncovered-job" | "dead-series"; host: string; name: string };
}

export interface AuditInput {
  config: OpsConfig;
  today: string;
  /** The newest recorded run (the daily review's observations); the audit never observes itself. */
  latest?: HistoryRecord;
  /** The CHANGELOG's text: playbooks are "exercised" when a change heading names them. */
  changelog: string;
  /** The last seven days' entries, for the bot's own measured cost. */
  week: DayEntry[];
  watch: WatchEntry[];
}

/** The weekly module audit: each line is a gap a person should know about; an empty list is a clean audit. */
export function auditModules(input: AuditInput): AuditLine[] {
  const observations = input.latest?.observations ?? [];
  return [
    ...unprobedHosts(input.config, observations),
    ...alerting(observations),
    ...unexercised(input.config, input.changelog),
    ...staleWatch(input.watch, input.today),
    ...footprint(input.config, observations, input.week),
  ];
}

function unprobedHosts(config: OpsConfig, observations: readonly Observation[]): AuditLine[] {
  const out: AuditLine[] = [];
  for (const host of config.inventory.hosts) {
    const p = host.probes;
    if (!p.host && !p.docker && !p.systemd && !p.prometheus && !p.postgres)
      out.push({ module: "hosts", subject: host.name, finding: "no probe is enabled: nothing about this host is ever checked" });
    else if (p.host && !config.guardrails.protected.hosts.includes(host.name) && !observations.some((o) => o.host === host.name && o.kind === "host")) {
      out.push({
        module: "hosts",
        subject: host.name,
        finding: "its host probe returned no facts in the latest run (only faults): it is not effectively observed",
      });
    }
  }
  return out;
}

/** Exporters without an alerting rule, and rules reading series Prometheus no longer has. */
function alerting(observations: readonly Observation[]): AuditLine[] {
  const out: AuditLine[] = [];
  for (const o of observations) {
    if (o.kind !== "prometheus") continue;
    const jobs = [...new Set(o.facts.targets.map((t) => t.job))].sort();
    const rules = o.facts.rules ?? [];
    const recorded = o.facts.rules !== undefined;
    if (o.facts.alertingRules === 0) {
      for (const job of jobs)
        out.push({
          module: "alerting",
          subject: `${o.host} ${job}`,
          finding: "scraped, but Prometheus evaluates no alerting rule at all",
          gap: { kind: "uncovered-job", host: o.host, name: job },
        });
    } else if (!recorded) {
      out.push({
        module: "alerting",
        subject: o.host,
        finding: `${o.facts.alertingRules} alerting rule(s), but the observation holds no rule expressions: exporter coverage and dead series cannot be computed`,
      });
    } else {
      const alerts = rules.filter((r) => r.type === "alerting");
      const generic = alerts.some((r) => seriesNames(r.query).includes("up") && !/\bjob\s*=/.test(r.query));
      for (const job of jobs) {
        if (generic || alerts.some((r) => new RegExp(`job\\s*=~?\\s*"[^"]*${escape(job)}`).test(r.query))) continue;
        out.push({
          module: "alerting",
          subject: `${o.host} ${job}`,
          finding: "scraped, but no alerting rule names this job (and no rule on `up` covers every job)",
          gap: { kind: "uncovered-job", host: o.host, name: job },
        });
      }
      if (o.facts.metricNames) {
        const known = new Set([...o.facts.metricNames, ...rules.filter((r) => r.type === "recording").map((r) => r.name)]);
        for (const rule of rules) {
          const missing = seriesNames(rule.query).filter((n) => !known.has(n));
          if (missing.length)
            out.push({
              module: "alerting",
              subject: `${o.host} ${rule.name}`,
              finding: `reads ${missing.join(", ")}, which Prometheus holds no series for: the rule can never fire`,
              gap: { kind: "dead-series", host: o.host, name: rule.name },
            });
        }
      } else {
        out.push({ module: "alerting", subject: o.host, finding: "the observation holds no metric names: rules reading dead series cannot be computed" });
      }
    }
  }
  return out;
}

function unexercised(config: OpsConfig, changelog: string): AuditLine[] {
  const used = new Set([...changelog.matchAll(/^- Playbook: `([^`]+)`/gm)].map((m) => m[1]!));
  return config.playbooks
    .filter((p) => !used.has(p.id))
    .map((p) => ({
      module: "playbooks" as const,
      subject: p.id,
      finding: `never exercised: no change in CHANGELOG.md ran it, so its rollback has never been tested in this fleet (${p.mode}, ${p.class})`,
    }));
}

function staleWatch(watch: readonly WatchEntry[], today: string): AuditLine[] {
  return watch
    .filter((w) => w.until < today)
    .map((w) => ({ module: "watch" as const, subject: w.id, finding: `still open past its limit (${w.until}): ${w.description}` }));
}

/** The bot's measured cost against what it looks after; per-container resources are not observed, so counts stand in. */
function footprint(config: OpsConfig, observations: readonly Observation[], week: readonly DayEntry[]): AuditLine[] {
  const runs = week.filter((e) => e.overhead);
  const sum = (k: "durationMs" | "commands" | "bytesIn" | "bytesOut") => runs.reduce((s, e) => s + e.overhead![k], 0);
  const out: AuditLine[] = [];
  if (runs.length) {
    out.push({
      module: "footprint",
      subject: "rounds",
      finding: `${runs.length} run(s) this week: ${sum("commands")} commands, ${formatBytes(sum("bytesIn"))} in, ${formatBytes(sum("bytesOut"))} out, ${seconds(sum("durationMs"))} in total (${seconds(sum("durationMs") / runs.length)} a run)`,
    });
  }
  for (const o of observations) {
    if (o.kind !== "host" || !o.facts.containers?.length) continue;
    const globs = config.guardrails.protected.services[o.host] ?? [];
    const business = o.facts.containers.filter((c) => globs.some((g) => picomatch.isMatch(c.name, g)));
    const other = o.facts.containers.filter((c) => !business.includes(c));
    out.push({
      module: "footprint",
      subject: o.host,
      finding: `${business.length} business container(s), ${other.length} infrastructure/observer container(s)${other.length > business.length ? " — the observers outnumber the business" : ""}; per-container memory is not observed`,
    });
  }
  return out;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
