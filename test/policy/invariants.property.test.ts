// DESIGN §4 invariants 2–4, attacked with generated guardrails, inventories, playbooks, actions and
// contexts. The oracle below is written independently of the engine: plain string checks over the
// generated inputs, so a bug in the engine's own classification cannot hide itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { guardrailsSchema } from "../../src/config/schemas/guardrails.ts";
import { inventorySchema } from "../../src/config/schemas/inventory.ts";
import { playbookSchema } from "../../src/config/schemas/playbook.ts";
import { decide } from "../../src/core/policy/decide.ts";
import type { Action, PolicyContext } from "../../src/core/policy/decision.ts";
import { parsers } from "../support/parsers.ts";

const RUNS = Number(process.env.ROUNDS_PROPERTY_RUNS ?? 10_000);
const HOSTS = ["web1", "db1", "fw1", "mon1"];
const SERVICES = ["api", "worker", "trading-a", "trading-b", "cache", "exporter"];
const ROLES = ["docker", "postgres", "edge"];
const SAFE_COMMANDS = [
  "true",
  "docker restart {{svc}}",
  "cat /etc/hostname",
  "curl -fsS http://127.0.0.1:9090/-/reload",
  "cp -a /etc/app {{snapshot_dir}}/app",
];
const DANGEROUS: Record<string, string[]> = {
  reboot: ["reboot", "sudo shutdown -r now", "systemctl reboot", "init 6"],
  firewall: ["iptables -F", "nft flush ruleset", "ufw disable", "pfctl -d"],
  data: ["psql -c 'DELETE FROM ticks'", "rm -rf /var/lib/postgresql", "mkfs.ext4 /dev/sdb", "dd if=/dev/zero of=/dev/sda"],
  schema: ["psql -c 'ALTER TABLE ticks ADD COLUMN x int'"],
  retention: ["psql -c \"SELECT drop_chunks('ticks', INTERVAL '1 day')\""],
  "stateful-restart": ["systemctl restart postgresql", "docker restart db-primary"],
};
const DANGER_WORDS = Object.entries(DANGEROUS).flatMap(([kind, list]) => list.map((command) => ({ kind, command })));
const HOSTILE_VALUES = ["api; reboot", "trading-a", "api\nreboot", "$(reboot)", "cache", "api", "worker", "exporter", "trading-b", "../etc"];

const guardrailsArb = fc.record({
  protectedHosts: fc.subarray(HOSTS, { maxLength: 2 }),
  protectedGlobs: fc.dictionary(fc.constantFrom(...HOSTS), fc.subarray(["trading-*", "cache", "work*"], { minLength: 1 })),
  maxChangesPerDay: fc.integer({ min: 0, max: 3 }),
  // Most generated fleets protect few things, so allow decisions are common enough to check.
  windows: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});
// Most hosts have their own address; some share another's (spelled plainly or IPv4-mapped), so one
// machine has two inventory names and protection must follow the machine, not the name.
const hostArb = (name: string, i: number) =>
  fc.record({
    name: fc.constant(name),
    address: fc.oneof(
      { weight: 5, arbitrary: fc.constant(`10.0.0.${i + 1}`) },
      { weight: 1, arbitrary: fc.constantFrom("10.0.0.1", "10.0.0.3", "::ffff:10.0.0.3", "::FFFF:a00:1") },
    ),
    roles: fc.oneof({ weight: 3, arbitrary: fc.constant(["docker"]) }, { weight: 1, arbitrary: fc.subarray(ROLES, { minLength: 1 }) }),
    // Every host runs every service, so generated parameters usually pass the vocabulary check and the
    // interesting rules get exercised; statefulness varies.
    services: fc.tuple(...SERVICES.map((svc) => fc.record({ name: fc.constant(svc), kind: fc.constant("container"), stateless: fc.boolean() }))),
  });
const commandArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SAFE_COMMANDS) },
  { weight: 1, arbitrary: fc.constantFrom(...DANGER_WORDS.map((d) => d.command)) },
);
const playbookArb = fc.record({
  class: fc.constantFrom("reversible", "reversible", "stateful", "data"),
  mode: fc.constantFrom("unattended", "unattended", "attended"),
  touches: fc.subarray(["schema", "retention", "reboot"], { maxLength: 1 }),
  targets: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ hosts: [] as string[], roles: ["docker"] }) },
    fc.record({ hosts: fc.subarray(HOSTS), roles: fc.subarray(ROLES) }).filter((t) => t.hosts.length + t.roles.length > 0),
  ),
  apply: fc.array(commandArb, { minLength: 1, maxLength: 2 }),
});
// Weighted towards actions that could be allowed, so the oracle below runs often; the hostile and
// unknown values still come up in every run.
const actionArb = fc.record({
  playbook: fc.oneof(
    { weight: 8, arbitrary: fc.constant("pb-a") },
    { weight: 3, arbitrary: fc.constantFrom("pb-b", "pb-c") },
    { weight: 1, arbitrary: fc.constant("pb-unknown") },
  ),
  host: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...HOSTS) }, { weight: 1, arbitrary: fc.constant("ghost") }),
  svc: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...SERVICES) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_VALUES) }),
  mode: fc.constantFrom("unattended", "unattended", "attended"),
});
const contextArb = fc.record({
  changesToday: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }) }),
  kill: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  cadence: fc.constantFrom("daily", "daily", "daily", "weekly", "research", "event"),
  approved: fc.boolean(),
  sameHash: fc.boolean(),
  now: fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-01-01T00:00:00Z"), noInvalidDate: true }),
});

