import { join } from "node:path";
import { startFakeHost, type CommandFault, type FakeHost } from "./fake-ssh-host.ts";
import { createSandbox, type SandboxHost } from "./host-sandbox.ts";

/** The demo lab's fleet (the tests' too): a docker host with the business containers, the database host, a collector. */
export const DEMO_HOSTS: SandboxHost[] = [
  {
    name: "agent01",
    os: "Ubuntu 24.04.1 LTS",
    disk: { sizeKb: 102_626_232, usedKb: 41_050_000 },
    containers: [
      { name: "collector-reddit", image: "ghcr.io/lab/collector:1.4", state: "running" },
      { name: "ollama", image: "ollama/ollama:0.4", state: "running" },
      { name: "trading-alpha", image: "ghcr.io/lab/trading:7.2", state: "running" },
    ],
  },
  { name: "db01", os: "Debian GNU/Linux 12 (bookworm)", disk: { sizeKb: 515_010_816, usedKb: 340_000_000 } },
  { name: "collect01", os: "Raspbian GNU/Linux 12 (bookworm)", disk: { sizeKb: 30_000_000, usedKb: 9_000_000 } },
];

export type DemoHosts = Record<string, { sandbox: string; host: FakeHost }>;

/**
 * Starts one in-process SSH server per host, each running real commands in its own sandbox under
 * `root` (the host probe reads the sandbox's etc/ and proc/, its bin/ shims come first on PATH).
 */
export async function startDemoHosts(
  root: string,
  authorizedKeys: string[],
  fault?: (host: string, command: string) => CommandFault | undefined,
): Promise<DemoHosts> {
  const hosts: DemoHosts = {};
  for (const spec of DEMO_HOSTS) {
    const sandbox = await createSandbox(join(root, "hosts"), spec);
    const host = await startFakeHost({
      sandbox,
      authorizedKeys,
      env: { ROUNDS_HOST_ROOT: sandbox, PATH: `${sandbox}/bin:/usr/local/bin:/usr/bin:/bin` },
      ...(fault ? { fault: (command: string) => fault(spec.name, command) } : {}),
    });
    hosts[spec.name] = { sandbox, host };
  }
  return hosts;
}
