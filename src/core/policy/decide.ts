import { classRules } from "./class-rules.ts";
import { classifySteps } from "./classify-step.ts";
import { combine, type Action, type Decision, type PolicyContext } from "./decision.ts";
import { buildMachines } from "./machines.ts";
import { allSteps } from "./playbook-steps.ts";
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
 * default: an action whose playbook, host, parameters or commands cannot be classified is denied.
 */
export function decide(action: Action, context: PolicyContext): Decision {
  const subject = classify(action, context);
  if ("verdict" in subject) return subject;
  const byClass = classRules(subject);
  // An action that must go to a human anyway is escalated now; windows and budgets apply when it runs.
  const escalating = byClass.some((r) => r.verdict === "escalate");
  return combine([...targetRules(subject), ...byClass, ...(escalating ? [] : scheduleRules(subject))]);
}

/** Renders the action's commands for its host and classifies each: the subject every rule reads. */
export function classify(action: Action, context: PolicyContext): Subject | Decision {
  const { config } = context;
  const playbook = config.playbooks.find((p) => p.id === action.playbook);
  if (!playbook) return deny("unclassified", `no playbook "${action.playbook}" in the catalogue: an action outside the catalogue is never run`);
  const host = config.inventory.hosts.find((h) => h.name === action.host);
  if (!host) return deny("unknown-host", `no host "${action.host}" in inventory.yml`);
  // A protected machine is refused before anything about the action is read: no parameter, step or
  // parser failure may hide the reason that matters most.
  const machines = buildMachines(config);
  const protection = machines.isProtected(host.name);
  if (protection.protected) return deny("protected-host", protection.why);

  const located = allSteps(playbook);
  const builtins = { host: host.name, snapshot_dir: PENDING_SNAPSHOT_DIR, change_id: "pending" };
  const rendered = renderSteps(
    playbook,
    located.map((l) => l.step),
    { params: action.params, builtins },
    vocabularyFor(config.inventory, host),
  );
  if (!rendered.ok) return deny("parameters", rendered.problems.join("; "));

  const known = new Set(host.services.map((s) => s.name));
  let perStep;
  try {
    perStep = classifySteps(
      rendered.steps,
      playbook,
      PENDING_SNAPSHOT_DIR,
      {
        isStateless: (s) => machines.isStateless(host.name, s),
        known: (s) => known.has(s),
        processFor: (p) => host.services.find((s) => s.kind === "process" && s.pidFile === p)?.name,
      },
      context.parsers,
    );
  } catch (error) {
    return deny("classifier", `the classifier failed: ${(error as Error).message}`);
  }
  perStep = perStep.map((effects, i) => effects.map((e) => ({ ...e, step: located[i]!.where })));
  return {
    action,
    context,
    config,
    playbook,
    host,
    steps: rendered.steps.map(describeStep),
    where: located.map((l) => l.where),
    effects: perStep.flat(),
    perStep,
  };
}
