import type { Step } from "../../config/schemas/playbook.ts";
import type { Action, Reason } from "../policy/decision.ts";

/** A file copied aside before apply; the copy's checksum must equal the original's. */
export interface Backup {
  path: string;
  copy: string;
  sha256: string;
}

/**
 * Committed to the ops repo before apply: if the run dies between apply and log, the next run
 * finds it and reconciles (verify and log, or roll back). It holds everything needed for that.
 */
export interface Intent {
  id: string;
  action: Action;
  /** The finding the change remedies, so the next run can log it. */
  fingerprint?: string;
  why: string;
  startedAt: string;
  snapshotDir: string;
  backups: Backup[];
  /** The policy's reasons when it allowed the change (invariant 1: the decision is logged). */
  decision: Reason[];
  verify: Step[];
  rollback: Step[];
  approval?: { pr: number; mergeCommit: string; hash: string };
}

export interface StepOutcome {
  stage: "snapshot" | "check" | "apply" | "verify" | "rollback" | "restored";
  text: string;
  ok: boolean;
  detail?: string;
}

export type ChangeStatus =
  /** Applied and verified. */
  | "applied"
  /** Verify failed; rolled back, and the restored state verified. */
  | "rolled-back"
  /** The rollback failed too: the kill switch is engaged. */
  | "rollback-failed"
  /** Stopped before apply: no snapshot, an unchecked rollback, or a policy refusal. Nothing changed. */
  | "refused";

export interface ChangeOutcome {
  intent: Intent;
  status: ChangeStatus;
  steps: StepOutcome[];
  /** One line for the ledger when something went wrong. */
  problem?: string;
  /** The rollback failed and engaging the kill switch failed too: why. Nothing is stopping the next run. */
  killSwitchFailed?: string;
}

/** The rollback as one command line for the ledger: what a person would run by hand. */
export function rollbackCommand(steps: Step[]): string {
  return steps.map((s) => ("ssh" in s ? s.ssh : "sql" in s ? `psql -d ${s.database} -c ${JSON.stringify(s.sql)}` : JSON.stringify(s))).join(" && ");
}
