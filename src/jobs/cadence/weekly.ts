import { appendFile } from "node:fs/promises";
import { historyStore } from "../../adapters/history-store.ts";
import { OpsRepo } from "../../adapters/ops-repo.ts";
import { requireOpsConfig, workingTree } from "../../config/load-ops-config.ts";
import { auditModules } from "../../core/deep-dive/audit-modules.ts";
import { renderDeepDive, rerankPullRequestBody, type DeepDiveReport } from "../../core/deep-dive/render-deep-dive.ts";
import { rankMemory, rerank, type RankMemory } from "../../core/deep-dive/rerank.ts";
import { weeklyDeltas } from "../../core/deep-dive/weekly-deltas.ts";
import { findAll } from "../../core/findings/find-all.ts";
import { shiftDay } from "../../core/history/lookups.ts";
import { BACKLOG_FILE, CHANGELOG_FILE, OPEN_STATUSES, parseBacklog, parseChangelog, parseDayEntry, rank, renderDayEntry, upsertDayEntry, type DayEntry } from "../../core/ledger/index.ts";
import { localTime } from "../../core/policy/clock.ts";
import { cadenceEntry } from "../../core/review/cadence-entry.ts";
import { recordEscalations } from "../../core/review/record-escalations.ts";
import { silenceFinding } from "../../core/review/freshness.ts";
import type { JobIO } from "../../runner.ts";
import type { AgentClient } from "../../adapters/agent-client.ts";
import { renderAgentNotes } from "../../core/agent/render-agent-notes.ts";
import { readKillSwitch } from "../policy-context.ts";
import { askAgent } from "./ask-agent.ts";
import { readLedgers } from "../review/read-ledgers.ts";
import { readWatch } from "../review/state-files.ts";
import { readFreshness } from "./read-freshness.ts";
import type { Proposals } from "./proposals.ts";
import { proposalsFor } from "./proposals-for.ts";
import { readRankMemory, RANK_FILE } from "./rank-memory.ts";
import { writeFiles } from "./write-files.ts";

export interface CadenceOptions {
  ops: string;
  now: Date;
  dryRun: boolean;
}

export interface CadenceDeps {
  /** Where the re-rank PR and the idea issues go; printed when there is no GitHub. */
  proposals?: Proposals;
  /** The agent for this run; by default one is built from guardrails.yml when `agent.enabled`. */
  agent?: AgentClient;
}

export interface CadenceResult {
  day: string;
  entry: DayEntry;
  markdown: string;
  commit?: string;
}

/**
 * `rounds review --cadence weekly`, the deep-dive. It reads what the daily reviews recorded and
 * never opens a session to a host. 1 open the ops repo; 2 the dead man's switch; 3 score and
 * re-rank the open backlog (a person's order kept unless the evidence changed); 4 audit the
 * modules; 5 week-over-week deltas; 6 propose the re-rank as one pull request; 7 one commit: the
 * day's entry (its own section), the silence escalation if any, and the re-rank memory.
 */
export async function weeklyJob(options: CadenceOptions, io: JobIO, deps: CadenceDeps = {}): Promise<CadenceResult> {
  const repo = await OpsRepo.open(options.ops);
  if (!options.dryRun) {
    await repo.ensureClean();
    await repo.sync();
  }
  const config = await requireOpsConfig(workingTree(repo.dir));
  const day = localTime(options.now, config.guardrails.timezone).date;
  io.progress(`rounds review --cadence weekly ${day}: reading the week's records…`);
  const ledgers = await readLedgers(repo.dir);
  const fresh = await readFreshness(repo.dir, config, options.now);
  if (fresh.stale) io.progress(fresh.message);
  const { records } = await historyStore(repo.dir).read();
  const latest = records.filter((r) => r.day <= day).at(-1);
  const findings = latest ? findAll({ now: options.now, observations: latest.observations, history: { runs: records.filter((r) => r !== latest) }, config, watchItems: [] }) : [];
  const eta = new Map(findings.flatMap((f) => (f.forecast?.kind === "eta" ? [[f.fingerprint, f.forecast.days] as const] : [])));
  const open = ledgers.backlog.items.filter((i) => OPEN_STATUSES.includes(i.status));
  const memory = await readRankMemory(repo.dir);
  const ranked = rerank(open, day, eta, memory);
  const week = parseChangelog(ledgers.changelog).days.filter((d) => d.date > shiftDay(day, -7)).map((d) => parseDayEntry(d.text).entry);
  const report: DeepDiveReport = {
    rerank: ranked, open, deltas: weeklyDeltas(records, day),
    audit: auditModules({ config, today: day, latest, changelog: ledgers.changelog, week, watch: await readWatch(repo.dir) }),
  };
  const context = { config, now: options.now, changesToday: 0, locks: [], killSwitch: await readKillSwitch(repo.dir, config, io.env) };
  const agent = await askAgent(config, "weekly", { day, audit: report.audit, deltas: report.deltas, ranking: ranked.scores, findings }, findings.map((f) => f.fingerprint), context, io.env, deps.agent);
  const proposals = deps.proposals ?? proposalsFor(io.env, io.print);
  let nextMemory: RankMemory | undefined;
  if (ranked.changed && !options.dryRun) {
    report.proposal = await proposals.ensureRerank({
      day, title: `Backlog re-rank ${day}`, body: rerankPullRequestBody(report, day),
      files: [{ path: BACKLOG_FILE, content: rank(ledgers.backlog, ranked.order).doc.text }],
    });
    nextMemory = rankMemory(open, ranked.order, day);
  }
  const compose = (changelog: string, backlogText: string) => {
    const entry = cadenceEntry(changelog, day, "weekly", [...renderDeepDive(report), ...(agent ? renderAgentNotes(agent.notes) : [])], fresh);
    const files: Record<string, string> = { [CHANGELOG_FILE]: upsertDayEntry(changelog, entry) };
    if (fresh.stale) files[BACKLOG_FILE] = recordEscalations(parseBacklog(backlogText), [{ finding: silenceFinding(fresh), reason: "the bot cannot vouch for days it did not observe; a person must find out why the daily review stopped" }], [], day).doc.text;
    if (nextMemory) files[RANK_FILE] = `${JSON.stringify(nextMemory, null, 2)}\n`;
    return { entry, files };
  };
  let result: CadenceResult;
  if (options.dryRun) {
    const { entry } = compose(ledgers.changelog, ledgers.backlog.text);
    result = { day, entry, markdown: renderDayEntry(entry) };
  } else {
    let entry: DayEntry | undefined;
    const { sha } = await repo.update(`Weekly deep-dive ${day}: ${ranked.changed ? "re-rank proposed" : "order unchanged"}, ${report.audit.length} audit finding(s)${fresh.stale ? ", review silence escalated" : ""}`, async (dir) => {
      const now = await readLedgers(dir);
      const composed = compose(now.changelog, now.backlog.text);
      entry = composed.entry;
      return writeFiles(dir, composed.files);
    });
    result = { day, entry: entry!, markdown: renderDayEntry(entry!), ...(sha ? { commit: sha } : {}) };
  }
  if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, `${result.markdown}\n`);
  io.print(result.markdown.trimEnd());
  return result;
}

