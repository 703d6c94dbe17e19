import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { renderAgentNotes } from "../../core/agent/render-agent-notes.ts";
import { IDEAS_FILE, LedgerError, checkLedger, parseIdeas, type IdeasDoc } from "../../core/ledger/index.ts";
import { agentIdea, proposeIdeas } from "../../core/research/propose-ideas.ts";
import { recordIdeas } from "../../core/research/record-ideas.ts";
import { ideaIssueBody, renderResearch } from "../../core/research/render-research.ts";
import type { JobIO } from "../../runner.ts";
import { askAgent } from "./ask-agent.ts";
import { openCadenceRun, recordCadenceRun, type CadenceDeps, type CadenceOptions, type CadenceResult } from "./cadence-run.ts";
import { proposalsFor } from "./proposals-for.ts";

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
 * host — it builds no transport and loads no SSH identity at all, and the policy denies every
 * change in this cadence. 1 open the ops repo, with the dead man's switch; 2 the rules' ideas (then
 * the agent's, when one is configured); 3 IDEAS.md through the re-pitch rule; 4 an issue per new or
 * re-proposed idea; 5 one commit: IDEAS.md and the day's entry with what was proposed and what was
 * held back, and why.
 */
export async function researchJob(options: CadenceOptions, io: JobIO, deps: CadenceDeps = {}): Promise<CadenceResult> {
  const run = await openCadenceRun(options, io, "research");
  const { config, day, records } = run;
  const rules = proposeIdeas({ config, today: day, records, backlog: run.ledgers.backlog });
  const agent = await askAgent(
    config,
    "research",
    { day, ideas: rules, observations: records.at(-1)?.observations ?? [] },
    [],
    run.context,
    io.env,
    deps.agent,
  );
  const proposals = [
    ...rules,
    ...(agent?.answer?.ideas ?? []).map((i) => agentIdea(i, day)).filter((p) => !rules.some((r) => r.fingerprint === p.fingerprint)),
  ];
  const factor = config.guardrails.materialChangeFactor;
  const preview = recordIdeas(await readIdeas(run.repo.dir), proposals, day, factor);
  const issues = new Map<string, string>();
  if (!options.dryRun) {
    const outlet = deps.proposals ?? proposalsFor(io.env, io.print);
    for (const r of preview.recorded.filter((x) => x.outcome !== "existing"))
      issues.set(r.idea.id, await outlet.ensureIdeaIssue({ idea: r.idea, body: ideaIssueBody(r) }));
  }
  const message = `Research run ${day}: ${preview.recorded.filter((r) => r.outcome !== "existing").length} idea(s) proposed, ${preview.heldBack.length} held back`;
  return recordCadenceRun(run, options, io, "research", message, async (dir) => {
    const ideas = recordIdeas(await readIdeas(dir), proposals, day, factor);
    return {
      section: [...renderResearch(ideas.recorded, ideas.heldBack, issues), ...(agent ? renderAgentNotes(agent.notes) : [])],
      files: { [IDEAS_FILE]: ideas.doc.text },
    };
  });
}
