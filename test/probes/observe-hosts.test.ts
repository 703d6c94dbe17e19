import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshTransport } from "../../src/adapters/ssh-transport.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import { observeHosts, type HostProgress } from "../../src/probes/observe-hosts.ts";
import { generateKeyPair } from "../support/ssh2-server.ts";
import { startLab, type Lab } from "../ssh/lab.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/host/", import.meta.url));
const fixtureHost = (distro: string) => ({ env: { ROUNDS_HOST_ROOT: join(FIXTURES, distro), PATH: `${join(FIXTURES, distro, "bin")}:/usr/bin:/bin` } });

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({
    debian: fixtureHost("debian-12"),
    ubuntu: fixtureHost("ubuntu-24.04"),
    alpine: fixtureHost("alpine-3.20"),
    unreachable: {},
    // Accepts only a key we do not hold.
    strangerkey: { authorizedKeys: [generateKeyPair().publicKey] },
    changedkey: {},
    unknownkey: {},
    dropper: { ...fixtureHost("debian-12"), fault: () => "drop" },
    hanger: { ...fixtureHost("debian-12"), fault: () => "hang" },
    garbage: { env: { ROUNDS_HOST_ROOT: "/nonexistent" } },
  });
  await lab.hosts.unreachable!.close();
});
afterAll(() => lab.close());

const byHost = (observations: Observation[]) => Object.fromEntries(observations.map((o) => [o.host, o]));

describe("observeHosts", () => {
  it("observes every host, turning each fault into an observation while the others are observed", async () => {
    const inventory = lab.inventory((raw) => {
      raw.ssh.commandTimeoutMs = 500;
      for (const h of raw.hosts) h.probes = { host: true, docker: ["debian", "ubuntu"].includes(h.name as string), systemd: h.name !== "alpine" };
      const find = (name: string) => raw.hosts.find((h) => h.name === name)!;
      find("changedkey").hostKey = lab.hosts.debian!.hostKeyLine;
      delete find("unknownkey").hostKey;
    });
    const progress: HostProgress[] = [];
    const transport = createSshTransport({ inventory, baseDir: lab.dir, env: lab.env });
    const { observations, overhead } = await observeHosts({ inventory, transport, concurrency: 4, now: () => new Date(), onProgress: (p) => progress.push(p) });
    const seen = byHost(observations);

    expect(observations.map((o) => o.host)).toEqual(inventory.hosts.map((h) => h.name));
    expect(seen.debian).toMatchObject({ kind: "host", facts: { os: "Debian GNU/Linux 12 (bookworm)", failedUnits: ["logrotate.service"] } });
    expect(seen.ubuntu).toMatchObject({ kind: "host", facts: { os: "Ubuntu 24.04.1 LTS" } });
    expect(seen.alpine).toMatchObject({ kind: "host", facts: { os: "Alpine Linux v3.20", failedUnits: null, containers: null } });
    const fault = (host: string) => (seen[host]?.kind === "fault" ? seen[host].fault.kind : seen[host]?.kind);
    expect(fault("unreachable")).toBe("unreachable");
    expect(fault("strangerkey")).toBe("auth-refused");
    expect(fault("changedkey")).toBe("host-key-changed");
    expect(fault("unknownkey")).toBe("host-key-unknown");
    expect(fault("dropper")).toBe("connection-dropped");
    expect(fault("hanger")).toBe("timeout");
    expect(fault("garbage")).toBe("not-understood");
    expect(seen.garbage).toMatchObject({ probe: "host", fault: { sample: expect.stringMatching(/No such file or directory/) } });

    expect(progress).toHaveLength(inventory.hosts.length);
    expect(progress.map((p) => p.done)).toEqual(inventory.hosts.map((_, i) => i + 1));
    expect(progress.find((p) => p.host === "hanger")?.outcome).toBe("timeout");
    expect(progress.find((p) => p.host === "debian")?.outcome).toBe("observed");
    // Connected: the three distros, dropper, hanger and garbage; each sent exactly one command.
    expect(overhead).toMatchObject({ hosts: 10, connections: 6, commands: 6 });
    expect(overhead.bytesIn).toBeGreaterThan(10_000);
    expect(overhead.bytesOut).toBeGreaterThan(5 * 1000);
  });

  it("a run past its time limit reports the hosts it could not finish, and returns", async () => {
    const inventory = lab.inventory((raw) => {
      raw.hosts = raw.hosts.filter((h) => ["debian", "hanger"].includes(h.name as string));
      raw.ssh.commandTimeoutMs = 60_000;
    });
    const started = Date.now();
    const { observations } = await observeHosts({
      inventory,
      transport: createSshTransport({ inventory, baseDir: lab.dir, env: lab.env }),
      concurrency: 1,
      runTimeoutMs: 800,
      now: () => new Date(),
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(byHost(observations).debian?.kind).toBe("host");
    expect(byHost(observations).hanger).toMatchObject({
      kind: "fault",
      fault: { kind: "timeout", message: "hanger: not observed within the run's time limit of 800 ms" },
    });
  });

  it("a missing observer key ends the run with the configuration error", async () => {
    const inventory = lab.inventory();
    await expect(observeHosts({ inventory, transport: createSshTransport({ inventory, baseDir: lab.dir, env: {} }), now: () => new Date() })).rejects.toThrow(
      /ssh\.observer\.keyEnv/,
    );
  });
});
