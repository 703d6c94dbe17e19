import type { ForbiddenClass } from "../../config/schemas/guardrails.ts";
import type { Playbook, PlaybookStep } from "../../config/schemas/playbook.ts";
import type { ExtraClass } from "./effects.ts";

/** The action classes a playbook is allowed to have, from its declared class and `touches`. */
export function declaredClasses(playbook: Pick<Playbook, "class" | "touches">): Set<ForbiddenClass | ExtraClass> {
  const byClass: Record<Playbook["class"], ForbiddenClass[]> = { reversible: [], stateful: ["stateful-restart"], data: ["data"] };
  return new Set([...byClass[playbook.class], ...playbook.touches]);
}

/** Every step of a playbook with where it sits, phases included, in the order they run. */
export function allSteps(playbook: Pick<Playbook, "steps" | "phases">): { where: string; step: PlaybookStep }[] {
  const out: { where: string; step: PlaybookStep }[] = [];
  for (const [stage, steps] of Object.entries(playbook.steps)) steps.forEach((step, i) => out.push({ where: `steps.${stage}[${i}]`, step }));
  playbook.phases?.forEach((phase, p) => {
    phase.apply.forEach((step, i) => out.push({ where: `phases[${p}].apply[${i}]`, step }));
    phase.verify.forEach((step, i) => out.push({ where: `phases[${p}].verify[${i}]`, step }));
    phase.rollback?.forEach((step, i) => out.push({ where: `phases[${p}].rollback[${i}]`, step }));
  });
  return out;
}
