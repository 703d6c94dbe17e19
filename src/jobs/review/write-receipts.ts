import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { HISTORY_DIR } from "../../adapters/history-store.ts";
import type { OpsRepo } from "../../adapters/ops-repo.ts";
import { writeFiles } from "../../adapters/write-files.ts";
import type { OpsConfig } from "../../config/ops-config.ts";
import type { ChangeOutcome, Intent } from "../../core/change/change-record.ts";
import type { Finding } from "../../core/findings/finding.ts";
import type { WatchCheck } from "../../core/findings/findings-input.ts";
import { compactRun, type HistoryRecord } from "../../core/history/history-record.ts";
import { planRetention } from "../../core/history/retention.ts";
import { selfCritique } from "../../core/judgement/self-critique.ts";
import {
  BACKLOG_FILE,
  CHANGELOG_FILE,
  parseDayEntry,
  recentDays,
  renderDayEntry,
  upsertDayEntry,
  type AppliedChange,
  type DayEntry,
  type Overhead,
} from "../../core/ledger/index.ts";
import type { Observation } from "../../core/observations/index.ts";
import type { Plan } from "../../core/plan.ts";
import { buildDayEntry } from "../../core/review/build-day-entry.ts";
import type { AgentNotes } from "../../core/agent/render-agent-notes.ts";
import { dailyNotes } from "../../core/review/cadence-entry.ts";
import { silenceFinding, type Freshness } from "../../core/review/freshness.ts";
import { recordBacklog } from "../../core/review/record-backlog.ts";
import { trendDeltas } from "../../core/review/trend-deltas.ts";
import { settleWatch, type WatchEntry } from "../../core/review/watch-entry.ts";
import { intentPath, WATCH_FILE } from "./state-files.ts";
import { readLedgers } from "./read-ledgers.ts";

export interface ReceiptsInput {
  repo: OpsRepo;
  config: OpsConfig;
  day: string;
  now: Date;
  dryRun: boolean;
  killSwitch: { engaged: boolean; reason?: string };
  findings: Finding[];
  plan: Plan;
  outcomes: ChangeOutcome[];
  watch: WatchEntry[];
  opened: WatchEntry[];
  checks: Map<string, WatchCheck>;
  observations: Observation[];
  history: HistoryRecord[];
  intents: Intent[];
  overhead: Overhead;
  /** The dead man's switch as the run found it: a stale ledger is flagged in the entry and escalated. */
  freshness?: Freshness;
  /** What the optional agent said and what was refused of it (absent when no agent is configured). */
  agentNotes?: AgentNotes;
}

export interface ReviewReceipts {
  day: string;
  entry: DayEntry;
  /** The entry as it reads in CHANGELOG.md (and the job summary). */
  markdown: string;
  /** The commit that recorded it; absent in a dry run or when nothing changed. */
  commit?: string;
}

