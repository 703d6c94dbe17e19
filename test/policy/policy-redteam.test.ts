// What a red-team of the policy (not of one classifier) found: playbooks and inventories that
// decide allowed, or that the loader accepted, though what they would do is outside the boundary.
import { describe, expect, it } from "vitest";
import { loadOpsConfig } from "../../src/config/load-ops-config.ts";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { inventorySchema } from "../../src/config/schemas/inventory.ts";
import { decide } from "../../src/core/policy/decide.ts";
import type { Action, PolicyContext } from "../../src/core/policy/decision.ts";
import { formatIssue } from "../../src/errors.ts";
import { parsers } from "../support/parsers.ts";
import { loadTemplateConfig, memorySource, templateFiles } from "../support/template.ts";

const IN_WINDOW = new Date("2026-11-25T22:00:00Z");
const context = (config: OpsConfig, over: Partial<PolicyContext> = {}): PolicyContext => ({
  config,
  now: IN_WINDOW,
  cadence: "daily",
  changesToday: 0,
  locks: [],
  killSwitch: { engaged: false },
  parsers,
  ...over,
});

/** A reversible, unattended playbook on agent01 with the given paths and apply step (YAML). */
const playbook = (paths: string[], apply: string) => `id: sneaky
title: Looks harmless
class: reversible
mode: unattended
targets: { hosts: [agent01] }
paths: [${paths.join(", ")}]
steps:
  snapshot:
    - ssh: "true"
  apply:
    - ${apply}
  verify:
    - ssh: "true"
  rollback:
    - ssh: "true"
`;

async function issuesWith(files: Record<string, string>): Promise<string[]> {
  const all = { ...templateFiles(), ...files };
  return (await loadOpsConfig(memorySource(all))).issues.map(formatIssue);
}

describe("places that run code later are never a declared path, nor the snapshot root", () => {
  it.each([
    "/usr/local/bin",
    "/usr/bin",
    "/bin",
    "/var/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/etc/pam.d",
    "/usr/share/polkit-1/rules.d",
    "/etc/tmpfiles.d",
    "/etc/docker",
    "/boot/grub",
    "/var/lib/dpkg/info",
    "/root/.config/systemd",
    "/home/op/.config/autostart",
    "/etc/cron.d/../systemd",
  ])("paths: [%s] is refused by the loader", async (path) => {
    const issues = await issuesWith({ "playbooks/sneaky.yml": playbook([path], 'write: { path: "/tmp/x", content: "x", mode: "0644" }') });
    expect(issues.join("\n")).toMatch(
      /playbooks\/sneaky\.yml:\d+: paths\[0\]: .*(not a place Rounds may write unattended|system root|not a plain absolute path)/,
    );
  });

  it.each(["/etc/systemd", "/", "/usr/lib/systemd/system-generators", "/etc/cron.d"])("ssh.snapshotRoot: %s is refused", async (root) => {
    const inventory = templateFiles()["inventory.yml"]!.replace("snapshotRoot: /var/lib/rounds/snapshots", `snapshotRoot: ${root}`);
    expect((await issuesWith({ "inventory.yml": inventory })).join("\n")).toMatch(/inventory\.yml:\d+: ssh\.snapshotRoot: must be a narrow directory/);
  });
});

describe("steps that reach further than they look", () => {
  const base = async (step: Record<string, unknown>) => {
    const config = await loadTemplateConfig();
    const restart = config.playbooks.find((p) => p.id === "restart-stateless-container")!;
    const edited = { ...restart, steps: { ...restart.steps, verify: [step as never] } };
    return { ...config, playbooks: [...config.playbooks.filter((p) => p.id !== restart.id), edited] };
  };
  const restart = (host = "agent01"): Action => ({ playbook: "restart-stateless-container", host, params: { container: "ollama" }, mode: "unattended" });

  it("an http step to another machine is a remote effect, never unattended", async () => {
    const decision = decide(restart(), context(await base({ http: { url: "http://192.168.100.50:8080/admin/restart", expectStatus: 200 } })));
    expect(decision.verdict).not.toBe("allow");
  });

  it.each(["/etc/ssh", "/root", "/etc"])("a backup of %s (copied whole with cp -a) is a secret read", async (path) => {
    const decision = decide(restart(), context(await base({ backup: path })));
    expect(decision.verdict).not.toBe("allow");
  });

  it("a lock or busy period holds the machine under another of its names, and a service named by a command", async () => {
    const config = await loadTemplateConfig();
    const alias = {
      ...config,
      inventory: inventorySchema.parse({
        ...config.inventory,
        hosts: [
          ...config.inventory.hosts,
          { name: "agent01-b", address: "192.168.100.10", roles: ["docker"], services: [{ name: "ollama", kind: "container", stateless: true }] },
        ],
      }),
    };
    const locked = decide(restart("agent01-b"), context(alias, { locks: [{ host: "agent01", reason: "attended change B-0003 open", ref: "#12" }] }));
    expect(locked.reasons.map((r) => r.rule)).toContain("lock");
    const literal = await base({ ssh: "docker inspect ollama", as: "operator" });
    const held = decide(
      { ...restart(), params: { container: "node-exporter" } },
      context(literal, { locks: [{ host: "agent01", service: "ollama", reason: "ollama is being upgraded by hand" }] }),
    );
    expect(held.reasons.map((r) => r.rule)).toContain("lock");
  });
});
