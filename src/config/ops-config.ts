import type { Guardrails } from "./schemas/guardrails.ts";
import type { Inventory } from "./schemas/inventory.ts";
import type { Playbook } from "./schemas/playbook.ts";

/** The ops repo's configuration, validated: the trust boundary, the fleet and the change catalogue. */
export interface OpsConfig {
  guardrails: Guardrails;
  inventory: Inventory;
  playbooks: Playbook[];
}

export const GUARDRAILS_FILE = "guardrails.yml";
export const INVENTORY_FILE = "inventory.yml";
export const PLAYBOOKS_DIR = "playbooks";