/** The files the review writes, as computed from the ops repo's current state (null: delete). */
async function compose(dir: string, input: ReceiptsInput): Promise<{ entry: DayEntry; files: Record<string, string | null> }> {
  const { config, day, now, plan } = input;
  const ledgers = await readLedgers(dir);
  const critique = selfCritique(input.findings, config.guardrails.detectionLatencyHours, now, { timeZone: config.guardrails.timezone });
  const broken = input.outcomes
    .filter((o) => o.status === "rollback-failed")
    .map((o) => ({
      finding: {
        kind: "rollback-failed",
        fingerprint: `rollback-failed:${o.intent.action.host}:${o.intent.id}`,
        severity: "critical" as const,
        host: o.intent.action.host,
        subject: o.intent.id,
        title: o.killSwitchFailed
          ? `Rollback of ${o.intent.id} failed, and the kill switch could NOT be engaged`
          : `Rollback of ${o.intent.id} failed: the kill switch is engaged`,
        evidence: [{ kind: "rollback-failed", text: o.problem ?? "rollback failed" }],
      },
      reason: "a failed rollback needs a person: the host may be half-changed, and every change is stopped until the kill switch is removed",
    }));
  const silence = input.freshness?.stale
    ? [
        {
          finding: silenceFinding(input.freshness),
          reason: "the bot cannot vouch for days it did not observe; a person must find out why the daily review stopped",
        },
      ]
    : [];
  const backlog = recordBacklog(ledgers.backlog, {
    date: day,
    findings: input.findings,
    escalations: [...silence, ...broken, ...plan.escalations],
    critique,
    observations: input.observations,
    reverifyDays: config.guardrails.reverifyDays,
    closeOnRecovery: config.guardrails.closeOnRecovery,
  });
  const settled = settleWatch(input.watch, input.checks, day);
  const entry = buildDayEntry({
    date: day,
    inventory: config.inventory,
    protectedHosts: config.guardrails.protected.hosts,
    killSwitch: input.killSwitch,
    outcomes: input.outcomes,
    earlierChanges: changesLoggedOn(ledgers.changelog, day),
    plan,
    findings: input.findings,
    observations: input.observations,
    watchItems: settled.lines,
    escalations: backlog.escalations,
    recoveries: backlog.recoveries,
    trends: trendDeltas(input.observations, input.history, day),
    overhead: input.overhead,
    notes: dailyNotes(ledgers.changelog, day, input.freshness, input.agentNotes),
  });
  const record = compactRun(input.observations, { day, at: now.toISOString(), reviewed: true });
  const recorded = (await readdir(join(dir, HISTORY_DIR)).catch(() => [])).flatMap((f) => /^(\d{4}-\d{2}-\d{2})\.json$/.exec(f)?.[1] ?? []);
  const { prune } = planRetention([...new Set([...recorded, day])].sort(), day);
  const files: Record<string, string | null> = {
    [CHANGELOG_FILE]: upsertDayEntry(ledgers.changelog, entry),
    [BACKLOG_FILE]: backlog.doc.text,
    [WATCH_FILE]: `${JSON.stringify([...settled.open, ...input.opened], null, 2)}\n`,
    [`${HISTORY_DIR}/${day}.json`]: `${JSON.stringify(record)}\n`,
  };
  for (const old of prune) files[`${HISTORY_DIR}/${old}.json`] = null;
  // Every intent this run settled (reconciled or made and finished) leaves with the entry that logs it.
  for (const intent of [...input.intents, ...input.outcomes.map((o) => o.intent)]) files[intentPath(intent.id)] = null;
  return { entry, files };
}

/** Writes the day's receipts in one commit (pushed, with a retry when another push won), or prints them in a dry run. */
export async function writeReceipts(input: ReceiptsInput): Promise<ReviewReceipts> {
  if (input.dryRun) {
    const { entry } = await compose(input.repo.dir, input);
    return { day: input.day, entry, markdown: renderDayEntry(entry) };
  }
  let entry: DayEntry | undefined;
  const { sha } = await input.repo.update(commitMessage(input), async (dir) => {
    const composed = await compose(dir, input);
    entry = composed.entry;
    return writeFiles(dir, composed.files);
  });
  return { day: input.day, entry: entry!, markdown: renderDayEntry(entry!), ...(sha ? { commit: sha } : {}) };
}

/** The changes an earlier run logged today: a re-run keeps them (the ledger is the record, not memory). */
function changesLoggedOn(changelog: string, day: string): AppliedChange[] {
  const [newest] = recentDays(changelog, 1);
  return newest?.date === day ? (parseDayEntry(newest.text).entry.changes ?? []) : [];
}

function commitMessage(input: ReceiptsInput): string {
  const change = input.outcomes.find((o) => o.status !== "refused");
  const head = change
    ? `${change.intent.action.playbook} on ${change.intent.action.host}: ${change.status}`
    : input.plan.escalations.length
      ? `${input.plan.escalations.length} escalation(s), no change`
      : "no change";
  return `Daily review ${input.day}: ${head}\n\n${input.findings.length} finding(s), ${input.plan.held.length} held, ${input.observations.length} observations.`;
}
