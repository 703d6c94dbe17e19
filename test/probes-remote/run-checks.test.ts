import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inventorySchema, type Inventory } from "../../src/config/schemas/inventory.ts";
import { probeHttpCheck } from "../../src/probes/http-check-probe.ts";
import { queryInstant } from "../../src/probes/prometheus-probe.ts";
import { runChecks } from "../../src/probes/run-checks.ts";
import { freePort } from "../../src/demo/free-port.ts";
import { startHttpServer, type TestHttpServer } from "../support/http-server.ts";
import { startPrometheus, waitFor, type TestPrometheus } from "../support/prometheus.ts";

const now = () => new Date();
let prom: TestPrometheus;
let web: TestHttpServer;
let closedPort: number;

beforeAll(async () => {
  closedPort = await freePort();
  [prom, web] = await Promise.all([
    startPrometheus({ scrapeConfigs: () => `  - job_name: down\n    static_configs: [{ targets: ["127.0.0.1:${closedPort}"] }]` }),
    startHttpServer(),
  ]);
  await waitFor(
    async () => (await queryInstant(prom.url, "up")).length === 2,
    20_000,
    () => "prometheus has not scraped both targets",
  );
});

afterAll(async () => {
  await Promise.all([prom?.stop(), web?.close()]);
});

function inventory(checks: unknown[]): Inventory {
  return inventorySchema.parse({
    version: 1,
    hosts: [
      { name: "mon01", address: "127.0.0.1", probes: { prometheus: { url: prom.url } } },
      { name: "agent01", address: "127.0.0.1" },
    ],
    checks,
  });
}

describe("HTTP check probe against a local server", () => {
  it("observes a source answering 403 as exactly that, with the start of its page", async () => {
    const result = await probeHttpCheck({ url: `${web.url}/forbidden`, expectStatus: 200, timeoutMs: 2000 });
    expect(result).toMatchObject({ type: "http", status: 403, expectStatus: 200, bodySample: expect.stringContaining("blocks automated clients") });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.error).toBeUndefined();
  });

  it("records 200 without a body sample, 500 as 500, a hang as a timeout and a closed port as refused", async () => {
    const [ok, error, slow, refused] = await Promise.all([
      probeHttpCheck({ url: `${web.url}/ok`, expectStatus: 200, timeoutMs: 2000 }),
      probeHttpCheck({ url: `${web.url}/error`, expectStatus: 200, timeoutMs: 2000 }),
      probeHttpCheck({ url: `${web.url}/slow/?ms=2000`, expectStatus: 200, timeoutMs: 200 }),
      probeHttpCheck({ url: `http://127.0.0.1:${closedPort}/`, expectStatus: 200, timeoutMs: 2000 }),
    ]);
    expect(ok).toEqual({ type: "http", url: `${web.url}/ok`, status: 200, expectStatus: 200, latencyMs: expect.any(Number) });
    expect(error.status).toBe(500);
    expect(slow).toMatchObject({ status: null, error: expect.stringMatching(/^timeout: .*200 ms/) });
    expect(slow.latencyMs).toBeLessThan(1500);
    expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/^refused: /) });
  });
});

describe("runChecks: the custom checks of inventory.yml", () => {
  it("gives one observation per check, with thresholds evaluated and the breach dated by a range query", async () => {
    const observations = await runChecks({
      inventory: inventory([
        { name: "feed", host: "agent01", http: { url: `${web.url}/forbidden` } },
        { name: "self-up", host: "mon01", prometheus: { endpoint: "mon01", query: 'up{job="prometheus"}', breach: { op: "<", value: 1 } } },
        { name: "down-up", prometheus: { endpoint: "mon01", query: 'up{job="down"}', breach: { op: "<", value: 1 } } },
        { name: "no-data", prometheus: { endpoint: "mon01", query: 'up{job="nonexistent"}', breach: { op: "<", value: 1 } } },
        { name: "bad-query", prometheus: { endpoint: "mon01", query: "sum(", breach: { op: ">", value: 0 } } },
      ]),
      now,
      lookback: { windowMs: 60_000, stepSeconds: 1 },
    });
    const byName = Object.fromEntries(observations.map((o) => [o.kind === "check" || o.kind === "fault" ? o.check : "", o]));
    expect(observations).toHaveLength(5);
    expect(byName.feed).toMatchObject({ kind: "check", host: "agent01", result: { type: "http", status: 403, expectStatus: 200 } });
    expect(byName["self-up"]).toMatchObject({ kind: "check", host: "mon01", result: { type: "prometheus", breached: false, values: [{ value: 1 }] } });
    expect(byName["self-up"]).not.toHaveProperty("result.breachedSince");
    expect(byName["down-up"]).toMatchObject({ kind: "check", host: "mon01", result: { breached: true, values: [{ value: 0 }] } });
    const since = byName["down-up"]!.kind === "check" && byName["down-up"]!.result.type === "prometheus" ? byName["down-up"]!.result.breachedSince : undefined;
    expect(Date.parse(since ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(byName["no-data"]).toMatchObject({ kind: "check", result: { breached: null, values: [] } });
    expect(byName["bad-query"]).toMatchObject({ kind: "fault", probe: "check", check: "bad-query", fault: { kind: "error" } });
  });

  it("a Prometheus check against a server that is down is a fault, while the other checks still answer", async () => {
    const inv = inventory([
      { name: "feed", host: "agent01", http: { url: `${web.url}/ok` } },
      { name: "ingest", host: "mon01", prometheus: { endpoint: "mon01", query: "up", breach: { op: "<", value: 1 } } },
    ]);
    inv.hosts[0]!.probes.prometheus = { url: `http://127.0.0.1:${closedPort}` };
    const [feed, ingest] = await runChecks({ inventory: inv, now });
    expect(feed).toMatchObject({ kind: "check", result: { status: 200 } });
    expect(ingest).toMatchObject({ kind: "fault", probe: "check", check: "ingest", fault: { kind: "refused" } });
  });
});
