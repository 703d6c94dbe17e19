import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { historyStore } from "../../adapters/history-store.ts";
import { OpsRepo } from "../../adapters/ops-repo.ts";
import { requireOpsConfig, workingTree } from "../../config/load-ops-config.ts";
import { BACKLOG_FILE, CHANGELOG_FILE, IDEAS_FILE, LedgerError, checkLedger, parseBacklog, parseIdeas, renderDayEntry, upsertDayEntry, type DayEntry, type IdeasDoc } from "../../core/ledger/index.ts";
import { localTime } from "../../core/policy/clock.ts";
import { agentIdea, proposeIdeas } from "../../core/research/propose-ideas.ts";
import { renderAgentNotes } from "../../core/agent/render-agent-notes.ts";
import { readKillSwitch } from "../policy-context.ts";
import { askAgent } from "./ask-agent.ts";
import { recordIdeas } from "../../core/research/record-ideas.ts";
import { ideaIssueBody, renderResearch } from "../../core/research/render-research.ts";
import { cadenceEntry } from "../../core/review/cadence-entry.ts";
import { silenceFinding } from "../../core/review/freshness.ts";
import { recordEscalations } from "../../core/review/record-escalations.ts";
import type { JobIO } from "../../runner.ts";
import { readLedgers } from "../review/read-ledgers.ts";
import { proposalsFor } from "./proposals-for.ts";
import { readFreshness } from "./read-freshness.ts";
import type { CadenceDeps, CadenceOptions, CadenceResult } from "./weekly.ts";
import { writeFiles } from "./write-files.ts";


async function readIdeas(dir: string): Promise<IdeasDoc> {
  const text = await readFile(join(dir, IDEAS_FILE), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "# Ideas\n\n## Ideas\n";
    throw error;
  });
  const problems = checkLedger(IDEAS_FILE, text);
  if (problems.length) throw new LedgerError(problems);
  return parseIdeas(text);
}

/**
 * `rounds review --cadence research`: proposes ideas from recorded evidence and never touches a
 * host — it builds no transport and loads no SSH identity at all. 1 open the ops repo; 2 the dead
 * man's switch; 3 the rules' ideas (and the agent's, when one is configured); 4 IDEAS.md through
 * the re-pitch rule (the agent's ideas too, when one is configured, after the rules'); 5 an issue per new or re-proposed idea; 6 one commit: IDEAS.md and the day's
 * entry with what was proposed and what was held back, and why.
 */
export async function researchJob(options: CadenceOptions, io: JobIO, deps: CadenceDeps = {}): Promise<CadenceResult> {
  const repo = await OpsRepo.open(options.ops);
  if (!options.dryRun) {
    await repo.ensureClean();
    await repo.sync();
  }
  const config = await requireOpsConfig(workingTree(repo.dir));
  const day = localTime(options.now, config.guardrails.timezone).date;
  io.progress(`rounds review --cadence research ${day}: reading the recorded evidence…`);
  const ledgers = await readLedgers(repo.dir);
  const fresh = await readFreshness(repo.dir, config, options.now);
  if (fresh.stale) io.progress(fresh.message);
  const { records } = await historyStore(repo.dir).read();
  const rules = proposeIdeas({ config, today: day, records: records.filter((r) => r.day <= day), backlog: ledgers.backlog });
  const latest = records.filter((r) => r.day <= day).at(-1);
  const context = { config, now: options.now, changesToday: 0, locks: [], killSwitch: await readKillSwitch(repo.dir, config, io.env) };
  const agent = await askAgent(config, "research", { day, ideas: rules, observations: latest?.observations ?? [] }, [], context, io.env, deps.agent);
  const proposals = [...rules, ...(agent?.answer?.ideas ?? []).map((i) => agentIdea(i, day)).filter((p) => !rules.some((r) => r.fingerprint === p.fingerprint))];
  const factor = config.guardrails.materialChangeFactor;
  const outlet = deps.proposals ?? proposalsFor(io.env, io.print);
  const issues = new Map<string, string>();
  const preview = recordIdeas(await readIdeas(repo.dir), proposals, day, factor);
  if (!options.dryRun) {
    for (const r of preview.recorded.filter((x) => x.outcome !== "existing")) issues.set(r.idea.id, await outlet.ensureIdeaIssue({ id: r.idea.id, title: r.idea.title, body: ideaIssueBody(r) }));
  }
  const compose = async (dir: string, changelog: string, backlogText: string) => {
    const ideas = recordIdeas(await readIdeas(dir), proposals, day, factor);
    const entry = cadenceEntry(changelog, day, "research", [...renderResearch(ideas.recorded, ideas.heldBack, issues), ...(agent ? renderAgentNotes(agent.notes) : [])], fresh);
    const files: Record<string, string> = { [CHANGELOG_FILE]: upsertDayEntry(changelog, entry), [IDEAS_FILE]: ideas.doc.text };
    if (fresh.stale) files[BACKLOG_FILE] = recordEscalations(parseBacklog(backlogText), [{ finding: silenceFinding(fresh), reason: "the bot cannot vouch for days it did not observe; a person must find out why the daily review stopped" }], [], day).doc.text;
    return { entry, files };
  };
  let result: CadenceResult;
  if (options.dryRun) {
    const { entry } = await compose(repo.dir, ledgers.changelog, ledgers.backlog.text);
    result = { day, entry, markdown: renderDayEntry(entry) };
  } else {
    let entry: DayEntry | undefined;
    const { sha } = await repo.update(`Research run ${day}: ${preview.recorded.filter((r) => r.outcome !== "existing").length} idea(s) proposed, ${preview.heldBack.length} held back`, async (dir) => {
      const now = await readLedgers(dir);
      const composed = await compose(dir, now.changelog, now.backlog.text);
      entry = composed.entry;
      return writeFiles(dir, composed.files);
    });
    result = { day, entry: entry!, markdown: renderDayEntry(entry!), ...(sha ? { commit: sha } : {}) };
  }
  if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, `${result.markdown}\n`);
  io.print(result.markdown.trimEnd());
  return result;
}
