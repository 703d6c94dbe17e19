import type { OpsConfig } from "../../config/ops-config.ts";
import type { InventoryHost } from "../../config/schemas/inventory.ts";
import type { Playbook } from "../../config/schemas/playbook.ts";
import type { Action, PolicyContext } from "./decision.ts";
import type { Effect } from "./effects.ts";

/** An action the engine could classify: its playbook, host, rendered commands and effects. */
export interface Subject {
  action: Action;
  context: PolicyContext;
  config: OpsConfig;
  playbook: Playbook;
  host: InventoryHost;
  /** The rendered text of every step, phases included. */
  steps: string[];
  /** Where each step sits in the playbook (`steps.apply[0]`), in the order of `steps`. */
  where: string[];
  effects: Effect[];
  /** The effects of each step, in the order of `steps`. */
  perStep: Effect[][];
}
