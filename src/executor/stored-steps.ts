import type { OpsConfig } from "../config/ops-config.ts";
import type { PlaybookStep, Step } from "../config/schemas/playbook.ts";
import type { Action } from "../core/policy/decision.ts";
import { buildMachines } from "../core/policy/machines.ts";
import { renderSteps } from "../core/policy/render.ts";
import { vocabularyFor } from "../core/policy/vocabulary.ts";

/** Steps kept in the ops repo's state/ (an intent, a watch entry) and what they claim to be. */
export interface StoredSteps {
  changeId: string;
  action: Pick<Action, "playbook" | "host" | "params">;
  /** As stored; checked against the one the executor would use. */
  snapshotDir?: string;
  verify: Step[];
  rollback?: Step[];
}

/**
 * Anyone who can push to the ops repo can edit state/: steps read back from it are run only when
 * they are exactly what the current catalogue renders for the stored action — the playbook's verify
 * and rollback (or a phase's), with its parameters, on a host that is not a protected machine, in
 * the snapshot directory the executor would use. Returns why not, or undefined when they are.
 */
export function storedStepsProblem(config: OpsConfig, stored: StoredSteps): string | undefined {
  const { action } = stored;
  const playbook = config.playbooks.find((p) => p.id === action.playbook);
  const host = config.inventory.hosts.find((h) => h.name === action.host);
  if (!playbook) return `no playbook "${action.playbook}" in the catalogue`;
  if (!host) return `no host "${action.host}" in inventory.yml`;
  const protection = buildMachines(config).isProtected(host.name);
  if (protection.protected) return protection.why;
  const snapshotDir = `${config.inventory.ssh.snapshotRoot}/${host.name}/${stored.changeId}`;
  if (stored.snapshotDir !== undefined && stored.snapshotDir !== snapshotDir) return `its snapshot directory ${stored.snapshotDir} is not ${snapshotDir}`;
  const render = (steps: PlaybookStep[]) => {
    const rendered = renderSteps(
      playbook,
      steps,
      { params: action.params ?? {}, builtins: { host: host.name, snapshot_dir: snapshotDir, change_id: stored.changeId } },
      vocabularyFor(config.inventory, host),
    );
    return rendered.ok ? JSON.stringify(rendered.steps) : undefined;
  };
  const shapes = [playbook.steps, ...(playbook.phases ?? []).map((phase) => ({ verify: phase.verify, rollback: phase.rollback ?? playbook.steps.rollback }))];
  const matches = shapes.some(
    (shape) =>
      render(shape.verify) === JSON.stringify(stored.verify) && (stored.rollback === undefined || render(shape.rollback) === JSON.stringify(stored.rollback)),
  );
  return matches
    ? undefined
    : `its steps are not what ${playbook.id} renders for ${host.name} with the stored parameters (edited in state/, or the playbook changed since)`;
}
