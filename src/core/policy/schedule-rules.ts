import picomatch from "picomatch";
import { describeWindow, inWindow, localTime } from "./clock.ts";
import type { Reason } from "./decision.ts";
import { buildMachines } from "./machines.ts";
import type { Subject } from "./subject.ts";

/** When a change may run: kill switch, cadence, budget, windows, and other people's work. */
export function scheduleRules({ action, context, host, effects }: Subject): Reason[] {
  const reasons: Reason[] = [];
  const { guardrails } = context.config;
  const time = localTime(context.now, guardrails.timezone);
  if (context.killSwitch.engaged)
    reasons.push({
      rule: "kill-switch",
      detail: `the kill switch is engaged${context.killSwitch.reason ? `: ${context.killSwitch.reason}` : ""}; no change of any kind`,
      verdict: "deny",
    });
  if (context.cadence === "research")
    reasons.push({ rule: "research-cadence", detail: "the research run proposes; it never changes anything", verdict: "deny" });

  if (action.mode === "unattended") {
    const max = guardrails.unattended.maxChangesPerDay;
    if (context.changesToday >= max)
      reasons.push({
        rule: "budget",
        detail: `${context.changesToday} of ${max} unattended change(s) already applied on ${time.date} (${guardrails.timezone})`,
        verdict: "deny",
      });
    const windows = guardrails.unattended.windows;
    if (windows.length > 0 && !windows.some((w) => inWindow(w, time)))
      reasons.push({
        rule: "window",
        detail: `outside the unattended windows (${windows.map(describeWindow).join("; ")}, ${guardrails.timezone})`,
        verdict: "deny",
      });
  } else {
    const windows = guardrails.attended.windows;
    if (windows.length > 0 && !windows.some((w) => inWindow(w, time)))
      reasons.push({
        rule: "attended-window",
        detail: `outside the attended windows (${windows.map(describeWindow).join("; ")}, ${guardrails.timezone})`,
        verdict: "deny",
      });
  }

  // Locks and busy periods hold the machine under any of its names, and every service the
  // commands name, not only the action's parameter values.
  const names = new Set(buildMachines(context.config).namesOf(host.name));
  const services = [...Object.values(action.params), ...effects.flatMap((e) => (e.service ? [e.service] : []))];
  const touches = (glob: string | undefined) => glob === undefined || services.some((s) => picomatch.isMatch(s, glob));
  for (const lock of context.locks) {
    if (!names.has(lock.host) || !touches(lock.service)) continue;
    if (action.mode === "attended" && context.approval && lock.ref === `#${context.approval.pr}`) continue;
    reasons.push({ rule: "lock", detail: `held: ${lock.reason}${lock.ref ? ` (${lock.ref})` : ""}`, verdict: "deny" });
  }
  for (const period of guardrails.busy) {
    if (!period.hosts.some((h) => names.has(h)) || !period.when.some((w) => inWindow(w, time))) continue;
    if (period.services && !period.services.some((glob) => touches(glob))) continue;
    reasons.push({ rule: "busy", detail: `held: busy period "${period.name}"${period.reason ? ` — ${period.reason}` : ""}`, verdict: "deny" });
  }
  if (reasons.length === 0)
    reasons.push({
      rule: "schedule",
      detail: `inside the window on ${time.date}, ${action.mode === "unattended" ? `budget ${context.changesToday}/${guardrails.unattended.maxChangesPerDay}, ` : ""}no lock or busy period`,
      verdict: "allow",
    });
  return reasons;
}
