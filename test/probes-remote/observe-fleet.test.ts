import { dump, load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshTransport } from "../../src/adapters/ssh-transport.ts";
import { observeFleet, type FleetProgress } from "../../src/jobs/observe-fleet.ts";
import { startHttpServer, type TestHttpServer } from "../support/http-server.ts";
import { loadTemplateConfig } from "../support/template.ts";

let web: TestHttpServer;
beforeAll(async () => {
  web = await startHttpServer();
});
afterAll(async () => {
  await web?.close();
});

type RawInventory = { hosts: { name: string; probes?: Record<string, unknown> }[]; checks: Record<string, unknown>[] };

describe("observeFleet", () => {
  it("runs every Prometheus, PostgreSQL and check at once: the round takes as long as the slowest, not the sum", async () => {
    // The feeds answer after 1.5 s, the "Prometheus" servers after 2 s: one after the other, 9 s.
    const slow = `${web.url}/slow/?ms=1500`;
    const config = await loadTemplateConfig((files) => {
      const inventory = load(files["inventory.yml"]!) as RawInventory;
      for (const host of inventory.hosts) host.probes = { ...host.probes, host: false };
      for (const name of ["mon01", "nas01", "collect01"]) inventory.hosts.find((h) => h.name === name)!.probes!.prometheus = { url: `${web.url}/slow/` };
      inventory.checks = [
        { name: "feed-a", host: "agent01", http: { url: slow } },
        { name: "feed-b", host: "agent01", http: { url: slow } },
      ];
      files["inventory.yml"] = dump(inventory);
    });
    const progress: FleetProgress[] = [];
    const started = Date.now();
    const { observations, overhead } = await observeFleet({
      config,
      env: {},
      transport: createSshTransport({ inventory: config.inventory, baseDir: ".", env: {} }),
      now: () => new Date(),
      onProgress: (p) => progress.push(p),
    });
    const elapsed = Date.now() - started;

    // One at a time would take five times 2 s; at once, about the slowest one. Wide margin for a loaded CI machine.
    expect(elapsed).toBeLessThan(8000);
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(overhead.ssh.hosts).toBe(0);
    expect(overhead.probes.map((p) => `${p.probe} ${p.target}`).sort()).toEqual([
      "checks 2 from inventory.yml",
      "postgres db01",
      "prometheus collect01",
      "prometheus mon01",
      "prometheus nas01",
    ]);
    expect(progress.map((p) => `${p.probe} ${p.target} ${p.outcome}`).sort()).toEqual([
      "checks 2 from inventory.yml observed",
      "postgres db01 error",
      "prometheus collect01 not-understood",
      "prometheus mon01 not-understood",
      "prometheus nas01 not-understood",
    ]);
    expect(observations.filter((o) => o.kind === "check").map((o) => o.kind === "check" && o.result.type === "http" && o.result.status)).toEqual([200, 200]);
    expect(observations.find((o) => o.kind === "fault" && o.probe === "postgres")).toMatchObject({
      host: "db01",
      fault: { kind: "error", message: expect.stringContaining("environment variable ROUNDS_DB01_DSN is not set") },
    });
  });
});
