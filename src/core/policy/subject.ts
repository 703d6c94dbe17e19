import type { OpsConfig } from "../../config/ops-config.ts";
import type { InventoryHost } from "../../config/schemas/inventory.ts";
import type { Playbook } from "../../config/schemas/playbook.ts";
import type { Action, PolicyContext } from "./decision.ts";
import type { Effect } from "./detect-effects.ts";

/** An action the engine could classify: its playbook, host, rendered commands and effects. */
export interface Subject {
  action: Action;
  context: PolicyContext;
  config: OpsConfig;
  playbook: Playbook;
  host: InventoryHost;
  /** The rendered text of every step, phases included. */
  steps: string[];
  effects: Effect[];
}