const caseArb = fc.record({
  guard: guardrailsArb,
  hosts: fc.tuple(...HOSTS.map((h, i) => hostArb(h, i))),
  playbooks: fc.tuple(playbookArb, playbookArb, playbookArb).map((list) => list.map((p, i) => ({ ...p, id: ["pb-a", "pb-b", "pb-c"][i]! }))),
  action: actionArb,
  ctx: contextArb,
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: Case): OpsConfig {
  const guardrails = guardrailsSchema.parse({
    version: 1,
    timezone: "UTC",
    protected: { hosts: g.guard.protectedHosts, services: g.guard.protectedGlobs, firewall: true },
    unattended: { maxChangesPerDay: g.guard.maxChangesPerDay, windows: g.guard.windows ? [{ start: "18:00", end: "06:00" }] : [] },
  });
  const inventory = inventorySchema.parse({ version: 1, hosts: g.hosts });
  const playbooks = g.playbooks.map((p) =>
    playbookSchema.parse({
      id: p.id,
      title: p.id,
      class: p.class,
      mode: p.mode,
      touches: p.touches,
      targets: p.targets,
      parameters: { svc: { type: "container" } },
      steps: { snapshot: [{ ssh: "true" }], apply: p.apply.map((ssh: string) => ({ ssh })), verify: [{ ssh: "true" }], rollback: [{ ssh: "true" }] },
    }),
  );
  return { guardrails, inventory, playbooks };
}

describe(`policy invariants hold for ${RUNS} generated cases`, () => {
  it("2–4: protected targets, forbidden classes and the budget are never allowed", () => {
    let allowed = 0;
    let checked = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const config = build(c);
        const action: Action = { playbook: c.action.playbook, host: c.action.host, params: { svc: c.action.svc }, mode: c.action.mode as Action["mode"] };
        const context: PolicyContext = {
          config,
          now: c.ctx.now,
          cadence: c.ctx.cadence as PolicyContext["cadence"],
          changesToday: c.ctx.changesToday,
          locks: [],
          killSwitch: { engaged: c.ctx.kill },
          parsers,
          approval: c.ctx.approved ? { pr: 1, mergeCommit: "abcdef1", approvedHash: "h", currentHash: c.ctx.sameHash ? "h" : "x" } : undefined,
        };
        const decision = decide(action, context);
        checked++;
        if (decision.verdict !== "allow") return true;
        allowed++;
        const playbook = config.playbooks.find((p) => p.id === action.playbook)!;
        const raw = playbook.steps.apply.map((s) => ("ssh" in s ? s.ssh : ""));
        const commands = raw.map((s) => s.replaceAll("{{svc}}", c.action.svc));
        // The oracle's own idea of a machine: the address with any IPv4-mapped prefix taken off.
        const machine = (name: string) => {
          const address = config.inventory.hosts.find((h) => h.name === name)!.address.toLowerCase();
          return address === "::ffff:a00:1" ? "10.0.0.1" : address.replace(/^::ffff:/, "");
        };
        const names = config.inventory.hosts.filter((h) => machine(h.name) === machine(action.host)).map((h) => h.name);
        const globs = names.flatMap((n) => config.guardrails.protected.services[n] ?? []);
        const matchesGlob = (name: string) => globs.some((g) => (g.endsWith("*") ? name.startsWith(g.slice(0, -1)) : name === g));
        // Invariant 2: never a protected host, a business service, or the firewall.
        for (const name of names) expect(config.guardrails.protected.hosts).not.toContain(name);
        expect(matchesGlob(c.action.svc) && commands.some((cmd) => cmd.includes(c.action.svc))).toBe(false);
        for (const cmd of commands) for (const svc of SERVICES) if (matchesGlob(svc)) expect(cmd.split(/\s+/)).not.toContain(svc);
        expect(commands.some((cmd) => DANGEROUS.firewall!.includes(cmd))).toBe(false);
        if (action.mode === "unattended") {
          // Invariant 3: no forbidden class unattended, by declaration or by what the commands do.
          expect(playbook.class).toBe("reversible");
          expect(playbook.touches).toEqual([]);
          const stateless = names.every(
            (n) => config.inventory.hosts.find((h) => h.name === n)!.services.find((s) => s.name === c.action.svc)?.stateless === true,
          );
          for (const cmd of raw) expect(DANGER_WORDS.some((d) => d.command === cmd)).toBe(false);
          for (const cmd of commands) if (cmd.startsWith("docker restart")) expect(stateless).toBe(true);
          // Invariant 4: the budget.
          expect(c.ctx.changesToday).toBeLessThan(config.guardrails.unattended.maxChangesPerDay);
        }
        expect(c.ctx.kill).toBe(false);
        expect(c.ctx.cadence).not.toBe("research");
        return true;
      }),
      { numRuns: RUNS },
    );
    // The generator must reach the allow path often enough for the checks above to mean something.
    expect(checked).toBe(RUNS);
    expect(allowed).toBeGreaterThan(RUNS / 100);
  });
});
