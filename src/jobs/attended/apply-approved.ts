import { readFile } from "node:fs/promises";
import { monotonicClock } from "../../adapters/monotonic-clock.ts";
import { join } from "node:path";
import { approvalHash } from "../../adapters/github/approval-hash.ts";
import { OpsRepo } from "../../adapters/ops-repo.ts";
import { writeFiles } from "../../adapters/write-files.ts";
import type { Transport } from "../../adapters/ports.ts";
import { createSshTransport } from "../../adapters/ssh-transport.ts";
import type { OpsConfig } from "../../config/ops-config.ts";
import { requireOpsConfig, workingTree } from "../../config/load-ops-config.ts";
import type { ChangeOutcome } from "../../core/change/change-record.ts";
import { changeRequestPath, parseChangeRequest, type ChangeRequest } from "../../core/escalation/change-request.ts";
import { renderChangePlan } from "../../core/escalation/render-change-plan.ts";
import { BACKLOG_FILE, CHANGELOG_FILE, parseDayEntry, recentDays, setStatus, upsertDayEntry, type DayEntry } from "../../core/ledger/index.ts";
import { localTime } from "../../core/policy/clock.ts";
import type { PolicyContext } from "../../core/policy/decision.ts";
import { appliedChange, changesKind } from "../../core/review/build-day-entry.ts";
import { executeChange } from "../../executor/execute-change.ts";
import type { ApprovedChange, ChangeRunner } from "../../handlers/handler-deps.ts";
import type { JobIO } from "../../runner.ts";
import { readKillSwitch } from "../policy-context.ts";
import { changePortsFor } from "../review/change-ports.ts";
import { readLocks } from "../review/open-locks.ts";
import { readLedgers } from "../review/read-ledgers.ts";
import { intentPath } from "../review/state-files.ts";
import { heldChanges, phasePath, readPhaseState, type PhaseState } from "./phase-state.ts";
import { loadParsers } from "../../adapters/parsers.ts";

/** Rules that only say "not now": an approved change they refuse waits instead of being dropped. */
const SCHEDULE = new Set(["attended-window", "lock", "busy", "kill-switch"]);

/** Why an approved change waits, when a refusal came from its schedule alone (and waiting is configured). */
function heldBy(outcome: ChangeOutcome, config: OpsConfig): string | undefined {
  if (outcome.status !== "refused") return undefined;
  const blocking = outcome.intent.decision.filter((r) => r.verdict !== "allow");
  if (blocking.length === 0 || !blocking.every((r) => SCHEDULE.has(r.rule))) return undefined;
  if (blocking.some((r) => r.rule === "attended-window") && !config.guardrails.attended.waitForWindow) return undefined;
  return blocking.map((r) => r.detail).join("; ");
}

export interface AttendedRunnerOptions {
  /** The ops repo's working tree: the Actions checkout, or the server's clone of the event's repository. */
  dir: string;
  io: Pick<JobIO, "env" | "now">;
  transport?: (config: OpsConfig, dir: string) => Transport & { close?: () => Promise<void> };
}

/**
 * The attended half of the change discipline: after a merge (or a `/continue`) the approved change
 * runs through the same executor as an unattended one — policy (with the approval hash checked
 * against what is about to run), snapshot, rollback check, intent, apply, verify, rollback — then
 * the CHANGELOG entry and the backlog item are written. A phased change stops at every gate.
 */
