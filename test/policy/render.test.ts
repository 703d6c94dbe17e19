import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderSteps, shellQuote } from "../../src/core/policy/render.ts";
import { vocabularyFor } from "../../src/core/policy/vocabulary.ts";
import { loadTemplateConfig } from "../support/template.ts";

const config = await loadTemplateConfig();
const agent01 = config.inventory.hosts.find((h) => h.name === "agent01")!;
const db01 = config.inventory.hosts.find((h) => h.name === "db01")!;
const playbook = (id: string) => config.playbooks.find((p) => p.id === id)!;
const builtins = { host: "agent01", snapshot_dir: "/var/lib/rounds/snapshots/c1", change_id: "c1" };

const HOSTILE = [
  "ollama; reboot", "ollama && rm -rf /", "ollama\nreboot", "ollama`id`", "$(reboot)", "ollama|sh", "ollama'", "ollama\"",
  "x'; DROP TABLE ticks; --", "ticks; DELETE FROM ticks", "ticks--", "ticks/**/", "../../etc/passwd", "ollama\u0000", " ollama", "ollama ",
  "ＯＬＬＡＭＡ", "ollama\r", "-rf", "--privileged",
];

describe("parameter rendering", () => {
  it("renders a known container bare and readable", () => {
    const p = playbook("restart-stateless-container");
    const result = renderSteps(p, p.steps.apply, { params: { container: "ollama" }, builtins }, vocabularyFor(config.inventory, agent01));
    expect(result).toEqual({ ok: true, steps: [{ ssh: "docker restart ollama", as: "operator" }] });
  });

  it.each(HOSTILE)("refuses the hostile value %j before it reaches any command", (value) => {
    for (const [id, name, host] of [["restart-stateless-container", "container", agent01], ["timescaledb-compression", "table", db01], ["prometheus-alert-rules", "rules_dir", config.inventory.hosts.find((h) => h.name === "mon01")!]] as const) {
      const p = playbook(id);
      const params: Record<string, string> = { ...(id === "timescaledb-compression" ? { table: "ticks", segment_by: "symbol" } : {}), [name]: value };
      const result = renderSteps(p, [...p.steps.snapshot, ...p.steps.apply, ...p.steps.rollback], { params, builtins: { ...builtins, host: host.name } }, vocabularyFor(config.inventory, host));
      expect(result.ok, `${id}.${name} = ${JSON.stringify(value)}`).toBe(false);
    }
  });

  it("never lets an arbitrary string reach a rendered command (property)", () => {
    const p = playbook("timescaledb-compression");
    const vocabulary = vocabularyFor(config.inventory, db01);
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ maxLength: 40 }), (table, segment) => {
      const result = renderSteps(p, p.phases!.flatMap((ph) => ph.apply), { params: { table, segment_by: segment }, builtins: { ...builtins, host: "db01" } }, vocabulary);
      if (!result.ok) return true;
      // Whatever got through is a plain lower-case identifier: no quote, semicolon, comment or whitespace.
      return /^[a-z_][a-z0-9_]*$/.test(table) && /^[a-z_][a-z0-9_]*$/.test(segment);
    }), { numRuns: 2_000 });
  });

  it("refuses an undeclared parameter and a path outside the declared paths", () => {
    const p = playbook("prometheus-alert-rules");
    const mon01 = config.inventory.hosts.find((h) => h.name === "mon01")!;
    const result = renderSteps(p, p.steps.apply, { params: { rules_dir: "/etc/shadow.d", extra: "x" }, builtins: { ...builtins, host: "mon01" } }, vocabularyFor(config.inventory, mon01));
    expect(result).toEqual({ ok: false, problems: [
      'parameter "rules_dir": "/etc/shadow.d" is outside the playbook\'s declared paths (/etc/prometheus/rules.d)',
      'parameter "extra" is not declared by playbook "prometheus-alert-rules"',
    ] });
  });

  it("shell-quotes anything that is not a plain token", () => {
    expect(shellQuote("ollama")).toBe("ollama");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});
