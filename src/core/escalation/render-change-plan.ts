import type { OpsConfig } from "../../config/ops-config.ts";
import { renderSteps, type Builtins } from "../policy/render.ts";
import { vocabularyFor } from "../policy/vocabulary.ts";
import type { RenderedPlan } from "./approval-payload.ts";
import type { ChangeRequest } from "./change-request.ts";

/**
 * The executor's built-in values for an attended change: the change is named after its backlog item
 * and snapshots where every change does (`<snapshotRoot>/<host>/<id>`), so the plan is the same at
 * merge and at apply, and so is the approval hash.
 */
export function attendedBuiltins(request: ChangeRequest, config: OpsConfig): Builtins {
  return { host: request.host, change_id: request.backlogId, snapshot_dir: `${config.inventory.ssh.snapshotRoot}/${request.host}/${request.backlogId}` };
}

/**
 * Renders every step of a change request's playbook for its host, with its parameters: the exact
 * commands a merge approves. Any unknown playbook or host, or any value the vocabulary refuses,
 * is a problem — nothing half-rendered is ever shown as "the plan".
 */
export function renderChangePlan(
  config: OpsConfig,
  request: ChangeRequest,
  builtins: Builtins = attendedBuiltins(request, config),
): { ok: true; plan: RenderedPlan } | { ok: false; problems: string[] } {
  const playbook = config.playbooks.find((p) => p.id === request.playbook);
  if (!playbook) return { ok: false, problems: [`playbook "${request.playbook}" does not exist on the default branch`] };
  const host = config.inventory.hosts.find((h) => h.name === request.host);
  if (!host) return { ok: false, problems: [`host "${request.host}" is not in inventory.yml on the default branch`] };
  const vocabulary = vocabularyFor(config.inventory, host);
  const values = { params: request.params, builtins };
  const problems: string[] = [];
  const render = (steps: Parameters<typeof renderSteps>[1]) => {
    const result = renderSteps(playbook, steps, values, vocabulary);
    if (!result.ok) problems.push(...result.problems);
    return result.ok ? result.steps : [];
  };
  const plan: RenderedPlan = {
    snapshot: render(playbook.steps.snapshot),
    apply: render(playbook.steps.apply),
    verify: render(playbook.steps.verify),
    rollback: render(playbook.steps.rollback),
  };
  const jumps: { host: string; address: string; port: number }[] = [];
  for (let at = host.jump, seen = 0; at !== undefined && seen < 16; seen++) {
    const hop = config.inventory.hosts.find((h) => h.name === at);
    if (!hop) {
      jumps.push({ host: at, address: "(not in inventory.yml)", port: 0 });
      break;
    }
    jumps.push({ host: hop.name, address: hop.address, port: hop.port });
    at = hop.jump;
  }
  plan.target = {
    host: host.name,
    address: host.address,
    port: host.port,
    user: host.user ?? config.inventory.ssh.user,
    jump: jumps,
    ...(host.hostKey ? { hostKey: host.hostKey.trim().split(/\s+/).slice(0, 2).join(" ") } : {}),
    ...(host.probes.postgres?.operatorDsnEnv ? { operatorDsnEnv: host.probes.postgres.operatorDsnEnv } : {}),
    snapshotRoot: config.inventory.ssh.snapshotRoot,
  };
  if (playbook.phases) {
    plan.phases = playbook.phases.map((phase) => ({
      name: phase.name,
      apply: render(phase.apply),
      verify: render(phase.verify),
      ...(phase.rollback ? { rollback: render(phase.rollback) } : {}),
    }));
  }
  return problems.length > 0 ? { ok: false, problems: [...new Set(problems)] } : { ok: true, plan };
}
