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
  "ollama; reboot",
  "ollama && rm -rf /",
  "ollama\nreboot",
  "ollama`id`",
  "$(reboot)",
  "ollama|sh",
  "ollama'",
  'ollama"',
  "x'; DROP TABLE ticks; --",
  "ticks; DELETE FROM ticks",
  "ticks--",
  "ticks/**/",
  "../../etc/passwd",
  "ollama\u0000",
  " ollama",
  "ollama ",
  "ＯＬＬＡＭＡ",
  "ollama\r",
  "-rf",
  "--privileged",
];

describe("parameter rendering", () => {
  it("renders a known container bare and readable", () => {
    const p = playbook("restart-stateless-container");
    const result = renderSteps(p, p.steps.apply, { params: { container: "ollama" }, builtins }, vocabularyFor(config.inventory, agent01));
    expect(result).toEqual({ ok: true, steps: [{ ssh: "docker restart ollama", as: "operator" }] });
  });

  it.each(HOSTILE)("refuses the hostile value %j before it reaches any command", (value) => {
    for (const [id, name, host] of [
      ["restart-stateless-container", "container", agent01],
      ["timescaledb-compression", "table", db01],
      ["prometheus-alert-rules", "rules_dir", config.inventory.hosts.find((h) => h.name === "mon01")!],
    ] as const) {
      const p = playbook(id);
      const params: Record<string, string> = { ...(id === "timescaledb-compression" ? { table: "ticks", segment_by: "symbol" } : {}), [name]: value };
      const result = renderSteps(
        p,
        [...p.steps.snapshot, ...p.steps.apply, ...p.steps.rollback],
        { params, builtins: { ...builtins, host: host.name } },
        vocabularyFor(config.inventory, host),
      );
      expect(result.ok, `${id}.${name} = ${JSON.stringify(value)}`).toBe(false);
    }
  });

  it("never lets an arbitrary string reach a rendered command (property)", () => {
    const p = playbook("timescaledb-compression");
    const vocabulary = vocabularyFor(config.inventory, db01);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ maxLength: 40 }), (table, segment) => {
        const result = renderSteps(
          p,
          p.phases!.flatMap((ph) => ph.apply),
          { params: { table, segment_by: segment }, builtins: { ...builtins, host: "db01" } },
          vocabulary,
        );
        if (!result.ok) return true;
        // Whatever got through is a plain lower-case identifier: no quote, semicolon, comment or whitespace.
        return /^[a-z_][a-z0-9_]*$/.test(table) && /^[a-z_][a-z0-9_]*$/.test(segment);
      }),
      { numRuns: 2_000 },
    );
  });

  it("refuses an undeclared parameter and a path outside the declared paths", () => {
    const p = playbook("prometheus-alert-rules");
    const mon01 = config.inventory.hosts.find((h) => h.name === "mon01")!;
    const result = renderSteps(
      p,
      p.steps.apply,
      { params: { rules_dir: "/etc/shadow.d", extra: "x" }, builtins: { ...builtins, host: "mon01" } },
      vocabularyFor(config.inventory, mon01),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'parameter "rules_dir": "/etc/shadow.d" is outside the playbook\'s declared paths (/etc/prometheus/rules.d)',
        'parameter "extra" is not declared by playbook "prometheus-alert-rules"',
      ],
    });
  });

  it("shell-quotes anything that is not a plain token", () => {
    expect(shellQuote("ollama")).toBe("ollama");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});

