// Issue 10's acceptance through the CLI: every example of a hostile step, in a playbook declared
// reversible and unattended, is refused by `rounds check` and by `rounds explain` with the effect
// named; the benign look-alikes still pass both.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { rounds } from "../support/cli.ts";
import { explainJob } from "../../src/jobs/explain.ts";
import { HOSTILE_EXAMPLES, hostilePlaybook } from "../support/hostile-examples.ts";

const IN_WINDOW = new Date("2026-11-25T22:00:00Z");

/** A fresh ops repo from `rounds init`, with extra playbooks written into it. */
async function opsWith(playbooks: Record<string, string>): Promise<string> {
  const ops = join(await mkdtemp(join(tmpdir(), "rounds-hostile-")), "ops");
  expect((await rounds("init", ops)).code).toBe(0);
  for (const [id, text] of Object.entries(playbooks)) await writeFile(join(ops, "playbooks", `${id}.yml`), text);
  return ops;
}

const id = (i: number) => `hostile-${String(i).padStart(2, "0")}`;

async function explain(ops: string, playbook: string, host: string, params: string[] = []): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await explainJob({ ops, playbook, host, at: IN_WINDOW, param: params }, { print: (l) => lines.push(l), env: {} });
  return { code, out: lines.join("\n") };
}

describe("a hostile playbook, declared reversible and unattended", () => {
  let ops: string;
  beforeAll(async () => {
    ops = await opsWith(Object.fromEntries(HOSTILE_EXAMPLES.map((e, i) => [id(i), hostilePlaybook(id(i), e)])));
  });

  it(`rounds check refuses all ${HOSTILE_EXAMPLES.length} examples, naming the playbook, the step and the effect`, async () => {
    const result = await rounds("check", "--ops", ops);
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n");
    const missed = HOSTILE_EXAMPLES.flatMap((e, i) => {
      // file:line: key: playbook … — the line is the step's own in the playbook file.
      const about = lines.filter(
        (l) => l.includes(`playbooks/${id(i)}.yml:`) && l.includes(`: steps.apply[0]: playbook "${id(i)}" on ${e.sql ? "db01" : "agent01"} at steps.apply[0]:`),
      );
      if (about.some((l) => !/\.yml:\d+: /.test(l))) return [`${e.step}: a line without its line number`];
      return about.some((l) => l.includes(e.names)) ? [] : [`${e.step} (wanted ${e.names}): ${about.join(" | ") || "no finding"}`];
    });
    expect(missed).toEqual([]);
  });

  it.each(HOSTILE_EXAMPLES.map((e, i) => [e.step, e, i] as const))("rounds explain refuses %s", async (_step, example, i) => {
    const { code, out } = await explain(ops, id(i), example.sql ? "db01" : "agent01");
    expect(code).toBe(1);
    expect(out).toMatch(/^verdict: (deny|escalate)$/m);
    // The effect is named twice: in the reason, and beside the rendered command that has it.
    expect(out).toContain(example.names);
    expect(out).toContain(`steps.apply[0]: ${example.sql ? "sql (market)" : "ssh"}: ${example.step}`);
  });

  it("rounds explain, run as a user runs it, shows the rendered command with its effect and rule", async () => {
    const result = await rounds("explain", id(1), "--host", "agent01", "--ops", ops, "--at", IN_WINDOW.toISOString());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("verdict: deny");
    expect(result.stdout).toContain(`✗ misclassified: ${id(1)} claims class "reversible" but \`sudo -n /sbin/reboot\` is reboot`);
    expect(result.stdout).toMatch(/steps\.apply\[0\]: ssh: sudo -n \/sbin\/reboot\n\s+reboot — reboot: /);
  });
});

describe("benign look-alikes stay allowed", () => {
  const benign = (apply: string, verify: string) => `id: benign
title: Restart the model server and reload Prometheus
class: reversible
mode: unattended
targets: { hosts: [agent01] }
steps:
  snapshot:
    - ssh: docker inspect ollama > {{snapshot_dir}}/inspect.json
  apply:
    - ssh: ${JSON.stringify(apply)}
  verify:
    - ssh: ${JSON.stringify(verify)}
  rollback:
    - ssh: docker start ollama
`;
  const reload = `id: reload-conf
title: Reload PostgreSQL's configuration
class: reversible
mode: unattended
targets: { hosts: [db01] }
steps:
  snapshot:
    - sql: SELECT 1
      database: market
  apply:
    - sql: SELECT pg_reload_conf();
      database: market
  verify:
    - sql: SELECT 1
      database: market
  rollback:
    - sql: SELECT pg_reload_conf();
      database: market
`;

  it("rounds check passes them and rounds explain allows each", async () => {
    const ops = await opsWith({
      benign: benign(
        "docker restart ollama && curl -fsS -X POST http://127.0.0.1:9090/-/reload",
        `test "$(docker inspect --format '{{.State.Running}}' ollama)" = true`,
      ),
      "reload-conf": reload,
    });
    const check = await rounds("check", "--ops", ops);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    for (const [playbook, host] of [
      ["benign", "agent01"],
      ["reload-conf", "db01"],
      ["restart-stateless-container", "agent01"],
    ] as const) {
      const { code, out } = await explain(ops, playbook, host, playbook === "restart-stateless-container" ? ["container=ollama"] : []);
      expect(out).toMatch(/^verdict: allow$/m);
      expect(code).toBe(0);
    }
  });
});
