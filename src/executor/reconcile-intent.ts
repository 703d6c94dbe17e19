import type { ChangeOutcome } from "../core/change/change-record.ts";
import type { Intent } from "../core/change/change-record.ts";
import type { ChangePorts } from "./change-ports.ts";
import { rollBack } from "./execute-change.ts";
import { runStep } from "./run-step.ts";
import { storedStepsProblem } from "./stored-steps.ts";
import type { OpsConfig } from "../config/ops-config.ts";

/**
 * An intent left in the ops repo means a run died between committing it and logging the change. The
 * change may or may not have been applied: verify it; if it holds, log it; if not, roll it back.
 * Never forgotten, never applied a second time.
 */
export async function reconcileIntent(intent: Intent, ports: ChangePorts, config: OpsConfig): Promise<ChangeOutcome> {
  // The intent is read back from the ops repo: nothing in it runs unless the catalogue vouches for it.
  const problem = storedStepsProblem(config, {
    changeId: intent.id,
    action: intent.action,
    snapshotDir: intent.snapshotDir,
    verify: intent.verify,
    rollback: intent.rollback,
  });
  if (problem)
    return { intent, status: "refused", steps: [], problem: `the intent in state/ was not run: ${problem}; a person must check ${intent.action.host} by hand` };
  const steps = [];
  for (const step of intent.verify) steps.push(await runStep("verify", step, ports));
  const failed = steps.find((s) => !s.ok);
  const interrupted = `run interrupted after the intent was committed (${intent.startedAt})`;
  if (!failed) return { intent, status: "applied", steps, problem: `${interrupted}; the change verified on the next run and is logged now` };
  return rollBack(intent, ports, steps, `${interrupted}; verify failed on the next run (${failed.text}: ${failed.detail})`);
}
