import { classRules } from "./class-rules.ts";
import { combine, type Action, type Decision, type PolicyContext } from "./decision.ts";
import { allSteps, detectEffects } from "./detect-effects.ts";
import { describeStep, renderSteps } from "./render.ts";
import { scheduleRules } from "./schedule-rules.ts";
import type { Subject } from "./subject.ts";
import { targetRules } from "./target-rules.ts";
import { vocabularyFor } from "./vocabulary.ts";

/** The snapshot directory used to render commands for a decision; the executor renders with the real one. */
export const PENDING_SNAPSHOT_DIR = "/var/lib/rounds/snapshots/pending";

const deny = (rule: string, detail: string): Decision => ({ verdict: "deny", reasons: [{ rule, detail, verdict: "deny" }] });

/**
 * The policy engine: every action passes here before it may reach a transport. Pure. Deny by
 * default: an action whose playbook, host or parameters cannot be classified is denied.
 */
export function decide(action: Action, context: PolicyContext): Decision {
  const { config } = context;
  const playbook = config.playbooks.find((p) => p.id === action.playbook);
  if (!playbook) return deny("unclassified", `no playbook "${action.playbook}" in the catalogue: an action outside the catalogue is never run`);
  const host = config.inventory.hosts.find((h) => h.name === action.host);
  if (!host) return deny("unknown-host", `no host "${action.host}" in inventory.yml`);
  if (config.guardrails.protected.hosts.includes(host.name)) {
    return deny("protected-host", `${host.name} is a protected host in guardrails.yml: it is never automated, attended or not`);
  }

  const located = allSteps(playbook);
  const rendered = renderSteps(playbook, located.map((l) => l.step), { params: action.params, builtins: { host: host.name, snapshot_dir: PENDING_SNAPSHOT_DIR, change_id: "pending" } }, vocabularyFor(config.inventory, host));
  if (!rendered.ok) return deny("parameters", rendered.problems.join("; "));

  const stateless = new Set(host.services.filter((s) => s.stateless).map((s) => s.name));
  const effects = rendered.steps.flatMap((step) => detectEffects(step, playbook, (name) => stateless.has(name)));
  const subject: Subject = { action, context, config, playbook, host, steps: rendered.steps.map(describeStep), effects };
  const byClass = classRules(subject);
  // An action that must go to a human anyway is escalated now; windows and budgets apply when it runs.
  const escalating = byClass.some((r) => r.verdict === "escalate");
  return combine([...targetRules(subject), ...byClass, ...(escalating ? [] : scheduleRules(subject))]);
}
