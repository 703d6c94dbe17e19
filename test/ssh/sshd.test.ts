import { describe, expect, afterAll, beforeAll, it } from "vitest";
import { createSshTransport } from "../../src/adapters/ssh-transport.ts";
import { NotInCatalogueError } from "../../src/adapters/transport-error.ts";
import { inventorySchema, type Inventory } from "../../src/config/schemas/inventory.ts";
import { DIAGNOSTIC_SCRIPTS } from "../../src/core/probes/diagnostic-scripts.ts";
import { observeHosts } from "../../src/probes/observe-hosts.ts";
import { runTempScript } from "../../src/probes/run-temp-script.ts";
import { generateKeyPair } from "../support/ssh2-server.ts";
import { hasSshd, startSshd, type Sshd } from "../support/sshd.ts";

// Integration with the real OpenSSH server (Debian package openssh-server, installed by .ci/run).
// Skipped on a developer machine without it; in CI a missing sshd is a failure, never a silent skip.
it.runIf(Boolean(process.env.CI))("CI has OpenSSH's sshd, so the suite below really ran", () => {
  expect(hasSshd).toBe(true);
});

describe.skipIf(!hasSshd)("against OpenSSH sshd", () => {
  const observer = generateKeyPair();
  const operator = generateKeyPair();
  const env = { OBSERVER_KEY: observer.privateKey, OPERATOR_KEY: operator.privateKey };
  let sshd: Sshd;
  let inventory: Inventory;
  beforeAll(async () => {
    sshd = await startSshd({ authorizedKeys: [observer.publicKey, operator.publicKey] });
    inventory = inventorySchema.parse({
      version: 1,
      ssh: { user: sshd.user, observer: { keyEnv: "OBSERVER_KEY" }, operator: { keyEnv: "OPERATOR_KEY" }, commandTimeoutMs: 5000 },
      hosts: [
        { name: "localhost", address: "127.0.0.1", port: sshd.port, hostKey: sshd.hostKeyLine, probes: { host: true, systemd: true, docker: true } },
        { name: "impostor", address: "127.0.0.1", port: sshd.port, hostKey: generateKeyPair().publicKey },
      ],
    });
  });
  afterAll(() => sshd?.stop());

  it("observes this machine over real SSH, and refuses the impostor key", async () => {
    const { observations } = await observeHosts({ inventory, transport: createSshTransport({ inventory, baseDir: sshd.dir, env }), now: () => new Date() });
    const host = observations.find((o) => o.host === "localhost" && o.kind === "host");
    expect(host).toMatchObject({ facts: { os: expect.stringMatching(/Debian|Ubuntu/), uptimeSeconds: expect.any(Number) } });
    // This machine's real output is fully understood (systemd or docker may be unavailable, which is not a fault).
    expect(observations.filter((o) => o.host === "localhost" && o.kind === "fault")).toEqual([]);
    expect(Math.abs((host as { facts: { clockOffsetMs: number } }).facts.clockOffsetMs)).toBeLessThan(1000);
    expect(observations.find((o) => o.host === "impostor")).toMatchObject({ kind: "fault", fault: { kind: "host-key-changed" } });
  });

  it("holds the observer to the catalogue and runs a temp script through sshd's SFTP", async () => {
    const session = await createSshTransport({ inventory, baseDir: sshd.dir, env }).open(inventory.hosts[0]!, "observer");
    await expect(session.exec("id")).rejects.toBeInstanceOf(NotInCatalogueError);
    const record = await runTempScript(session, { name: "listening-sockets", content: DIAGNOSTIC_SCRIPTS["listening-sockets"]! });
    expect(record).toMatchObject({ uploaded: true, exitCode: 0, removed: true, removalVerified: true });
    expect(record.stdout).toContain(`127.0.0.1:${sshd.port}`);
    await session.close();
  });

  it("kills a command past its timeout (sshd honours the KILL signal) and keeps the connection", async () => {
    const session = await createSshTransport({ inventory, baseDir: sshd.dir, env }).open(inventory.hosts[0]!, "operator");
    await expect(session.exec("sleep 30", { timeoutMs: 300 })).rejects.toMatchObject({ kind: "timeout" });
    expect((await session.exec("echo alive")).stdout).toBe("alive\n");
    await session.close();
  });
});
