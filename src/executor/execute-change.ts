import type { InventoryHost } from "../config/schemas/inventory.ts";
import type { Playbook, PlaybookStep, Step } from "../config/schemas/playbook.ts";
import type { Backup, ChangeOutcome, Intent, StepOutcome } from "../core/change/change-record.ts";
import { decide } from "../core/policy/decide.ts";
import type { Action, PolicyContext } from "../core/policy/decision.ts";
import { describeStep, renderSteps, type Builtins } from "../core/policy/render.ts";
import { vocabularyFor } from "../core/policy/vocabulary.ts";
import type { ChangePorts } from "./change-ports.ts";
import { checkRollback, takeBackups, verifyRestored } from "./snapshot.ts";
import { runStep } from "./run-step.ts";

export interface ChangeRequest {
  id: string;
  action: Action;
  why: string;
  fingerprint?: string;
  /** Where snapshots go on the host; the change's own directory is made below it. */
  snapshotRoot: string;
  approval?: Intent["approval"];
  /** One phase of a phased attended change: its apply and verify (and rollback, if it has its own) replace the playbook's. */
  stage?: { apply: PlaybookStep[]; verify: PlaybookStep[]; rollback?: PlaybookStep[] };
}

/**
 * The change discipline: decide → snapshot → check the rollback → commit the intent → apply →
 * verify → (rollback → verify the restored state) → record. Nothing reaches the host before the
 * policy allowed it here, and nothing is applied before the snapshot and the rollback were checked.
 */
export async function executeChange(request: ChangeRequest, context: PolicyContext, ports: ChangePorts): Promise<ChangeOutcome> {
  const { config } = context;
  const decision = decide(request.action, context);
  const playbook = config.playbooks.find((p) => p.id === request.action.playbook);
  const host = config.inventory.hosts.find((h) => h.name === request.action.host);
  const snapshotDir = `${request.snapshotRoot}/${request.action.host}/${request.id}`;
  const intent: Intent = {
    id: request.id,
    action: request.action,
    fingerprint: request.fingerprint,
    why: request.why,
    startedAt: ports.now().toISOString(),
    snapshotDir,
    backups: [],
    decision: decision.reasons,
    verify: [],
    rollback: [],
    approval: request.approval,
  };
  const refused = (problem: string, steps: StepOutcome[] = []): ChangeOutcome => ({ intent, status: "refused", steps, problem });
  if (decision.verdict !== "allow" || !playbook || !host) {
    return refused(
      `the policy did not allow it (${decision.verdict}): ${decision.reasons
        .filter((r) => r.verdict !== "allow")
        .map((r) => r.detail)
        .join("; ")}`,
    );
  }
  const render = (steps: PlaybookStep[]) => renderFor(playbook, host, steps, request, snapshotDir, config);
  const stage = request.stage ?? playbook.steps;
  const [snapshot, apply, verify, rollback] = [
    render(playbook.steps.snapshot),
    render(stage.apply),
    render(stage.verify),
    render(stage.rollback ?? playbook.steps.rollback),
  ];
  intent.verify = verify;
  intent.rollback = rollback;

  const steps: StepOutcome[] = [];
  const backups: Backup[] = [];
  for (const step of snapshot) {
    const outcome = "backup" in step ? await takeBackups(step.backup, snapshotDir, backups, ports) : await runStep("snapshot", step, ports);
    steps.push(outcome);
    if (!outcome.ok) return refused(`the snapshot failed (${outcome.text}: ${outcome.detail}); nothing was changed`, steps);
  }
  intent.backups = backups;
  const checks = await checkRollback(rollback, backups, ports, apply);
  steps.push(...checks);
  const unchecked = checks.find((c) => !c.ok);
  if (unchecked)
    return refused(
      `the ${unchecked.text.startsWith("apply") ? "apply commands" : "rollback"} could not be checked (${unchecked.text}: ${unchecked.detail}); nothing was changed`,
      steps,
    );

  await ports.recordIntent(intent);
  return finishChange(intent, apply, ports, steps);
}

