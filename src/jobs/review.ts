import { appendFile } from "node:fs/promises";
import { countingSession, emptyOverhead } from "../probes/counting-session.ts";
import { RefusedError } from "../errors.ts";
import { monotonicClock } from "../adapters/monotonic-clock.ts";
import type { MonotonicClock } from "../executor/change-ports.ts";
import { historyStore } from "../adapters/history-store.ts";
import type { HostSession, Transport } from "../adapters/ports.ts";
import { createSshTransport } from "../adapters/ssh-transport.ts";
import type { OpsConfig } from "../config/ops-config.ts";
import type { ChangeOutcome } from "../core/change/change-record.ts";
import { findAll } from "../core/findings/find-all.ts";
import { countChanges } from "../core/ledger/index.ts";
import { withAgentRisks } from "../core/agent/stricter-plan.ts";
import { plan } from "../core/plan.ts";
import type { PolicyContext } from "../core/policy/decision.ts";
import { asFindingsWatchItem, watchEntryFor } from "../core/review/watch-entry.ts";
import type { ChangePorts } from "../executor/change-ports.ts";
import { executeChange } from "../executor/execute-change.ts";
import { reconcileIntent } from "../executor/reconcile-intent.ts";
import type { JobIO } from "../runner.ts";
import { observeFleet } from "./observe-fleet.ts";
import { publishToGitHub } from "./publish-to-github.ts";
import { forgeFromEnv } from "../adapters/github/forge-from-env.ts";
import { REPLY_MARKER } from "../handlers/forge-for.ts";
import { attendedRunner } from "./attended/apply-approved.ts";
import { askAgent } from "./cadence/ask-agent.ts";
import { changePortsFor } from "./review/change-ports.ts";
import { checkWatch } from "./review/check-watch.ts";
import { readLocks } from "./review/open-locks.ts";
import { openRound } from "./review/open-round.ts";
import { readIntents, readWatch } from "./review/state-files.ts";
import { writeReceipts, type ReviewReceipts } from "./review/write-receipts.ts";
import { loadParsers } from "../adapters/parsers.ts";

export interface ReviewOptions {
  ops: string;
  now: Date;
  dryRun: boolean;
}

export interface ReviewDeps {
  /** Both identities' transport; SSH from the inventory by default, the local one in the demo. */
  transport?: (config: OpsConfig, opsDir: string, env: NodeJS.ProcessEnv) => Transport & { close?: () => Promise<void> };
  /** Waits and deadlines; the real monotonic clock by default. */
  clock?: MonotonicClock;
}

const sshTransport: NonNullable<ReviewDeps["transport"]> = (config, baseDir, env) => createSshTransport({ inventory: config.inventory, baseDir, env });

/**
 * `rounds review`: the daily rounds. 1 open the ops repo and read the boundary; 2 observe (read-only);
 * 3 reconcile an interrupted change, and run approved changes that were held for their window;
 * 4 re-verify watched changes; 5 find and plan; 6 apply at most one change; 7 write the receipts in
 * one commit; 8 publish escalations. A dry run changes and writes nothing.
 */
