import type { Guardrails } from "./schemas/guardrails.ts";
import type { Inventory } from "./schemas/inventory.ts";
import type { Playbook } from "./schemas/playbook.ts";

/** The ops repo's configuration, validated: the trust boundary, the fleet and the change catalogue. */
export interface OpsConfig {
  guardrails: Guardrails;
  inventory: Inventory;
  playbooks: Playbook[];
  /**
   * What each inventory address that is a DNS name resolved to when the configuration was loaded
   * (IP literals are not looked up). Absent or an error: the host cannot be told apart from a
   * protected one, and the policy fails closed (src/core/policy/machines.ts).
   */
  resolved?: ResolvedAddresses;
}

/** Inventory address as written → the addresses it resolved to, or why it did not. */
export type ResolvedAddresses = Record<string, string[] | { error: string }>;

export const GUARDRAILS_FILE = "guardrails.yml";
export const INVENTORY_FILE = "inventory.yml";
export const PLAYBOOKS_DIR = "playbooks";