describe("network-shaped parameters and restart steps (issue 11, item 6)", () => {
  const mon01 = config.inventory.hosts.find((h) => h.name === "mon01")!;
  const role = playbook("postgres-monitoring-role");
  const rules = playbook("prometheus-alert-rules");
  const render = (p: typeof role, params: Record<string, string>, host = db01) =>
    renderSteps(
      p,
      [...p.steps.snapshot, ...p.steps.apply, ...p.steps.rollback],
      { params, builtins: { ...builtins, host: host.name, change_id: "C-2026-11-17-postgres-monitoring-role-db01" } },
      vocabularyFor(config.inventory, host),
    );

  it("renders the template's defaults: the hba rule, the exporter restart by how it runs, the change's marker", () => {
    const result = render(role, {});
    expect(result.ok).toBe(true);
    const text = JSON.stringify(result.ok ? result.steps : []);
    expect(text).toContain("sed -i '1i host all rounds_monitor '172.17.0.0/16' trust # rounds-monitoring'");
    expect(text).toContain('"ssh":"docker restart postgres-exporter"');
    expect(text).toContain("created by rounds change C_2026_11_17_postgres_monitoring_role_db01");
  });

  it("a restart step becomes the command of the service's kind: container, unit or process", () => {
    const withKinds = {
      ...vocabularyFor(config.inventory, db01),
      services: [
        { name: "exp-c", kind: "container" as const },
        { name: "exp-u", kind: "unit" as const },
        { name: "exp-p", kind: "process" as const, pidFile: "/run/exp.pid" },
      ],
    };
    const steps = (exporter: string) => renderSteps(role, [{ restart: "{{exporter}}" }], { params: { exporter }, builtins }, withKinds);
    expect(steps("exp-c")).toEqual({ ok: true, steps: [{ ssh: "docker restart exp-c", as: "operator" }] });
    expect(steps("exp-u")).toEqual({ ok: true, steps: [{ ssh: "systemctl restart exp-u", as: "operator" }] });
    expect(steps("exp-p")).toEqual({ ok: true, steps: [{ ssh: "pkill -F /run/exp.pid", as: "operator" }] });
    expect(steps("nope").ok).toBe(false);
  });

  it.each([
    ["hba_network", "0.0.0.0/0"],
    ["hba_network", "10.0.0.0/8"],
    ["hba_network", "172.17.0.1/16"],
    ["hba_network", "172.17.0.0/33"],
    ["hba_network", "::/0"],
    ["hba_network", "172.17.0.0/16 trust"],
    ["hba_network", "172.17.0.0/16'"],
    ["hba_network", "fw01"],
    ["hba_method", "password"],
    ["hba_method", "trust\nhost all all 0.0.0.0/0 trust"],
    ["exporter", "quote-cache; reboot"],
    ["exporter", "fw01"],
  ])("refuses %s = %j", (name, value) => {
    expect(render(role, { [name]: value }).ok).toBe(false);
  });

  it.each([
    ["hba_network", "10.20.0.0/16"],
    ["hba_network", "10.20.30.40/32"],
    ["hba_network", "fd00:1::/64"],
    ["hba_type", "hostssl"],
    ["hba_method", "cert"],
  ])("accepts %s = %j", (name, value) => {
    expect(render(role, { [name]: value }).ok).toBe(true);
  });

  it.each([
    "http://127.0.0.1:9090/-/reload?x=1",
    "http://user:pw@127.0.0.1:9090/-/reload",
    "http://127.0.0.1:9090/-/reload#x",
    "file:///etc/shadow",
    "http://127.0.0.1:9090/$(reboot)",
    "http://127.0.0.1:9090/a b",
    "http://127.0.0.1:99999/",
    "http://127.0.0.1\\@fw01/",
    "http://[::1/",
    "gopher://127.0.0.1/",
    "http://127.0.0.1:9090/%2e%2e/",
  ])("refuses the reload URL %j", (url) => {
    expect(render(rules, { reload_url: url }, mon01).ok).toBe(false);
  });

  it.each(["http://127.0.0.1:9090/-/reload", "https://prometheus.internal:9443/prom/-/reload", "http://[::1]:9090/-/reload"])(
    "accepts the reload URL %j",
    (url) => {
      const result = render(rules, { reload_url: url }, mon01);
      expect(result.ok).toBe(true);
      expect(JSON.stringify(result.ok ? result.steps : [])).toContain(`curl -fsS -X POST '${url}'`);
    },
  );

  it("whatever an address, network or URL parameter accepts is free of shell, SQL and URL metacharacters (property)", () => {
    // The oracle: the characters each type could ever need, written apart from the validators.
    const plain = /^[A-Za-z0-9.:/[\]_~-]+$/;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 40 }),
          fc.ipV4().map((ip) => `${ip}/24`),
          fc.webUrl(),
        ),
        (value) => {
          for (const [name, p, host] of [
            ["hba_network", role, db01],
            ["reload_url", rules, mon01],
          ] as const) {
            const result = render(p, { [name]: value }, host);
            if (result.ok && !plain.test(value)) return false;
          }
          return true;
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
