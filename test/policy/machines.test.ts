// Protection follows the machine, not the spelling (issue 10, item 5): names, addresses as the
// runner reaches them, DNS answers taken at load, pinned host keys, jump paths, every name's
// protected services, and the kill switch that fails closed.
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOpsConfig } from "../../src/config/load-ops-config.ts";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { resolveAddresses } from "../../src/config/resolve-addresses.ts";
import { inventorySchema } from "../../src/config/schemas/inventory.ts";
import { reachedBy } from "../../src/core/policy/addresses.ts";
import { decide } from "../../src/core/policy/decide.ts";
import type { Action, PolicyContext } from "../../src/core/policy/decision.ts";
import { buildMachines } from "../../src/core/policy/machines.ts";
import { formatIssue } from "../../src/errors.ts";
import { readKillSwitch } from "../../src/jobs/policy-context.ts";
import { parsers } from "../support/parsers.ts";
import { loadTemplateConfig, memorySource, templateFiles } from "../support/template.ts";

const template = await loadTemplateConfig();
const FW01 = "192.168.100.1";
const AGENT01 = "192.168.100.10";

/** The template with extra inventory hosts (parsed by the real schema) and optional DNS answers. */
function withHosts(hosts: Record<string, unknown>[], resolved: OpsConfig["resolved"] = {}): OpsConfig {
  const inventory = inventorySchema.parse({ ...template.inventory, hosts: [...template.inventory.hosts, ...hosts] });
  return { ...template, inventory, resolved };
}

const docker = (name: string, address: string, extra: Record<string, unknown> = {}) => ({
  name,
  address,
  roles: ["docker"],
  services: [{ name: "ollama", kind: "container", stateless: true }],
  ...extra,
});

const context = (config: OpsConfig): PolicyContext => ({
  config,
  now: new Date("2026-11-25T22:00:00Z"),
  cadence: "daily",
  changesToday: 0,
  locks: [],
  killSwitch: { engaged: false },
  parsers,
});
const restart = (host: string, container = "ollama"): Action => ({ playbook: "restart-stateless-container", host, params: { container }, mode: "unattended" });
const deniedBy = (action: Action, config: OpsConfig) =>
  decide(action, context(config))
    .reasons.filter((r) => r.verdict === "deny")
    .map((r) => r.rule);

describe("an address is what the runner reaches, however it is spelled", () => {
  const spellings = [
    FW01,
    `::ffff:${FW01}`,
    "::FFFF:C0A8:6401",
    `[::ffff:${FW01}]`,
    "0xc0.0xa8.0x64.0x1",
    "0300.0250.0144.01",
    "3232261121",
    "192.168.100.001",
    "192.11035649",
    `64:ff9b::${FW01}`,
    "192.168.100.1.",
  ];
  it.each(spellings)("%s is 192.168.100.1", (spelling) => {
    expect(reachedBy(spelling)).toContainEqual({ kind: "ip", ip: FW01 });
  });

  it.each(["127.0.0.1", "127.1", "0x7f000001", "::1", "0.0.0.0", "::", "localhost", "LOCALHOST.", "db.localhost", "::ffff:127.0.0.1"])(
    "%s is the step's own host",
    (spelling) => {
      expect(reachedBy(spelling)).toEqual([{ kind: "loopback" }]);
    },
  );
});