export async function reviewJob(options: ReviewOptions, io: JobIO, deps: ReviewDeps = {}): Promise<ReviewReceipts> {
  const started = performance.now();
  const now = () => options.now;
  const clock = deps.clock ?? monotonicClock;
  const budgetStart = clock.now();
  // 1. The ops repo, from the default branch, and the trust boundary.
  const { repo, config, day, ledgers, killSwitch, fresh: found } = await openRound(options, io);
  // The dead man's switch: a gap since the last review is loud (a brand-new ops repo has none yet).
  const freshness = found.neverReviewed ? { ...found, stale: false } : found;
  if (freshness.stale) io.progress(freshness.message);
  const log = io.log?.child({ job: "review", day });
  const transport = (deps.transport ?? sshTransport)(config, repo.dir, io.env);
  const sessions: HostSession[] = [];
  const operatorOverhead = emptyOverhead();
  const ports = new Map<string, Promise<ChangePorts>>();
  const portsFor = (host: string) => {
    if (!ports.has(host)) {
      const spec = config.inventory.hosts.find((h) => h.name === host);
      if (!spec) return Promise.reject(new Error(`host ${host} is no longer in inventory.yml`));
      const deadline = budgetStart + config.guardrails.reviewBudgetMinutes * 60_000;
      // The operator's commands and bytes count in the receipts like the observer's.
      ports.set(
        host,
        changePortsFor(spec, { config, transport, repo, env: io.env, now, clock, deadline }).then(
          (p) => (sessions.push(p.session), { ...p, session: countingSession(p.session, operatorOverhead) }),
        ),
      );
    }
    return ports.get(host)!;
  };
  try {
    // 2. Observe everything, read-only, with the observer identity.
    io.progress(`rounds review ${day}: observing ${config.inventory.hosts.length} hosts…`);
    const fleet = await observeFleet({
      config,
      env: io.env,
      transport,
      now,
      onProgress: (p) => io.progress(`  ${p.probe} ${p.target}: ${p.outcome} (${Math.round(p.durationMs)} ms)${p.total ? ` [${p.done}/${p.total}]` : ""}`),
    });
    log?.info(
      {
        observations: fleet.observations.length,
        faults: fleet.observations.filter((o) => o.kind === "fault").length,
        wallMs: Math.round(fleet.overhead.wallMs),
      },
      "fleet observed",
    );
    const outcomes: ChangeOutcome[] = [];
    const mayTouch = !options.dryRun && !killSwitch.engaged;
    // 3. An intent left behind means a run died between apply and log: verify it, or roll it back.
    const intents = await readIntents(repo.dir);
    if (mayTouch) for (const intent of intents) outcomes.push(await reconcileIntent(intent, await portsFor(intent.action.host), config));
    // An approved attended change that waited for its window (or a lock, or a busy period) runs now if it may.
    if (mayTouch) {
      const attended = attendedRunner({ dir: repo.dir, io: { env: io.env, now } });
      for (const held of await attended.heldChanges()) {
        const { summary } = await attended.continuePhasedChange({ backlogId: held.backlogId, pr: held.pr, by: "rounds", at: options.now });
        io.progress(`  approved change ${held.backlogId} (PR #${held.pr}): ${summary.split("\n")[0]}`);
        // The PR hears how its approval ended; a GitHub failure here must not undo the run's receipts.
        await forgeFromEnv(io.env)
          ?.comment(held.pr, `${REPLY_MARKER}\nThe approved change ran in today's review (it was held until it could):\n\n${summary}\n`)
          .catch((error: unknown) => io.progress(`  could not comment on PR #${held.pr}: ${error instanceof Error ? error.message : String(error)}`));
        log?.info({ backlogId: held.backlogId, pr: held.pr, summary }, "held attended change retried");
      }
    }
    // 4. Yesterday's changes are re-verified until they have held for reverifyDays.
    const watch = await readWatch(repo.dir);
    const checks = mayTouch ? await checkWatch(watch, portsFor, now, config) : new Map();
    // 5. Findings and the plan, both pure.
    const history = await historyStore(repo.dir).read();
    const findings = findAll({
      now: options.now,
      observations: fleet.observations,
      history: { runs: history.records },
      config,
      watchItems: watch.map((w) => asFindingsWatchItem(w, checks.get(w.id))),
    });
    const context: PolicyContext = {
      config,
      now: options.now,
      cadence: "daily",
      killSwitch,
      parsers: await loadParsers(),
      changesToday: countChanges(ledgers.changelog, day, "unattended"),
      locks: await readLocks(repo.dir, ledgers.backlog),
    };
    // The optional agent (agent.enabled): its risks can only take the planned change away; its picks and words are notes.
    const rulesPlan = plan(findings, context);
    const agent = await askAgent(
      config,
      "daily",
      { findings, plan: rulesPlan },
      findings.map((f) => f.fingerprint),
      context,
      io.env,
    );
    const planned = withAgentRisks(rulesPlan, context, agent?.answer);
    // Invariant 1: every decision is logged, whatever it was.
    for (const { action, decision } of planned.decisions) log?.info({ action, verdict: decision.verdict, reasons: decision.reasons }, "policy decision");
    // 6. At most one change, with the full discipline.
    // 6. The planned changes, in order, each with the full discipline; one that did not hold stops the rest.
    const attempted: ChangeOutcome[] = [];
    for (const { action, finding } of mayTouch ? planned.changes : []) {
      io.progress(`  applying ${action.playbook} on ${action.host} for: ${finding.title}`);
      const id = `C-${day}-${action.playbook}-${action.host}${attempted.length > 0 ? `-${attempted.length + 1}` : ""}`;
      const outcome = await executeChange(
        { id, action, why: finding.title, fingerprint: finding.fingerprint, snapshotRoot: config.inventory.ssh.snapshotRoot },
        { ...context, changesToday: context.changesToday + attempted.length },
        await portsFor(action.host),
      );
      attempted.push(outcome);
      outcomes.push(outcome);
      if (outcome.status !== "applied") break;
    }
    for (const o of outcomes) log?.info({ change: o.intent.id, status: o.status, problem: o.problem, decision: o.intent.decision }, "change finished");
    // A failed rollback whose kill switch could not be engaged: loud now, and the run fails below.
    const unstopped = outcomes.filter((o) => o.killSwitchFailed !== undefined);
    for (const o of unstopped) {
      io.progress(
        `rounds: THE KILL SWITCH COULD NOT BE ENGAGED after the failed rollback of ${o.intent.id}: ${o.killSwitchFailed}. Create ${config.guardrails.killSwitch.file} in the ops repo (or set ${config.guardrails.killSwitch.env}) by hand now.`,
      );
      log?.fatal({ change: o.intent.id, error: o.killSwitchFailed }, "kill switch could not be engaged");
    }
    // A dry run shows the change it would have made, as held for that reason.
    const notAttempted = mayTouch
      ? planned.changes
          .slice(attempted.length)
          .map((c) => ({ finding: c.finding, action: c.action, reason: "not attempted: an earlier change in this run did not hold" }))
      : [];
    const shown =
      options.dryRun && planned.changes.length > 0
        ? {
            ...planned,
            held: [
              ...planned.changes.map((c) => ({ finding: c.finding, action: c.action, reason: "dry run: the policy allows it; a real run would apply it now" })),
              ...planned.held,
            ],
          }
        : { ...planned, held: [...notAttempted, ...planned.held] };
    const opened = outcomes
      .filter((o) => o.status === "applied" && o.intent.fingerprint)
      .map((o) => watchEntryFor(o, o.intent.fingerprint!, day, config.guardrails.reverifyDays));
    // 7. The receipts: CHANGELOG, BACKLOG, state and history, in one commit (or printed, in a dry run).
    const receipts = await writeReceipts({
      repo,
      config,
      day,
      now: options.now,
      dryRun: options.dryRun,
      killSwitch,
      findings,
      plan: shown,
      outcomes,
      watch,
      opened,
      checks,
      observations: fleet.observations,
      history: history.records,
      intents,
      freshness,
      ...(agent ? { agentNotes: agent.notes } : {}),
      overhead: {
        durationMs: performance.now() - started,
        commands: fleet.overhead.ssh.commands + operatorOverhead.commands,
        bytesIn: fleet.overhead.ssh.bytesIn + operatorOverhead.bytesIn,
        bytesOut: fleet.overhead.ssh.bytesOut + operatorOverhead.bytesOut,
      },
    });
    log?.info({ kind: receipts.entry.kind, commit: receipts.commit, escalations: planned.escalations.length, held: planned.held.length }, "receipts recorded");
    // 8. Escalations become pull requests (or issues) on GitHub; without GitHub, printed.
    if (!options.dryRun) await publishToGitHub({ repo, config, escalations: planned.escalations, day, base: repo.branch, env: io.env, progress: io.progress });
    if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, `${receipts.markdown}\n`);
    io.print(receipts.markdown.trimEnd());
    io.print(
      options.dryRun
        ? "\n(dry run: nothing was changed or written)"
        : receipts.commit
          ? `\nRecorded in ${repo.dir} as ${receipts.commit.slice(0, 12)}.`
          : "\nNothing new to record.",
    );
    if (unstopped.length > 0)
      throw new RefusedError(
        `a rollback failed and the kill switch could not be engaged (${unstopped.map((o) => `${o.intent.id}: ${o.killSwitchFailed}`).join("; ")}): stop the bot by hand`,
      );
    return receipts;
  } finally {
    await Promise.allSettled(sessions.map((s) => s.close()));
    await transport.close?.();
  }
}
