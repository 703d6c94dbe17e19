import type { OpsConfig } from "../../config/ops-config.ts";
import { formatBytes, formatPercent } from "../findings/format.ts";
import type { HistoryRecord } from "../history/history-record.ts";
import { fastestGrowingTables } from "../history/table-growth.ts";
import { ALERT_PAGING_GAP } from "../judgement/self-critique.ts";
import type { BacklogDoc, Evidence } from "../ledger/index.ts";
import { auditModules } from "../deep-dive/audit-modules.ts";

/** An idea the rules found evidence for; `fingerprint` is stable, so the ledger recognises it next week. */
export interface ProposedIdea {
  fingerprint: string;
  title: string;
  rule: "compression" | "alert-paging" | "alert-coverage" | "state-retention" | "agent";
  evidence: Evidence[];
}

export interface ResearchInput {
  config: OpsConfig;
  today: string;
  records: readonly HistoryRecord[];
  backlog: BacklogDoc;
  thresholds?: Partial<ResearchThresholds>;
}

export interface ResearchThresholds {
  /** A table growing faster than this share of its size a week is a compression candidate. */
  tableGrowthPerWeek: number;
  /** The bot's own history growing faster than this many bytes a week is a retention candidate. */
  stateBytesPerWeek: number;
}

export const DEFAULT_THRESHOLDS: ResearchThresholds = { tableGrowthPerWeek: 0.1, stateBytesPerWeek: 1_000_000 };

/**
 * The rules-based research run: ideas from recorded evidence only (it never observes, never
 * touches a host). Compression for fast-growing tables (the saving computed from a compression
 * ratio observed in this fleet, when there is one), alert paging when failures went unnoticed
 * past the detection target, alerting-coverage gaps, and retention of the bot's own state.
 */
export function proposeIdeas(input: ResearchInput): ProposedIdea[] {
  const t = { ...DEFAULT_THRESHOLDS, ...input.thresholds };
  return [...compression(input, t), ...alertPaging(input), ...alertCoverage(input), ...stateRetention(input, t)];
}

function compression(input: ResearchInput, t: ResearchThresholds): ProposedIdea[] {
  const sorted = [...input.records].sort((a, b) => a.day.localeCompare(b.day));
  const latest = sorted.at(-1);
  const ratios = (latest?.observations ?? [])
    .flatMap((o) => (o.kind === "postgres" ? (o.facts.timescale?.hypertables ?? []) : []))
    .flatMap((h) => (h.compressionRatio ? [h.compressionRatio] : []));
  const ratio = ratios.length ? Math.min(...ratios) : undefined;
  const out: ProposedIdea[] = [];
  for (const g of fastestGrowingTables(sorted, { days: 7, limit: 20 })) {
    const weekly = g.bytesPerDay * 7;
    const base = g.sizeBytes - weekly;
    if (g.bytesPerDay <= 0 || base <= 0 || weekly / base <= t.tableGrowthPerWeek) continue;
    const saving = ratio
      ? `at the fleet's lowest observed compression ratio (×${ratio}) compressing it would free about ${formatBytes(g.sizeBytes * (1 - 1 / ratio))} now and cut growth to about ${formatBytes(weekly / ratio)}/week`
      : `no compression ratio has been observed in this fleet yet: a test chunk would measure it before anything else is compressed`;
    out.push({
      fingerprint: `idea:compression:${g.host}:${g.database}.${g.table}`,
      rule: "compression",
      title: `Compress ${g.database}.${g.table} on ${g.host}: it grows ${formatPercent(Math.round((weekly / base) * 1000) / 10)} a week`,
      evidence: [
        {
          date: input.today,
          kind: "table-growth",
          value: Math.round(g.bytesPerDay),
          unit: "B/day",
          text: `${g.database}.${g.table} grew ${formatBytes(weekly)} in a week (${formatBytes(g.bytesPerDay)}/day), now ${formatBytes(g.sizeBytes)}`,
        },
        { date: input.today, kind: "expected-saving", text: saving },
      ],
    });
  }
  return out;
}

function alertPaging(input: ResearchInput): ProposedIdea[] {
  const gap = input.backlog.items.find((i) => i.fingerprint === ALERT_PAGING_GAP);
  const exhibits = gap?.evidence.filter((e) => e.kind === "undetected-hours" && e.value !== undefined) ?? [];
  if (!gap || exhibits.length === 0) return [];
  const worst = Math.max(...exhibits.map((e) => e.value!));
  return [
    {
      fingerprint: "idea:alert-paging",
      rule: "alert-paging",
      title: "Page a person when an alert fires (Alertmanager to a pager), so failures are not found by the next review",
      evidence: [
        {
          date: input.today,
          kind: "undetected-hours",
          value: worst,
          unit: "h",
          text: `${exhibits.length} failure(s) outlasted the ${input.config.guardrails.detectionLatencyHours} h detection target unnoticed (worst ${worst} h), see ${gap.id}`,
        },
      ],
    },
  ];
}

function alertCoverage(input: ResearchInput): ProposedIdea[] {
  const latest = [...input.records].sort((a, b) => a.day.localeCompare(b.day)).at(-1);
  const gaps = auditModules({ config: input.config, today: input.today, latest, changelog: "", week: [], watch: [] }).flatMap((a) =>
    a.gap ? [{ ...a.gap, finding: a.finding }] : [],
  );
  const hosts = [...new Set(gaps.map((g) => g.host))];
  return hosts.map((host) => {
    const mine = gaps.filter((g) => g.host === host);
    return {
      fingerprint: `idea:alert-coverage:${host}`,
      rule: "alert-coverage" as const,
      title: `Alerting rules for what ${host}'s Prometheus scrapes but never alerts on`,
      evidence: [{ date: input.today, kind: "uncovered", value: mine.length, unit: "gaps", text: mine.map((g) => `${g.name}: ${g.finding}`).join("; ") }],
    };
  });
}

function stateRetention(input: ResearchInput, t: ResearchThresholds): ProposedIdea[] {
  const week = input.records
    .filter((r) => r.day <= input.today)
    .sort((a, b) => a.day.localeCompare(b.day))
    .slice(-7);
  if (week.length < 2) return [];
  const bytes = week.reduce((s, r) => s + JSON.stringify(r).length + 1, 0);
  const perWeek = Math.round((bytes / week.length) * 7);
  if (perWeek <= t.stateBytesPerWeek) return [];
  return [
    {
      fingerprint: "idea:state-retention",
      rule: "state-retention",
      title: "Keep the bot's own observation history smaller (git keeps every version of state/)",
      evidence: [
        {
          date: input.today,
          kind: "state-growth",
          value: perWeek,
          unit: "B/week",
          text: `state/observations/ adds about ${formatBytes(perWeek)} a week (${formatBytes(perWeek * 52)} a year in git history, pruned files included)`,
        },
      ],
    },
  ];
}

/** An agent's idea (already validated): prose evidence only, so the re-pitch rule never counts its words as material. */
export function agentIdea(idea: { title: string; host?: string; evidence: string[] }, today: string): ProposedIdea {
  const slug = idea.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return {
    fingerprint: `idea:agent:${idea.host ?? "fleet"}:${slug}`,
    title: idea.title,
    rule: "agent",
    evidence: idea.evidence.map((text) => ({ date: today, text: `(agent) ${text}` })),
  };
}
