import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalTransport } from "../../src/adapters/local-transport.ts";
import { inventorySchema } from "../../src/config/schemas/inventory.ts";
import { hostProbeScript } from "../../src/core/probes/host-probe-script.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/host/", import.meta.url));
const DISTROS = ["debian-12", "ubuntu-24.04", "alpine-3.20", "raspios-12"] as const;
// The local transport makes each sandbox's tmp/: run on a copy, not in the source tree.
const root = mkdtempSync(join(tmpdir(), "rounds-fixtures-"));
cpSync(FIXTURES, root, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Dates differ on every run; the captured output pins them to one instant. */
function normalizeDates(output: string): string {
  return output.replace(
    /(@@rounds section date-(?:start|end)\n)\d{10}(\.\d+)?/g,
    (_, mark: string, fraction?: string) => `${mark}1795620160${fraction ? ".250000000" : ""}`,
  );
}

describe("host fixtures", () => {
  const inventory = inventorySchema.parse({
    version: 1,
    hosts: DISTROS.map((name) => ({ name, address: "local", probes: { host: true, docker: true, systemd: true } })),
  });
  const transport = createLocalTransport({ root });

  for (const host of inventory.hosts) {
    it(`${host.name}: the host probe script run in the sandbox gives the captured output`, async () => {
      const session = await transport.open(host, "observer");
      const result = await session.exec(hostProbeScript({ docker: true, systemd: true }));
      const output = normalizeDates(result.stdout);
      const file = join(FIXTURES, host.name, "probe-output.txt");
      if (process.env.UPDATE) writeFileSync(file, output);
      expect(output).toBe(readFileSync(file, "utf8"));
      expect(result.code).toBe(0);
    });
  }
});
