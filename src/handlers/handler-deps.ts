import type { Context } from "probot";
import type { OpsConfig } from "../config/ops-config.ts";
import type { RenderedPlan } from "../core/escalation/approval-payload.ts";
import type { ChangeRequest } from "../core/escalation/change-request.ts";

/** What one command did to the ops repo: `changed: false` means it was already so (a repeat). */
export interface EffectOutcome {
  changed: boolean;
  /** One sentence for the reply, e.g. "I-0003 accepted; it is now backlog item B-0012". */
  message: string;
}

/**
 * What the comment commands do to the ops repo. Every method is idempotent: a second identical call
 * changes nothing and says so. `at` is the time of the comment; dates are taken in guardrails' zone.
 */
export interface CommandEffects {
  acceptIdea(id: string, by: string, note: string | undefined, at: Date): Promise<EffectOutcome>;
  rejectIdea(id: string, by: string, reason: string, at: Date): Promise<EffectOutcome>;
  dropItem(id: string, by: string, reason: string, at: Date): Promise<EffectOutcome>;
  markDone(id: string, by: string, at: Date): Promise<EffectOutcome>;
  /** Holds the item's target (its change request's host when there is one): no unattended change there. */
  hold(id: string, by: string, ref: string, at: Date): Promise<EffectOutcome>;
  release(id: string, by: string, at: Date): Promise<EffectOutcome>;
  /** Writes the kill-switch file named in guardrails.yml. */
  engageKillSwitch(by: string, reason: string, ref: string, at: Date): Promise<EffectOutcome>;
}

/**
 * Webhook events already handled, kept in the ops repo's state/: a redelivered event (same
 * X-GitHub-Delivery id) or an already-answered comment is recognised and changes nothing.
 */
export interface ProcessedEvents {
  /** The outcome recorded for the first of these keys that was handled before. */
  find(keys: string[]): Promise<string | undefined>;
  record(keys: string[], outcome: string, at: Date): Promise<void>;
}

/** What a merged escalation pull request hands to the change executor. */
export interface ApprovedChange {
  changeRequest: ChangeRequest;
  /** Guardrails, inventory and playbooks read from the default branch at the merge commit. */
  config: OpsConfig;
  plan: RenderedPlan;
  mergeCommit: string;
  pr: { number: number; url: string };
  /** sha256 of the change request and the rendered steps; the executor refuses a different plan. */
  approvalHash: string;
  merger: string;
}

/** The change executor's entry points for attended changes (provided by the executor). */
export interface ChangeRunner {
  /** Applies an approved change with the full discipline; returns the Markdown result for the PR. */
  applyApprovedChange(change: ApprovedChange): Promise<{ summary: string }>;
  /** Lets a phased change go on past its current gate; returns the Markdown result. */
  continuePhasedChange(request: { backlogId: string; pr: number; by: string; at: Date }): Promise<{ summary: string }>;
}

/** The ops repo as the handlers see it for one event, and the executor working on that same clone. */
export interface OpsRepoAccess {
  effects: CommandEffects;
  events: ProcessedEvents;
  changes: ChangeRunner;
}

export interface HandlerDeps {
  now: () => Date;
  /** Opens the ops repo (the repository the event came from) for writing. */
  opsRepo: (context: Context) => Promise<OpsRepoAccess>;
}