describe("a host is protected when it is the same machine as a protected one", () => {
  it.each([
    ["fw01's address", { address: FW01 }],
    ["fw01's address, IPv4-mapped", { address: `::ffff:${FW01}` }],
    ["fw01's address in hex", { address: "0xc0a86401" }],
    ["fw01's name in capitals", { address: "10.9.9.9", name: "FW01" }],
    ["fw01's name in mixed case", { address: "10.9.9.9", name: "fW01" }],
  ])("gateway with %s", (_what, over) => {
    const config = withHosts([{ ...docker("gateway", "10.9.9.9"), ...over }]);
    const name = (over as { name?: string }).name ?? "gateway";
    const protection = buildMachines(config).isProtected(name);
    expect(protection).toMatchObject({ protected: true, cause: "same-machine", as: "fw01" });
    expect(protection.why).toMatch(new RegExp(`^${name} is the same machine as protected host fw01 \\(${name} shares .+ with fw01\\)`));
    expect(deniedBy(restart(name), config)).toEqual(["protected-host"]);
  });

  it("a DNS name that resolved to fw01's address at load", () => {
    const config = withHosts([docker("gateway", "gw.lab.example")], { "gw.lab.example": [FW01] });
    expect(buildMachines(config).isProtected("gateway")).toMatchObject({ protected: true, as: "fw01" });
    expect(deniedBy(restart("gateway"), config)).toEqual(["protected-host"]);
  });

  it("fw01's pinned host key on another address", () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFw01KeyFw01KeyFw01KeyFw01KeyFw01KeyFw01Key";
    const inventory = inventorySchema.parse({
      ...template.inventory,
      hosts: [...template.inventory.hosts.map((h) => (h.name === "fw01" ? { ...h, hostKey: key } : h)), docker("gateway", "10.9.9.9", { hostKey: key })],
    });
    const config = { ...template, inventory, resolved: {} };
    expect(buildMachines(config).isProtected("gateway").why).toContain("shares the host key ssh-ed25519 AAAAC3NzaC1l");
  });

  it("a chain: gateway shares an address with relay, which shares fw01's name", () => {
    const config = withHosts([docker("gateway", "10.9.9.9"), docker("Fw01", "10.9.9.9")]);
    expect(buildMachines(config).isProtected("gateway").why).toBe(
      "gateway is the same machine as protected host fw01 (gateway shares 10.9.9.9 with Fw01, which shares the name fw01 with fw01): it is never automated, attended or not",
    );
  });

  it("fails closed: a protected host whose name does not resolve protects every host", async () => {
    const files = templateFiles();
    files["inventory.yml"] = files["inventory.yml"]!.replace(`address: ${FW01},`, "address: fw01.invalid,");
    const { config } = await loadOpsConfig(memorySource(files), {
      resolve: (inventory) =>
        resolveAddresses(inventory, {
          lookup: async () => {
            throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
          },
        }),
    });
    expect(config).toBeDefined();
    const protection = buildMachines(config!).isProtected("agent01");
    expect(protection).toMatchObject({ protected: true, cause: "unresolved" });
    expect(protection.why).toBe(
      "protected host fw01's address fw01.invalid did not resolve (ENOTFOUND): no host can be told apart from it, so none is automated until it resolves",
    );
    expect(deniedBy(restart("agent01"), config!)).toEqual(["protected-host"]);
  });

  it("fails closed: a host whose own name does not resolve, or does not answer in time, is not automated", async () => {
    const inventory = inventorySchema.parse({ ...template.inventory, hosts: [...template.inventory.hosts, docker("slow", "slow.lab.example")] });
    const resolved = await resolveAddresses(inventory, { lookup: () => new Promise(() => {}), timeoutMs: 50 });
    expect(resolved).toEqual({ "slow.lab.example": { error: "no answer within 50 ms" } });
    const config = { ...template, inventory, resolved };
    expect(buildMachines(config).isProtected("slow")).toMatchObject({ protected: true, cause: "unresolved" });
    expect(buildMachines(config).isProtected("agent01").protected).toBe(false);
  });

  it("on loopback the port tells SSH servers apart; on any other address it does not", () => {
    const config = withHosts([
      docker("lab-a", "127.0.0.1", { port: 2201 }),
      docker("lab-b", "127.0.0.1", { port: 2202 }),
      docker("side", FW01, { port: 2222 }),
    ]);
    const machines = buildMachines(config);
    expect(machines.namesOf("lab-a")).toEqual(["lab-a"]);
    expect(machines.isProtected("side").as).toBe("fw01");
  });
});

describe("a protected machine is never a jump host, and never reached from a step", () => {
  it("jump: fw01 (or any name of it) is refused by the loader and by decide", async () => {
    const files = templateFiles();
    files["inventory.yml"] = files["inventory.yml"]!.replace(
      "  - name: agent01\n    address: 192.168.100.10\n",
      "  - name: agent01\n    address: 192.168.100.10\n    jump: fw01\n",
    );
    const { issues } = await loadOpsConfig(memorySource(files));
    expect(issues.map(formatIssue)).toEqual([
      "inventory.yml:17: hosts[0].jump: fw01 is a protected host in guardrails.yml: it is never automated, attended or not; a protected host is never a jump host",
    ]);
    const config = withHosts([docker("inner", "10.9.9.9", { jump: "gateway" }), docker("gateway", FW01)]);
    expect(deniedBy(restart("inner"), config)).toEqual(["protected-jump"]);
  });

  it.each([
    `ssh root@${FW01} /sbin/reboot`,
    "ssh -p 2222 root@[::ffff:c0a8:6401] true",
    "scp /tmp/x gateway:/tmp/x",
    `curl -X POST http://${FW01}/api/apply`,
    "curl -fsS http://0xc0a86401:8080/",
    "curl -fsS http://FW01/status",
    `nc -z ${FW01} 22`,
  ])("%s, from agent01", (command) => {
    const config = withHosts([docker("gateway", FW01)]);
    const playbook = { ...config.playbooks.find((p) => p.id === "restart-stateless-container")! };
    playbook.steps = { ...playbook.steps, verify: [{ ssh: command, as: "operator" }] };
    const edited = { ...config, playbooks: [...config.playbooks.filter((p) => p.id !== playbook.id), playbook] };
    expect(deniedBy(restart("agent01"), edited)).toContain("protected-reach");
  });

  it("an http step to the firewall is refused; loopback inside a step is the step's own host", () => {
    const playbook = (url: string) => {
      const base = template.playbooks.find((p) => p.id === "restart-stateless-container")!;
      return {
        ...template,
        playbooks: [
          ...template.playbooks.filter((p) => p.id !== base.id),
          { ...base, steps: { ...base.steps, verify: [{ http: { url, expectStatus: 200 } }] } },
        ],
      };
    };
    expect(deniedBy(restart("agent01"), playbook(`http://${FW01}/`))).toContain("protected-reach");
    expect(deniedBy(restart("agent01"), playbook("http://127.0.0.1:11434/api/tags"))).toEqual([]);
  });
});

