/** A fleet of ssh2 fake hosts on 127.0.0.1 and an inventory that reaches them, for the SSH tests. */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inventorySchema, type Inventory } from "../../src/config/schemas/inventory.ts";
import { generateKeyPair, startFakeHost, type FakeHost, type FakeHostOptions } from "../support/ssh2-server.ts";

export interface Lab {
  dir: string;
  hosts: Record<string, FakeHost>;
  observerKey: ReturnType<typeof generateKeyPair>;
  operatorKey: ReturnType<typeof generateKeyPair>;
  env: Record<string, string>;
  /** An inventory naming every fake host, with pinned host keys; `edit` adjusts the raw object. */
  inventory(edit?: (raw: { ssh: Record<string, unknown>; hosts: Record<string, unknown>[] }) => void): Inventory;
  close(): Promise<void>;
}

export async function startLab(specs: Record<string, Partial<Omit<FakeHostOptions, "sandbox">>>): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), "rounds-ssh-"));
  const observerKey = generateKeyPair();
  const operatorKey = generateKeyPair();
  const hosts: Record<string, FakeHost> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const sandbox = join(dir, name);
    mkdirSync(join(sandbox, "tmp"), { recursive: true });
    hosts[name] = await startFakeHost({ sandbox, authorizedKeys: [observerKey.publicKey, operatorKey.publicKey], ...spec });
  }
  const env = { ROUNDS_OBSERVER_KEY: observerKey.privateKey, ROUNDS_OPERATOR_KEY: operatorKey.privateKey };
  return {
    dir,
    hosts,
    observerKey,
    operatorKey,
    env,
    inventory(edit) {
      const raw = {
        version: 1,
        ssh: {
          user: "rounds",
          observer: { keyEnv: "ROUNDS_OBSERVER_KEY" },
          operator: { keyEnv: "ROUNDS_OPERATOR_KEY" },
          connectTimeoutMs: 3000,
          commandTimeoutMs: 3000,
        } as Record<string, unknown>,
        hosts: Object.entries(hosts).map(
          ([name, h]) => ({ name, address: "127.0.0.1", port: h.port, hostKey: h.hostKeyLine, probes: { host: true } }) as Record<string, unknown>,
        ),
      };
      edit?.(raw);
      return inventorySchema.parse(raw);
    },
    async close() {
      await Promise.all(Object.values(hosts).map((h) => h.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
