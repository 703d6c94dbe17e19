import type { Inventory } from "../../config/schemas/inventory.ts";

/** The inventory host a Prometheus `instance` label ("192.168.100.20:9187", "db01:9187") points at. */
export function hostOfInstance(instance: string, inventory: Inventory): string | undefined {
  const address = instance.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  return inventory.hosts.find((h) => h.address === address || h.name === address)?.name;
}

/** Where PostgreSQL lives when a label does not say: the one host that probes it or has the role. */
export function soleDatabaseHost(inventory: Inventory): string | undefined {
  const hosts = inventory.hosts.filter((h) => h.probes.postgres || h.roles.includes("postgres"));
  return hosts.length === 1 ? hosts[0]!.name : undefined;
}