/** Apply, verify and (if needed) roll back; also how a reconciled intent is finished. */
export async function finishChange(intent: Intent, apply: Step[], ports: ChangePorts, steps: StepOutcome[] = []): Promise<ChangeOutcome> {
  let failed: StepOutcome | undefined;
  for (const step of apply) {
    const outcome = overBudget(ports) ? budgetSpent("apply", step, ports) : await runStep("apply", step, ports);
    steps.push(outcome);
    if (!outcome.ok) {
      failed = outcome;
      break;
    }
  }
  if (!failed) {
    const verified: StepOutcome[] = [];
    for (const step of intent.verify) {
      const outcome = overBudget(ports) ? budgetSpent("verify", step, ports) : await runStep("verify", step, ports);
      verified.push(outcome);
      if (!outcome.ok) break;
    }
    steps.push(...verified);
    failed = verified.find((v) => !v.ok);
    if (!failed) return { intent, status: "applied", steps };
  }
  return rollBack(intent, ports, steps, `${failed.stage} failed: ${failed.text}: ${failed.detail}`);
}

/** Runs the rollback and checks the restored state; a failed rollback stops every further change. */
export async function rollBack(intent: Intent, ports: ChangePorts, steps: StepOutcome[], why: string): Promise<ChangeOutcome> {
  const rolled = await runAll("rollback", intent.rollback, ports);
  steps.push(...rolled);
  const restored = rolled.every((r) => r.ok) ? await verifyRestored(intent.backups, ports) : [];
  steps.push(...restored);
  const broken = [...rolled, ...restored].find((r) => !r.ok);
  if (!broken) return { intent, status: "rolled-back", steps, problem: `${why}; rolled back and the restored state verified` };
  const reason = `rollback of ${intent.id} (${intent.action.playbook} on ${intent.action.host}) failed: ${broken.text}: ${broken.detail}`;
  try {
    await ports.engageKillSwitch(reason);
  } catch (error) {
    // Never report a switch as engaged that is not: the caller must say so loudly and fail the run.
    const failure = error instanceof Error ? error.message : String(error);
    return {
      intent,
      status: "rollback-failed",
      steps,
      killSwitchFailed: failure,
      problem: `${why}; ${reason}; ENGAGING THE KILL SWITCH FAILED (${failure}): nothing stops the next run — create the kill-switch file by hand`,
    };
  }
  return { intent, status: "rollback-failed", steps, problem: `${why}; ${reason}; the kill switch is engaged` };
}

/** The review's time budget is spent: no further step of a change starts (its rollback still does). */
function overBudget(ports: ChangePorts): boolean {
  return ports.deadline !== undefined && ports.clock.now() >= ports.deadline;
}

function budgetSpent(stage: StepOutcome["stage"], step: Step, ports: ChangePorts): StepOutcome {
  const over = Math.round((ports.clock.now() - ports.deadline!) / 1000);
  return {
    stage,
    text: describeStep(step),
    ok: false,
    detail: `not started: the review's time budget ran out ${over} s ago (guardrails.yml: reviewBudgetMinutes)`,
  };
}

async function runAll(stage: StepOutcome["stage"], steps: Step[], ports: ChangePorts): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) outcomes.push(await runStep(stage, step, ports));
  return outcomes;
}

function renderFor(
  playbook: Playbook,
  host: InventoryHost,
  steps: PlaybookStep[],
  request: ChangeRequest,
  snapshotDir: string,
  config: PolicyContext["config"],
): Step[] {
  const builtins: Builtins = { host: host.name, snapshot_dir: snapshotDir, change_id: request.id };
  const rendered = renderSteps(playbook, steps, { params: request.action.params, builtins }, vocabularyFor(config.inventory, host));
  // decide() rendered the same steps with the same values a moment ago; a failure here is a bug.
  if (!rendered.ok) throw new Error(`rendering ${playbook.id} failed after the policy allowed it: ${rendered.problems.join("; ")}`);
  return rendered.steps;
}
