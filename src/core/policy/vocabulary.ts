import type { Inventory, InventoryHost } from "../../config/schemas/inventory.ts";
import type { Vocabulary } from "./render.ts";

/** The names a parameter may take on one host: what the inventory declares, nothing else. */
export function vocabularyFor(inventory: Inventory, host: InventoryHost): Vocabulary {
  return {
    hosts: inventory.hosts.map((h) => h.name),
    containers: host.services.filter((s) => s.kind === "container").map((s) => s.name),
    units: host.services.filter((s) => s.kind === "unit").map((s) => s.name),
    services: host.services.map((s) => ({ name: s.name, kind: s.kind, ...(s.pidFile === undefined ? {} : { pidFile: s.pidFile }) })),
    databases: host.probes.postgres?.databases ?? [],
  };
}
