import { appendFile } from "node:fs/promises";
import { loadParsers } from "../../adapters/parsers.ts";
import type { RootContent } from "mdast";
import type { AgentClient } from "../../adapters/agent-client.ts";
import { historyStore } from "../../adapters/history-store.ts";
import { OpsRepo } from "../../adapters/ops-repo.ts";
import type { OpsConfig } from "../../config/ops-config.ts";
import type { HistoryRecord } from "../../core/history/history-record.ts";
import { BACKLOG_FILE, CHANGELOG_FILE, parseBacklog, renderDayEntry, upsertDayEntry, type DayEntry } from "../../core/ledger/index.ts";
import type { PolicyContext } from "../../core/policy/decision.ts";
import { cadenceEntry } from "../../core/review/cadence-entry.ts";
import { silenceFinding, type Freshness } from "../../core/review/freshness.ts";
import { recordEscalations } from "../../core/review/record-escalations.ts";
import type { JobIO } from "../../runner.ts";
import { readLedgers, type Ledgers } from "../review/read-ledgers.ts";
import { openRound } from "../review/open-round.ts";
import type { Proposals } from "./proposals.ts";
import { writeFiles } from "../../adapters/write-files.ts";

export interface CadenceOptions {
  ops: string;
  now: Date;
  dryRun: boolean;
}

export interface CadenceDeps {
  /** Where the re-rank PR and the idea issues go; GitHub with the App's token, else printed. */
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

/** What a weekly run starts from: the ops repo on its default branch, read, with the dead man's switch. */
export interface CadenceRun {
  repo: OpsRepo;
  config: OpsConfig;
  day: string;
  ledgers: Ledgers;
  fresh: Freshness;
  records: HistoryRecord[];
  /** For the agent's picks: they pass the policy like anyone's proposal. */
  context: Omit<PolicyContext, "cadence">;
}

export async function openCadenceRun(options: CadenceOptions, io: JobIO, cadence: "weekly" | "research"): Promise<CadenceRun> {
  const { repo, config, day, ledgers, fresh, killSwitch } = await openRound(options, io);
  io.progress(`rounds review --cadence ${cadence} ${day}: reading the recorded evidence…`);
  if (fresh.stale) io.progress(fresh.message);
  const records = (await historyStore(repo.dir).read()).records.filter((r) => r.day <= day);
  const context = { config, now: options.now, changesToday: 0, locks: [], killSwitch, parsers: await loadParsers() };
  return { repo, config, day, ledgers, fresh, records, context };
}

/**
 * Records a weekly run in one commit (or prints it, in a dry run): its section of the day's entry,
 * the silence escalation when the dead man's switch fired, and the run's own files. `compose` runs
 * on the working tree as it is at commit time, so a push race redoes it on the fresh state.
 */
export async function recordCadenceRun(
  run: CadenceRun,
  options: CadenceOptions,
  io: JobIO,
  cadence: "weekly" | "research",
  message: string,
  compose: (dir: string) => Promise<{ section: RootContent[]; files?: Record<string, string> }>,
): Promise<CadenceResult> {
  const { day, fresh } = run;
  const files = async (dir: string) => {
    const ledgers = await readLedgers(dir);
    const own = await compose(dir);
    const entry = cadenceEntry(ledgers.changelog, day, cadence, own.section, fresh);
    const out: Record<string, string> = { ...own.files, [CHANGELOG_FILE]: upsertDayEntry(ledgers.changelog, entry) };
    if (fresh.stale)
      out[BACKLOG_FILE] = recordEscalations(
        parseBacklog(ledgers.backlog.text),
        [{ finding: silenceFinding(fresh), reason: "the bot cannot vouch for days it did not observe; a person must find out why the daily review stopped" }],
        [],
        day,
      ).doc.text;
    return { entry, files: out };
  };
  let result: CadenceResult;
  if (options.dryRun) {
    const { entry } = await files(run.repo.dir);
    result = { day, entry, markdown: renderDayEntry(entry) };
  } else {
    let entry: DayEntry | undefined;
    const { sha } = await run.repo.update(`${message}${fresh.stale ? "; review silence escalated" : ""}`, async (dir) => {
      const composed = await files(dir);
      entry = composed.entry;
      return writeFiles(dir, composed.files);
    });
    result = { day, entry: entry!, markdown: renderDayEntry(entry!), ...(sha ? { commit: sha } : {}) };
  }
  if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, `${result.markdown}\n`);
  io.print(result.markdown.trimEnd());
  return result;
}
