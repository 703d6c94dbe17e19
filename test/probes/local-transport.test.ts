import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalTransport } from "../../src/adapters/local-transport.ts";
import { NotInCatalogueError, TransportError } from "../../src/adapters/transport-error.ts";
import { inventorySchema } from "../../src/config/schemas/inventory.ts";
import { DIAGNOSTIC_SCRIPTS } from "../../src/core/probes/diagnostic-scripts.ts";
import { observeHosts } from "../../src/probes/observe-hosts.ts";
import { runTempScript } from "../../src/probes/run-temp-script.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/host/", import.meta.url));
let root: string;
beforeAll(() => {
  // A copy: temp scripts write into the sandboxes.
  root = mkdtempSync(join(tmpdir(), "rounds-local-"));
  cpSync(FIXTURES, root, { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const inventory = () =>
  inventorySchema.parse({
    version: 1,
    hosts: [
      { name: "debian-12", address: "local", probes: { host: true, docker: true, systemd: true } },
      { name: "alpine-3.20", address: "local", probes: { host: true } },
      { name: "missing", address: "local" },
    ],
  });

describe("local transport (the embedded demo's fleet)", () => {
  it("observes each sandbox as its own host, and a host without a sandbox as unreachable", async () => {
    const { observations } = await observeHosts({ inventory: inventory(), transport: createLocalTransport({ root }), now: () => new Date() });
    expect(observations.map((o) => [o.host, o.kind])).toEqual([
      ["debian-12", "host"],
      ["alpine-3.20", "host"],
      ["missing", "fault"],
    ]);
    expect(observations[0]).toMatchObject({ facts: { os: "Debian GNU/Linux 12 (bookworm)", failedUnits: ["logrotate.service"] } });
    expect(observations[1]).toMatchObject({ facts: { os: "Alpine Linux v3.20", failedUnits: null } });
    // The demo's sandboxes read the runner's own clock (except busybox's whole seconds).
    expect(Math.abs((observations[0] as { facts: { clockOffsetMs: number } }).facts.clockOffsetMs)).toBeLessThan(1000);
    expect(observations[2]).toMatchObject({ fault: { kind: "unreachable" } });
  });

  it("holds the observer to the catalogue, like the SSH transport", async () => {
    const session = await createLocalTransport({ root }).open(inventory().hosts[0]!, "observer");
    await expect(session.exec("touch pwned")).rejects.toBeInstanceOf(NotInCatalogueError);
    expect(readdirSync(join(root, "debian-12"))).not.toContain("pwned");
  });

  it("runs temp scripts inside the sandbox's TMPDIR and removes them", async () => {
    const session = await createLocalTransport({ root }).open(inventory().hosts[0]!, "observer");
    const record = await runTempScript(session, { name: "listening-sockets", content: DIAGNOSTIC_SCRIPTS["listening-sockets"]! });
    expect(record).toMatchObject({ uploaded: true, removed: true, removalVerified: true });
    expect(record.dir!.startsWith(join(root, "debian-12", "tmp"))).toBe(true);
    expect(readdirSync(join(root, "debian-12", "tmp"))).toEqual([]);
  });

  it("kills a command past its timeout", async () => {
    const session = await createLocalTransport({ root, catalogueOnly: false, commandTimeoutMs: 200 }).open(inventory().hosts[0]!, "operator");
    const error = await session.exec("sleep 30").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: "timeout" });
  });
});