describe("protected services follow every name of the machine, in any case", () => {
  it("a second name for agent01 cannot declare trading-alpha stateless and restart it", async () => {
    const files = templateFiles();
    files["inventory.yml"] = files["inventory.yml"]!.replace(
      "  - name: db01\n",
      "  - name: agent01-alt\n    address: 192.168.100.10\n    roles: [docker]\n    services:\n      - { name: trading-alpha, kind: container, stateless: true }\n\n  - name: db01\n",
    );
    const { issues } = await loadOpsConfig(memorySource(files));
    expect(issues.map(formatIssue)).toContain(
      "inventory.yml:30: hosts[1].services[0].stateless: trading-alpha is declared stateless on agent01-alt but stateful on agent01, names of the same machine: declare it the same way on every name (until then it counts as stateful)",
    );
    // And were the loader bypassed, decide still refuses it on the machine's every name.
    const config = withHosts([docker("agent01-alt", AGENT01, { services: [{ name: "trading-alpha", kind: "container", stateless: true }] })]);
    const denied = decide(restart("agent01-alt", "trading-alpha"), context(config)).reasons.filter((r) => r.verdict === "deny");
    expect(denied.map((r) => r.rule)).toEqual(expect.arrayContaining(["protected-service", "stateless-disagreement"]));
    expect(denied.find((r) => r.rule === "protected-service")!.detail).toBe(
      'trading-alpha on agent01-alt is business logic (protected.services of agent01, the same machine as agent01-alt: "trading-*", any case): never a target',
    );
  });

  it.each(["Trading-Alpha", "TRADING-ALPHA", "ｔｒａｄｉｎｇ-alpha"])("%s is a protected name", (spelling) => {
    expect(buildMachines(template).protectedService("agent01", spelling)).toEqual({ glob: "trading-*", on: "agent01" });
  });
});

describe("the kill switch fails closed", () => {
  const at = async (make: (path: string) => Promise<void>) => {
    const ops = await mkdtemp(join(tmpdir(), "rounds-stop-"));
    await make(join(ops, "STOP"));
    return readKillSwitch(ops, template, {});
  };
  it("absent: not engaged", async () => expect(await at(async () => {})).toEqual({ engaged: false }));
  it("a file", async () => expect(await at((p) => writeFile(p, ""))).toEqual({ engaged: true, reason: "STOP exists at the ops repo's root" }));
  it("a dangling symbolic link", async () =>
    expect(await at((p) => symlink("/nonexistent/target", p))).toEqual({
      engaged: true,
      reason: "STOP exists at the ops repo's root (a symbolic link; anything there engages it)",
    }));
  it("a directory", async () => expect((await at((p) => mkdir(p))).engaged).toBe(true));
  it("a path that cannot be checked", async () => {
    const ops = await mkdtemp(join(tmpdir(), "rounds-stop-"));
    await writeFile(join(ops, "not-a-dir"), "");
    const config = { ...template, guardrails: { ...template.guardrails, killSwitch: { ...template.guardrails.killSwitch, file: "not-a-dir/STOP" } } };
    expect(await readKillSwitch(ops, config, {})).toEqual({
      engaged: true,
      reason: "not-a-dir/STOP at the ops repo's root cannot be checked (ENOTDIR): the kill switch fails closed",
    });
  });
  it("the environment variable", async () => {
    expect(await readKillSwitch(await mkdtemp(join(tmpdir(), "rounds-stop-")), template, { [template.guardrails.killSwitch.env]: "1" })).toMatchObject({
      engaged: true,
    });
  });
});