export function attendedRunner(options: AttendedRunnerOptions): ChangeRunner & { heldChanges: () => Promise<PhaseState[]> } {
  const transportFor = options.transport ?? ((config, dir) => createSshTransport({ inventory: config.inventory, baseDir: dir, env: options.io.env }));

  async function runPhase(state: PhaseState, request: ChangeRequest, config: OpsConfig, dir: string): Promise<string> {
    const repo = await OpsRepo.open(dir);
    const now = options.io.now();
    const plan = renderChangePlan(config, request);
    if (!plan.ok) return `Not applied: the change no longer renders on the default branch: ${plan.problems.join("; ")}`;
    const currentHash = approvalHash(request, plan.plan);
    const playbook = config.playbooks.find((p) => p.id === request.playbook)!;
    const phase = playbook.phases?.[state.next];
    const ledgers = await readLedgers(dir);
    const context: PolicyContext = {
      config,
      now,
      cadence: "event",
      changesToday: 0,
      parsers: await loadParsers(),
      killSwitch: await readKillSwitch(dir, config, options.io.env),
      // The change's own approved request locks its host against everyone but itself.
      locks: (await readLocks(dir, ledgers.backlog)).filter((l) => l.ref !== request.backlogId),
      approval: { pr: state.pr, mergeCommit: state.mergeCommit, approvedHash: state.approvalHash, currentHash },
    };
    const transport = transportFor(config, dir);
    try {
      const host = config.inventory.hosts.find((h) => h.name === request.host);
      if (!host) return `Not applied: host ${request.host} is not in inventory.yml`;
      const ports = await changePortsFor(host, {
        config,
        transport,
        repo,
        env: options.io.env,
        now: () => options.io.now(),
        clock: monotonicClock,
        deadline: monotonicClock.now() + config.guardrails.reviewBudgetMinutes * 60_000,
      });
      try {
        const outcome = await executeChange(
          {
            id: request.backlogId,
            action: { playbook: request.playbook, host: request.host, params: request.params, mode: "attended", source: "human" },
            why: `approved by @${state.merger}'s merge of PR #${state.pr}${phase ? ` — phase ${state.next + 1} of ${state.total}: ${phase.name}` : ""}`,
            snapshotRoot: config.inventory.ssh.snapshotRoot,
            approval: { pr: state.pr, mergeCommit: state.mergeCommit, hash: state.approvalHash },
            ...(phase ? { stage: { apply: phase.apply, verify: phase.verify, ...(phase.rollback ? { rollback: phase.rollback } : {}) } } : {}),
          },
          context,
          ports,
        );
        return await record(repo, config, state, outcome, phase?.name);
      } finally {
        await ports.session.close();
      }
    } finally {
      await transport.close?.();
    }
  }

  /** Logs the outcome: the day's CHANGELOG entry gains the change; the item is done after the last phase. */
  async function record(repo: OpsRepo, config: OpsConfig, state: PhaseState, outcome: ChangeOutcome, phaseName: string | undefined): Promise<string> {
    const now = options.io.now();
    const day = localTime(now, config.guardrails.timezone).date;
    const last = outcome.status === "applied" && state.next + 1 >= state.total;
    const gated = outcome.status === "applied" && !last;
    const held = heldBy(outcome, config);
    await repo.update(`Attended change ${state.backlogId} (PR #${state.pr}): ${outcome.status}${phaseName ? ` — ${phaseName}` : ""}`, async (dir) => {
      const { held: _was, ...waiting } = state;
      const files: Record<string, string | null> = {
        [intentPath(outcome.intent.id)]: null,
        // Kept while the change waits (at a gate, or held by its schedule); gone once it ended.
        [phasePath(state.backlogId)]: held || gated ? `${JSON.stringify(held ? { ...waiting, held } : { ...waiting, next: state.next + 1 }, null, 2)}\n` : null,
      };
      if (outcome.status !== "refused") {
        const ledgers = await readLedgers(dir);
        const [newest] = recentDays(ledgers.changelog, 1);
        const earlier: DayEntry = newest?.date === day ? parseDayEntry(newest.text).entry : { date: day, kind: "change-applied" };
        const changes = [...(earlier.changes ?? []), { ...appliedChange(outcome), pr: state.prUrl }];
        // "No change applied (system healthy)" no longer holds once a change was applied.
        const before = earlier.kind === "healthy" ? undefined : earlier.result;
        const result = `${before ? `${before} ` : ""}Attended change ${state.backlogId} (PR #${state.pr}): ${outcome.status}${outcome.problem ? ` — ${outcome.problem}` : ""}.`;
        files[CHANGELOG_FILE] = upsertDayEntry(ledgers.changelog, { ...earlier, kind: changesKind(changes) ?? earlier.kind, result, changes });
        if (last) {
          files[BACKLOG_FILE] = setStatus(ledgers.backlog, state.backlogId, "done", day, {
            note: `applied after @${state.merger}'s approval`,
            link: { label: `PR #${state.pr}`, url: state.prUrl },
          }).doc.text;
        }
      }
      return writeFiles(dir, files);
    });
    const steps = outcome.steps
      .map((s) => `- ${s.ok ? "✓" : "✗"} ${s.stage}: \`${s.text.replaceAll("`", "'")}\`${s.detail ? ` — ${s.detail}` : ""}`)
      .join("\n");
    if (held) return `**held**: ${held}. The approval stands: the first review inside the attended window runs it (or comment \`/continue\` then).`;
    const next = gated
      ? `\n\nPhase ${state.next + 1} of ${state.total} is done and verified. Comment \`/continue\` to run the next phase; nothing more runs until then.`
      : "";
    return `**${outcome.status}**${phaseName ? ` (${phaseName})` : ""}${outcome.problem ? `: ${outcome.problem}` : ""}\n\n${steps}${next}${last ? `\n\n${state.backlogId} is done.` : ""}`;
  }

  return {
    heldChanges: () => heldChanges(options.dir),
    async applyApprovedChange(change: ApprovedChange) {
      const { dir } = options;
      const playbook = change.config.playbooks.find((p) => p.id === change.changeRequest.playbook);
      const state: PhaseState = {
        backlogId: change.changeRequest.backlogId,
        pr: change.pr.number,
        prUrl: change.pr.url,
        mergeCommit: change.mergeCommit,
        approvalHash: change.approvalHash,
        merger: change.merger,
        next: 0,
        total: playbook?.phases?.length ?? 1,
      };
      return { summary: await runPhase(state, change.changeRequest, change.config, dir) };
    },
    async continuePhasedChange(request) {
      const { dir } = options;
      const state = await readPhaseState(dir, request.backlogId);
      if (!state) return { summary: `${request.backlogId} has no phased change waiting at a gate; nothing to continue.` };
      // Configuration and the change request from the default branch now; the approval hash still binds them.
      const config = await requireOpsConfig(workingTree(dir));
      const path = changeRequestPath(request.backlogId);
      const { value, issues } = parseChangeRequest(path, await readFile(join(dir, path), "utf8"));
      if (!value) return { summary: `Not continued: ${issues.map((i) => i.message).join("; ")}` };
      return { summary: await runPhase(state, value, config, dir) };
    },
  };
}
