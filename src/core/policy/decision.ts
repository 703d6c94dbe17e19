import type { OpsConfig } from "../../config/ops-config.ts";
import type { Parsers } from "./parsers.ts";

/** A change someone (the planner, a merged PR, an agent) wants to make. */
export interface Action {
  playbook: string;
  host: string;
  params: Record<string, string>;
  /** unattended: the bot on its own; attended: after a human approved it by merging a PR. */
  mode: "unattended" | "attended";
  /** Who proposed it. An agent's proposal gets no more rights than a rule's. */
  source?: "rules" | "agent" | "human";
}

/** A target held by someone else's work: an open attended change or a declared busy period. */
export interface Lock {
  host: string;
  /** Glob on a service name; absent = the whole host. */
  service?: string;
  reason: string;
  /** The PR or change that holds the lock. */
  ref?: string;
}

export interface Approval {
  pr: number;
  mergeCommit: string;
  /** sha256 of the change request and its rendered commands, recorded at merge. */
  approvedHash: string;
  /** The same hash computed over what is about to run. */
  currentHash: string;
}

export interface PolicyContext {
  config: OpsConfig;
  now: Date;
  cadence: "daily" | "weekly" | "research" | "event";
  /** Unattended changes already applied today (the guardrails' day), counted from CHANGELOG.md. */
  changesToday: number;
  locks: Lock[];
  killSwitch: { engaged: boolean; reason?: string };
  approval?: Approval;
  /** The shell and SQL parsers (loaded by the adapter, src/adapters/parsers.ts): nothing is decided unparsed. */
  parsers: Parsers;
  /** Extra risk an agent or a reviewer raised; it can only make a decision stricter. */
  raisedRisks?: { rule: string; detail: string }[];
}

export type Verdict = "allow" | "escalate" | "deny";

export interface Reason {
  rule: string;
  detail: string;
  /** The verdict this reason forces; "allow" reasons record checks that passed. */
  verdict: Verdict;
  /** The playbook step it is about, e.g. `steps.apply[0]`, when it is about one. */
  step?: string;
}

export interface Decision {
  verdict: Verdict;
  reasons: Reason[];
}

const SEVERITY: Record<Verdict, number> = { allow: 0, escalate: 1, deny: 2 };

/** The strictest verdict among the reasons wins; no reason at all is a deny (deny by default). */
export function combine(reasons: Reason[]): Decision {
  if (reasons.length === 0) return { verdict: "deny", reasons: [{ rule: "default-deny", detail: "no rule classified this action", verdict: "deny" }] };
  const verdict = reasons.reduce<Verdict>((worst, r) => (SEVERITY[r.verdict] > SEVERITY[worst] ? r.verdict : worst), "allow");
  return { verdict, reasons: [...reasons].sort((a, b) => SEVERITY[b.verdict] - SEVERITY[a.verdict]) };
}
