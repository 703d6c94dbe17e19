import { auditModules } from "../../core/deep-dive/audit-modules.ts";
import { renderDeepDive, rerankPullRequestBody, type DeepDiveReport } from "../../core/deep-dive/render-deep-dive.ts";
import { rankMemory, rerank, type RankMemory } from "../../core/deep-dive/rerank.ts";
import { weeklyDeltas } from "../../core/deep-dive/weekly-deltas.ts";
import { renderAgentNotes } from "../../core/agent/render-agent-notes.ts";
import { findAll } from "../../core/findings/find-all.ts";
import { shiftDay } from "../../core/history/lookups.ts";
import { BACKLOG_FILE, OPEN_STATUSES, parseChangelog, parseDayEntry, rank } from "../../core/ledger/index.ts";
import type { JobIO } from "../../runner.ts";
import { readWatch } from "../review/state-files.ts";
import { askAgent } from "./ask-agent.ts";
import { openCadenceRun, recordCadenceRun, type CadenceDeps, type CadenceOptions, type CadenceResult } from "./cadence-run.ts";
import { proposalsFor } from "./proposals-for.ts";
import { readRankMemory, RANK_FILE } from "./rank-memory.ts";

export type { CadenceDeps, CadenceOptions, CadenceResult } from "./cadence-run.ts";

/**
 * `rounds review --cadence weekly`, the deep-dive. It reads what the daily reviews recorded and
 * never opens a session to a host. 1 open the ops repo, with the dead man's switch; 2 score and
 * re-rank the open backlog (a person's order kept unless the evidence changed); 3 audit the
 * modules; 4 week-over-week deltas; 5 the agent's say, if one is configured; 6 propose the re-rank
 * as one pull request; 7 one commit: the day's entry (its own section), the silence escalation if
 * any, and the re-rank memory.
 */
export async function weeklyJob(options: CadenceOptions, io: JobIO, deps: CadenceDeps = {}): Promise<CadenceResult> {
  const run = await openCadenceRun(options, io, "weekly");
  const { config, day, ledgers, records } = run;
  const latest = records.at(-1);
  const findings = latest
    ? findAll({ now: options.now, observations: latest.observations, history: { runs: records.slice(0, -1) }, config, watchItems: [] })
    : [];
  const eta = new Map(findings.flatMap((f) => (f.forecast?.kind === "eta" ? [[f.fingerprint, f.forecast.days] as const] : [])));
  const open = ledgers.backlog.items.filter((i) => OPEN_STATUSES.includes(i.status));
  const ranked = rerank(open, day, eta, await readRankMemory(run.repo.dir));
  const week = parseChangelog(ledgers.changelog)
    .days.filter((d) => d.date > shiftDay(day, -7))
    .map((d) => parseDayEntry(d.text).entry);
  const report: DeepDiveReport = {
    rerank: ranked,
    open,
    deltas: weeklyDeltas(records, day),
    audit: auditModules({ config, today: day, latest, changelog: ledgers.changelog, week, watch: await readWatch(run.repo.dir) }),
  };
  const agent = await askAgent(
    config,
    "weekly",
    { day, audit: report.audit, deltas: report.deltas, ranking: ranked.scores, findings },
    findings.map((f) => f.fingerprint),
    run.context,
    io.env,
    deps.agent,
  );
  let memory: RankMemory | undefined;
  if (ranked.changed && !options.dryRun) {
    report.proposal = await (deps.proposals ?? proposalsFor(io.env, io.print)).ensureRerank({
      day,
      title: `Backlog re-rank ${day}`,
      body: rerankPullRequestBody(report, day),
      files: [{ path: BACKLOG_FILE, content: rank(ledgers.backlog, ranked.order).doc.text }],
    });
    memory = rankMemory(open, ranked.order, day);
  }
  const message = `Weekly deep-dive ${day}: ${ranked.changed ? "re-rank proposed" : "order unchanged"}, ${report.audit.length} audit finding(s)`;
  return recordCadenceRun(run, options, io, "weekly", message, async () => ({
    section: [...renderDeepDive(report), ...(agent ? renderAgentNotes(agent.notes) : [])],
    ...(memory ? { files: { [RANK_FILE]: `${JSON.stringify(memory, null, 2)}\n` } } : {}),
  }));
}
