import { decide } from "./policy/decide.ts";
import type { Action, Decision, PolicyContext } from "./policy/decision.ts";
import { SEVERITY_ORDER, type Finding } from "./findings/finding.ts";

/** A change the policy allowed, with the decision that allowed it (logged with the change). */
export interface PlannedChange {
  finding: Finding;
  action: Action;
  decision: Decision;
}

/** Something a human must decide; `action` is set when a catalogue playbook could do it once approved. */
export interface PlannedEscalation {
  finding: Finding;
  reason: string;
  action?: Action;
  decision?: Decision;
}

/** A change that would be allowed, but not now: budget, window, lock, busy period, kill switch. */
export interface HeldChange {
  finding: Finding;
  action: Action;
  reason: string;
}

export interface Plan {
  /**
   * The unattended changes to make, most valuable first: no more than the day's budget has left
   * (`maxChangesPerDay` less what the ledger already counts), each decided with the ones before it
   * counted, and never the same action twice.
   */
  changes: PlannedChange[];
  escalations: PlannedEscalation[];
  held: HeldChange[];
  /** Findings too small to escalate; kept in view and re-checked tomorrow. */
  watch: Finding[];
  /** Every policy decision the plan took, in order, for the log (invariant 1). */
  decisions: { action: Action; decision: Decision }[];
}

/** Rules whose denial means "not now" rather than "never by the bot". */
const SCHEDULE_RULES = new Set(["budget", "window", "lock", "busy", "kill-switch", "research-cadence"]);

function sameAction(a: Action, b: Action): boolean {
  return a.playbook === b.playbook && a.host === b.host && JSON.stringify(Object.entries(a.params).sort()) === JSON.stringify(Object.entries(b.params).sort());
}

/** Severity first; among equals, the finding that has been failing longest. */
function byValue(a: Finding, b: Finding): number {
  const severity = SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
  if (severity !== 0) return severity;
  return (a.since ?? "9999").localeCompare(b.since ?? "9999") || a.fingerprint.localeCompare(b.fingerprint);
}

/**
 * The planner: picks the most valuable changes the policy allows, as many as the day's budget has
 * left (one by default), and turns everything else into escalations, held changes, watch items or
 * nothing — every finding it does not act on is recorded with the reason. A healthy day (no
 * findings) plans nothing. Pure: the policy context carries the time and the day's count.
 */
export function plan(findings: Finding[], context: PolicyContext): Plan {
  const result: Plan = { changes: [], escalations: [], held: [], watch: [], decisions: [] };
  for (const finding of [...findings].sort(byValue)) {
    if (finding.outsideBoundary) {
      result.escalations.push({ finding, reason: finding.outsideBoundary.reason });
      continue;
    }
    if (!finding.remedy) {
      if (finding.severity === "info" || finding.severity === "low") result.watch.push(finding);
      else result.escalations.push({ finding, reason: "no playbook in the catalogue remedies this; it needs a person" });
      continue;
    }
    const action: Action = { playbook: finding.remedy.playbook, host: finding.host, params: finding.remedy.params, mode: "unattended", source: "rules" };
    const same = result.changes.find((c) => sameAction(c.action, action));
    if (same) {
      result.held.push({
        finding,
        action,
        reason: `the same change (${action.playbook} on ${action.host}) is already planned for ${same.finding.fingerprint}`,
      });
      continue;
    }
    // The changes already chosen this run count against the budget like those in the ledger.
    const decision = decide(action, { ...context, changesToday: context.changesToday + result.changes.length });
    result.decisions.push({ action, decision });
    const blocking = decision.reasons.filter((r) => r.verdict === decision.verdict);
    if (decision.verdict === "allow") {
      result.changes.push({ finding, action, decision });
    } else if (decision.verdict === "escalate") {
      result.escalations.push({ finding, reason: blocking.map((r) => r.detail).join("; "), action, decision });
    } else if (blocking.every((r) => SCHEDULE_RULES.has(r.rule))) {
      result.held.push({ finding, action, reason: blocking.map((r) => r.detail).join("; ") });
    } else {
      result.escalations.push({ finding, reason: `the remedy is refused by the trust boundary: ${blocking.map((r) => r.detail).join("; ")}`, decision });
    }
  }
  return result;
}
