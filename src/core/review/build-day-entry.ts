import type { Inventory } from "../../config/schemas/inventory.ts";
import { rollbackCommand, type ChangeOutcome } from "../change/change-record.ts";
import type { Finding } from "../findings/finding.ts";
import type { AppliedChange, DayEntry, Escalation, Overhead, Recovery, TrendDelta, WatchItem } from "../ledger/day-entry.ts";
import type { Observation } from "../observations/index.ts";
import type { Plan } from "../plan.ts";

export interface ReviewFacts {
  date: string;
  inventory: Inventory;
  protectedHosts: string[];
  killSwitch: { engaged: boolean; reason?: string };
  /** Today's change, if one ran, and intents reconciled from an interrupted run. */
  outcomes: ChangeOutcome[];
  /** Changes already logged by an earlier run today: a re-run keeps them. */
  earlierChanges: AppliedChange[];
  plan: Plan;
  findings: Finding[];
  observations: Observation[];
  watchItems: WatchItem[];
  escalations: Escalation[];
  /** Escalated items whose condition was observed gone (or back) today, closed ones included. */
  recoveries?: Recovery[];
  trends: TrendDelta[];
  overhead: Overhead;
  notes?: string;
}

/** What a change outcome looks like in the ledger. */
export function appliedChange(outcome: ChangeOutcome): AppliedChange {
  const { intent } = outcome;
  const params = Object.entries(intent.action.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  // The applied commands first, then how they were verified (and undone): the entry shows what ran.
  const verification = outcome.steps
    .filter((s) => s.stage === "apply" || s.stage === "verify" || s.stage === "rollback" || s.stage === "restored")
    .map((s) => `${s.ok ? "✓" : "✗"} ${s.stage}: ${s.text}${s.detail ? ` (${s.detail})` : ""}`);
  if (outcome.problem) verification.push(outcome.problem);
  const snapshot = [intent.snapshotDir, ...intent.backups.map((b) => `${b.path} → ${b.copy} (sha256 ${b.sha256.slice(0, 12)})`)].join("; ");
  return {
    mode: intent.action.mode,
    what: `${intent.action.playbook} on ${intent.action.host}${params ? ` (${params})` : ""} — ${outcome.status}`,
    why: intent.why,
    playbook: intent.action.playbook,
    host: intent.action.host,
    snapshot,
    rollbackCommand: rollbackCommand(intent.rollback),
    verification,
    ...(intent.approval ? { approvalHash: intent.approval.hash } : {}),
  };
}

/** What a change line says happened to it (the outcome is the last word of its `what`). */
const statusOf = (change: AppliedChange) => /— ([a-z-]+)$/.exec(change.what)?.[1];

/**
 * The day's kind as its changes make it, whoever made them (the daily review, an attended change):
 * a failed rollback outranks a rolled-back change, which outranks an applied one.
 */
export function changesKind(changes: AppliedChange[]): "kill-switch" | "failed-rolled-back" | "change-applied" | undefined {
  const statuses = new Set(changes.map(statusOf));
  if (statuses.has("rollback-failed")) return "kill-switch";
  if (statuses.has("rolled-back")) return "failed-rolled-back";
  return statuses.has("applied") ? "change-applied" : undefined;
}

function resultOf(facts: ReviewFacts, changes: AppliedChange[]): Pick<DayEntry, "kind" | "result"> {
  const broken = changes.find((c) => statusOf(c) === "rollback-failed");
  if (broken) {
    const stopped = /ENGAGING THE KILL SWITCH FAILED/.test(broken.verification.at(-1) ?? "")
      ? "The kill switch could NOT be engaged: nothing stops the next run until a person creates it."
      : "Every further change is stopped until a person removes the kill switch.";
    return { kind: "kill-switch", result: `Rollback failed — ${broken.verification.at(-1) ?? broken.what}. ${stopped}` };
  }
  if (facts.killSwitch.engaged)
    return {
      kind: "kill-switch",
      result: `Kill switch engaged (${facts.killSwitch.reason ?? "engaged"}): no change was made; observations and escalations continue.`,
    };
  const rolledBack = changes.find((c) => statusOf(c) === "rolled-back");
  if (rolledBack) return { kind: "failed-rolled-back", result: `Change failed and was rolled back: ${rolledBack.verification.at(-1) ?? rolledBack.what}.` };
  const applied = changes.filter((c) => statusOf(c) === "applied");
  if (applied.length > 0)
    return {
      kind: "change-applied",
      result: `Applied ${applied.length} change${applied.length > 1 ? "s" : ""}: ${applied.map((c) => c.what.replace(/ — applied$/, "")).join("; ")} — verified.`,
    };
  if (facts.plan.held.length > 0)
    return { kind: "held", result: `No change applied: ${facts.plan.held.length} change(s) held — ${facts.plan.held.map((h) => h.reason).join("; ")}.` };
  if (facts.escalations.length > 0)
    return {
      kind: "escalated-only",
      result: `No change applied: ${facts.escalations.length} item(s) escalated to a person; nothing inside the boundary needed a change.`,
    };
  const serious = facts.findings.filter((f) => f.severity !== "info");
  if (serious.length === 0) return { kind: "healthy" };
  return {
    kind: "escalated-only",
    result: `No change applied: ${serious.length} minor finding(s) kept on watch; no worthwhile safe change was found, so none was manufactured.`,
  };
}

/** The day's CHANGELOG entry, from the facts of the review. Pure. */
export function buildDayEntry(facts: ReviewFacts): DayEntry {
  const refused = facts.outcomes.filter((o) => o.status === "refused");
  const changes = [...facts.earlierChanges, ...facts.outcomes.filter((o) => o.status !== "refused").map(appliedChange)];
  const held = [
    ...facts.plan.held.map((h) => ({ what: `${h.action.playbook} on ${h.action.host} for "${h.finding.title}"`, reason: h.reason })),
    ...refused.map((o) => ({ what: `${o.intent.action.playbook} on ${o.intent.action.host}`, reason: o.problem ?? "refused" })),
  ];
  return {
    date: facts.date,
    ...resultOf(facts, changes),
    ...(changes.length ? { changes } : {}),
    ...(held.length ? { held } : {}),
    hosts: hostTable(facts),
    ...(facts.watchItems.length ? { watchItems: facts.watchItems } : {}),
    ...(facts.escalations.length ? { escalations: facts.escalations } : {}),
    ...(facts.recoveries?.length ? { recoveries: facts.recoveries } : {}),
    ...(facts.trends.length ? { trends: facts.trends } : {}),
    overhead: facts.overhead,
    ...(facts.notes ? { notes: facts.notes } : {}),
  };
}

/** One row per inventory host: how many observations backed it, and what was found. */
function hostTable(facts: ReviewFacts): NonNullable<DayEntry["hosts"]> {
  return facts.inventory.hosts.map((host) => {
    const observed = facts.observations.filter((o) => o.host === host.name);
    const found = facts.findings.filter((f) => f.host === host.name && f.severity !== "info");
    const faults = observed.filter((o) => o.kind === "fault");
    const checks = observed.length - faults.length;
    const result =
      observed.length === 0
        ? facts.protectedHosts.includes(host.name)
          ? "protected: never automated, not probed"
          : "not probed"
        : found.length === 0 && faults.length === 0
          ? "ok"
          : `${found.length} finding(s)`;
    const notes =
      found
        .slice(0, 3)
        .map((f) => f.title)
        .join("; ") + (found.length > 3 ? `; +${found.length - 3} more` : "");
    return { host: host.name, checks, result, ...(notes ? { notes } : {}) };
  });
}
