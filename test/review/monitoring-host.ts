import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { startFakeHost, type FakeHost } from "../../src/demo/fake-ssh-host.ts";
import { createSandbox } from "../../src/demo/host-sandbox.ts";
import { startPrometheus, type PrometheusLabOptions, type TestPrometheus } from "../support/prometheus.ts";
import type { ReviewLab } from "./review-lab.ts";

/** mon01 for a review lab: an SSH host with an (empty) rules directory, and a real Prometheus loading it. */
export interface MonitoringHost {
  mon01: FakeHost;
  prometheus: TestPrometheus;
  rulesDir: string;
  /** mon01's inventory.yml entry. */
  entry: () => Record<string, unknown>;
  stop: () => Promise<void>;
}

export async function startMonitoringHost(lab: ReviewLab, scrapeConfigs?: PrometheusLabOptions["scrapeConfigs"]): Promise<MonitoringHost> {
  const sandbox = await createSandbox(join(lab.root, "hosts"), {
    name: "mon01",
    os: "Debian GNU/Linux 12 (bookworm)",
    disk: { sizeKb: 50_000_000, usedKb: 20_000_000 },
  });
  const rulesDir = join(sandbox, "etc/prometheus/rules.d");
  await mkdir(rulesDir, { recursive: true });
  const mon01 = await startFakeHost({
    sandbox,
    authorizedKeys: lab.publicKeys,
    env: { ROUNDS_HOST_ROOT: sandbox, PATH: `${sandbox}/bin:/usr/local/bin:/usr/bin:/bin` },
  });
  const prometheus = await startPrometheus({
    rules: { "dashboards.yml": "groups:\n  - name: dashboards\n    rules:\n      - record: instance:up:count\n        expr: count(up)\n" },
    ruleGlobs: [`${rulesDir}/*.yml`],
    ...(scrapeConfigs ? { scrapeConfigs } : {}),
  });
  return {
    mon01,
    prometheus,
    rulesDir,
    entry: () => ({
      name: "mon01",
      address: "127.0.0.1",
      port: mon01.port,
      hostKey: mon01.hostKeyLine,
      roles: ["monitoring"],
      probes: { host: true, systemd: true, prometheus: { url: prometheus.url } },
    }),
    stop: async () => {
      await Promise.allSettled([prometheus.stop(), mon01.close()]);
    },
  };
}

/** Waits until an instant query's answer contains `needle` (Prometheus scrapes on its own schedule). */
export async function waitForQuery(prometheus: TestPrometheus, query: string, needle: string, what: string): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (!(await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`)).text()).includes(needle)) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
