import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createLocalTransport } from "../../src/adapters/local-transport.ts";
import { monotonicClock } from "../../src/adapters/monotonic-clock.ts";
import type { HostSession } from "../../src/adapters/ports.ts";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import type { Intent } from "../../src/core/change/change-record.ts";
import type { PolicyContext } from "../../src/core/policy/decision.ts";
import type { ChangePorts } from "../../src/executor/change-ports.ts";
import { executeChange } from "../../src/executor/execute-change.ts";
import { reconcileIntent } from "../../src/executor/reconcile-intent.ts";
import { watchEntryFor } from "../../src/core/review/watch-entry.ts";
import { checkWatch } from "../../src/jobs/review/check-watch.ts";
import { checkRollback } from "../../src/executor/snapshot.ts";
import { runSql } from "../../src/jobs/review/change-ports.ts";
import { startPostgres } from "../support/postgres.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { parsers } from "../support/parsers.ts";

let root: string;
let conf: string;
let events: string[];
let config: OpsConfig;

/** A playbook that edits a config file under the sandbox: backup, write, verify with grep, restore. */
const playbook = (
  root: string,
  {
    verify = "grep -q '^level=debug$' {{file}}",
    rollback = "cp -a {{snapshot_dir}}/backup-1 {{file}}",
    apply = "sed -i 's/^level=.*/level=debug/' {{file}}",
    verifyStep = "",
  } = {},
) => `
id: set-log-level
title: Set the app's log level
class: reversible
mode: unattended
targets: { hosts: [agent01] }
paths: [${root}/agent01/etc]
parameters:
  file: { type: path, default: ${root}/agent01/etc/app.conf }
steps:
  snapshot:
    - backup: "{{file}}"
  apply:
    - ssh: ${apply.startsWith("sed") ? apply : JSON.stringify(apply)}
  verify:
    - ${verifyStep || `ssh: ${JSON.stringify(verify)}`}
  rollback:
    - ssh: ${JSON.stringify(rollback)}
`;

async function setup(options?: Parameters<typeof playbook>[1]) {
  const loaded = await loadTemplateConfig((files) => {
    files["playbooks/set-log-level.yml"] = playbook(root, options);
  });
  // The inventory's snapshot root is the sandbox's, as the review would pass it to the executor.
  config = { ...loaded, inventory: { ...loaded.inventory, ssh: { ...loaded.inventory.ssh, snapshotRoot: request.snapshotRoot } } };
}

const context = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  config,
  now: new Date("2026-11-25T22:00:00Z"),
  cadence: "daily",
  changesToday: 0,
  locks: [],
  killSwitch: { engaged: false },
  parsers,
  ...over,
});

/** Real ports over the local transport; the intent and kill switch are recorded as events in order. */
async function ports(): Promise<ChangePorts & { session: HostSession }> {
  const host = config.inventory.hosts.find((h) => h.name === "agent01")!;
  const inner = await createLocalTransport({ root }).open(host, "operator");
  const session: HostSession = {
    ...inner,
    exec: (command, o) => {
      events.push(`exec ${command.split(" ")[0]}`);
      return inner.exec(command, o);
    },
  };
  return {
    session,
    recordIntent: async (intent) => {
      events.push(`intent ${intent.id} (conf: ${(await readFile(conf, "utf8")).trim()})`);
    },
    engageKillSwitch: async (reason) => {
      events.push(`kill switch: ${reason}`);
    },
    shellSyntax: async (command) => {
      const r = spawnSync("sh", ["-n"], { input: command });
      return r.status === 0 ? undefined : r.stderr.toString().trim();
    },
    clock: monotonicClock,
    stepTimeoutMs: 30_000,
    now: () => new Date("2026-11-25T22:00:00Z"),
  };
}

const request = {
  id: "C-20261125-1",
  action: { playbook: "set-log-level", host: "agent01", params: {}, mode: "unattended" as const },
  why: "test",
  get snapshotRoot() {
    return `${root}/agent01/snapshots`;
  },
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "rounds-exec-"));
  await mkdir(join(root, "agent01", "etc"), { recursive: true });
  conf = join(root, "agent01", "etc", "app.conf");
  await writeFile(conf, "level=info\n");
  events = [];
});

describe("executeChange", () => {
  it("snapshots, checks the rollback, commits the intent before apply, applies and verifies", async () => {
    await setup();
    const outcome = await executeChange(request, context(), await ports());
    expect(outcome.status).toBe("applied");
    expect(await readFile(conf, "utf8")).toBe("level=debug\n");
    expect(outcome.steps.map((s) => `${s.stage} ${s.ok}`)).toEqual(["snapshot true", "check true", "check true", "apply true", "verify true"]);
    // The intent was committed while the file was still untouched.
    const intentAt = events.findIndex((e) => e.startsWith("intent"));
    expect(events[intentAt]).toBe("intent C-20261125-1 (conf: level=info)");
    expect(events.slice(intentAt + 1)[0]).toBe("exec sed");
    expect(outcome.intent.backups).toEqual([
      { path: conf, copy: `${root}/agent01/snapshots/agent01/C-20261125-1/backup-1`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(outcome.intent.decision.map((r) => r.rule)).toEqual(["target", "class", "schedule"]);
  });

  it("refuses before touching the host when the policy does not allow it", async () => {
    await setup();
    const outcome = await executeChange(request, context({ changesToday: 1 }), await ports());
    expect(outcome).toMatchObject({ status: "refused", problem: expect.stringContaining("1 of 1 unattended change(s) already applied") });
    expect(events).toEqual([]);
  });

  it("refuses when the snapshot fails, and changes nothing", async () => {
    await setup();
    const { rm } = await import("node:fs/promises");
    await rm(conf);
    const outcome = await executeChange(request, context(), await ports());
    expect(outcome.status).toBe("refused");
    expect(outcome.problem).toMatch(/^the snapshot failed \(backup .*app\.conf → .*backup-1: cp: cannot stat/);
    expect(events.some((e) => e.startsWith("intent"))).toBe(false);
  });

  it("refuses when the rollback does not parse, and changes nothing", async () => {
    await setup({ rollback: "cp -a {{snapshot_dir}}/backup-1 {{file}} && (" });
    const outcome = await executeChange(request, context(), await ports());
    expect(outcome.status).toBe("refused");
    expect(outcome.problem).toMatch(
      /^the policy did not allow it \(escalate\): `cp -a .*&& \(` cannot be fully understood \(shell parse: the shell parser rejects the step: .*without matching \( with \)/,
    );
    expect(await readFile(conf, "utf8")).toBe("level=info\n");
    expect(events).toEqual([]);
  });

  it("rolls back a change whose verify fails, and verifies the restored state", async () => {
    await setup({ verify: "grep -q '^level=trace$' {{file}}" });
    const outcome = await executeChange(request, context(), await ports());
    expect(outcome.status).toBe("rolled-back");
    expect(await readFile(conf, "utf8")).toBe("level=info\n");
    expect(outcome.steps.slice(-3).map((s) => `${s.stage} ${s.ok}`)).toEqual(["verify false", "rollback true", "restored true"]);
    expect(outcome.problem).toMatch(/verify failed: .*; rolled back and the restored state verified$/);
  });

  it("engages the kill switch when the rollback fails", async () => {
    await setup({ verify: "false", rollback: "cp {{snapshot_dir}}/no-such-file {{file}}" });
    const outcome = await executeChange(request, context(), await ports());
    expect(outcome.status).toBe("rollback-failed");
    expect(events.at(-1)).toMatch(/^kill switch: rollback of C-20261125-1 \(set-log-level on agent01\) failed: ssh: cp /);
  });
});

describe("executeChange: the apply commands are syntax-checked too", () => {
  it("refuses an apply command that would not parse, before the intent", async () => {
    config = await loadTemplateConfig((files) => {
      files["playbooks/set-log-level.yml"] = playbook(root).replace(
        "    - ssh: sed -i 's/^level=.*/level=debug/' {{file}}",
        '    - ssh: "sed -i \'s/^level=.*/level=debug {{file}}"',
      );
    });
    const outcome = await executeChange(request, context(), await ports());
    expect(outcome.status).toBe("refused");
    expect(outcome.problem).toMatch(
      /^the policy did not allow it \(escalate\): `sed -i .*` cannot be fully understood \(shell parse: the shell parser rejects the step: .*without closing quote/,
    );
    expect(events).toEqual([]);
    expect(await readFile(conf, "utf8")).toBe("level=info\n");
  });
});

describe("checkRollback: the host's own shell checks what the policy parsed", () => {
  it("reports an apply and a rollback command the host's sh -n rejects", async () => {
    await setup();
    const outcomes = await checkRollback([{ ssh: "cp a b && (", as: "operator" }], [], await ports(), [{ ssh: "sed -i 's/x/y/ f", as: "operator" }]);
    expect(outcomes.map((o) => `${o.text} ${o.ok}`)).toEqual(["apply syntax: sed -i 's/x/y/ f false", "rollback syntax: cp a b && ( false"]);
    expect(outcomes.every((o) => typeof o.detail === "string" && o.detail.length > 0)).toBe(true);
  });
});

describe("executeChange: every wait ends, and a failed verify always reaches the rollback", () => {
  /** A clock that moves only when the executor sleeps: a 600 s wait costs no real time and is measured exactly. */
  const steppedClock = () => {
    let t = 0;
    return {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
  };
  const never = "prometheus: { query: up, expect: '== 1', within: 600 }";

  it("a prometheus verify that never holds fails after its within, and the change is rolled back", async () => {
    await setup({ verifyStep: never });
    const clock = steppedClock();
    const asked: number[] = [];
    const outcome = await executeChange(request, context(), { ...(await ports()), clock, prometheus: async () => (asked.push(clock.now()), [0]) });
    expect(outcome.status).toBe("rolled-back");
    expect(outcome.problem).toMatch(
      /^verify failed: prometheus: up == 1: got 0, expected == 1 \(still after 600 s\); rolled back and the restored state verified$/,
    );
    expect(clock.now()).toBe(600_000);
    expect(asked).toHaveLength(121); // every 5 s, from 0 to 600 s
    expect(await readFile(conf, "utf8")).toBe("level=info\n");
  });

  it("the review's budget cuts a waiting verify short, and the rollback still runs", async () => {
    await setup({ verifyStep: never });
    const clock = steppedClock();
    const outcome = await executeChange(request, context(), { ...(await ports()), clock, deadline: 30_000, prometheus: async () => [0] });
    expect(outcome.status).toBe("rolled-back");
    expect(outcome.problem).toContain("(still after the review's time budget ran out)");
    expect(clock.now()).toBe(30_000);
    expect(outcome.steps.slice(-2).map((s) => `${s.stage} ${s.ok}`)).toEqual(["rollback true", "restored true"]);
    expect(await readFile(conf, "utf8")).toBe("level=info\n");
  });

  it("no step starts once the budget is spent: the apply is not begun, and the rollback restores the snapshot", async () => {
    await setup();
    const clock = steppedClock();
    const outcome = await executeChange(request, context(), { ...(await ports()), clock, deadline: -1 });
    expect(outcome.status).toBe("rolled-back");
    expect(outcome.steps.find((s) => s.stage === "apply")).toMatchObject({
      ok: false,
      detail: expect.stringContaining("not started: the review's time budget ran out"),
    });
    expect(events.filter((e) => e === "exec sed")).toEqual([]);
    expect(await readFile(conf, "utf8")).toBe("level=info\n");
  });

  it("a step that hangs ends at its time limit and is rolled back", async () => {
    await setup({ apply: "sleep 30" });
    const started = performance.now();
    const outcome = await executeChange(request, context(), { ...(await ports()), stepTimeoutMs: 1_000 });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(outcome.status).toBe("rolled-back");
    expect(outcome.problem).toMatch(/^apply failed: ssh: sleep 30: did not finish within 1 s \(the step's time limit\)/);
  });
});

describe("executeChange: the guarantees fail when they should (issue 11, item 2)", () => {
  /** The local session, with a hook that runs after each command (to corrupt what the executor just made). */
  async function hooked(after: (command: string, n: number) => Promise<void>) {
    const p = await ports();
    let n = 0;
    const exec = p.session.exec;
    return {
      ...p,
      session: {
        ...p.session,
        exec: async (command: string, o?: Parameters<typeof exec>[1]) => {
          const r = await exec(command, o);
          await after(command, ++n);
          return r;
        },
      },
    };
  }
  const copyOf = () => join(root, "agent01/snapshots/agent01/C-20261125-1/backup-1");

  it("refuses a backup whose copy differs from the original, and changes nothing", async () => {
    await setup();
    const p = await hooked(async (command) => {
      if (command.includes("cp -a")) await writeFile(copyOf(), "level=tampered\n");
    });
    const outcome = await executeChange(request, context(), p);
    expect(outcome.status).toBe("refused");
    expect(outcome.problem).toMatch(/^the snapshot failed \(backup .*: checksums differ \(original [0-9a-f]{64}, copy [0-9a-f]{64}\)\); nothing was changed$/);
    expect(await readFile(conf, "utf8")).toBe("level=info\n");
  });

  it("detects a snapshot changed between the snapshot and the rollback check, and changes nothing", async () => {
    await setup();
    // The second sha256sum is the copy's, the last command of the snapshot: change the copy right after it.
    const p = await hooked(async (command, n) => {
      if (command.startsWith("sha256sum") && n === 3) await writeFile(copyOf(), "level=changed\n");
    });
    const outcome = await executeChange(request, context(), p);
    expect(outcome.status).toBe("refused");
    expect(outcome.problem).toMatch(/^the rollback could not be checked \(snapshot .*backup-1: checksum changed since it was taken\); nothing was changed$/);
    expect(events.some((e) => e.startsWith("intent"))).toBe(false);
  });

  it("a SQL verify that returns no row is a failed verify, on a real PostgreSQL", async () => {
    const pg = await startPostgres();
    try {
      await setup({ verifyStep: "sql: SELECT 1 WHERE false\n      database: postgres" });
      const outcome = await executeChange(request, context(), {
        ...(await ports()),
        sql: (database, statement) => runSql(pg.dsn("postgres"), database, statement),
      });
      expect(outcome.status).toBe("rolled-back");
      expect(outcome.problem).toMatch(/^verify failed: sql \(postgres\): SELECT 1 WHERE false: the query returned no row; rolled back/);
      expect(await readFile(conf, "utf8")).toBe("level=info\n");
    } finally {
      await pg.stop();
    }
  });

  it("never reports the kill switch engaged when engaging it failed", async () => {
    await setup({ verify: "false", rollback: "cp {{snapshot_dir}}/no-such-file {{file}}" });
    const outcome = await executeChange(request, context(), {
      ...(await ports()),
      engageKillSwitch: async () => {
        throw new Error("push rejected: the remote is read-only");
      },
    });
    expect(outcome.status).toBe("rollback-failed");
    expect(outcome.killSwitchFailed).toBe("push rejected: the remote is read-only");
    expect(outcome.problem).toContain("ENGAGING THE KILL SWITCH FAILED (push rejected: the remote is read-only)");
    expect(outcome.problem).not.toContain("the kill switch is engaged");
  });
});

describe("reconcileIntent (a crash between apply and log)", () => {
  it("logs a change that holds", async () => {
    await setup();
    const first = await executeChange(request, context(), await ports());
    const outcome = await reconcileIntent(first.intent, await ports(), config);
    expect(outcome).toMatchObject({ status: "applied", problem: expect.stringContaining("the change verified on the next run") });
  });

  it("rolls back a change that does not hold", async () => {
    await setup();
    const first = await executeChange(request, context(), await ports());
    await writeFile(conf, "level=broken\n");
    const outcome = await reconcileIntent(first.intent as Intent, await ports(), config);
    expect(outcome.status).toBe("rolled-back");
    expect(await readFile(conf, "utf8")).toBe("level=info\n");
  });

  // state/ is in the ops repo: whoever can push there must not be able to run anything through it.
  it.each([
    [
      "a rollback edited in state/",
      (i: Intent): Intent => ({ ...i, verify: [{ ssh: "false", as: "operator" }], rollback: [{ ssh: `touch ${root}/pwned`, as: "operator" }] }),
    ],
    ["a verify edited in state/", (i: Intent): Intent => ({ ...i, verify: [{ ssh: `touch ${root}/pwned`, as: "operator" }] })],
    ["an intent moved to the protected firewall", (i: Intent): Intent => ({ ...i, action: { ...i.action, host: "fw01" } })],
    ["a snapshot directory moved elsewhere", (i: Intent): Intent => ({ ...i, snapshotDir: "/etc/cron.d" })],
    ["other parameters", (i: Intent): Intent => ({ ...i, action: { ...i.action, params: { file: "/etc/passwd" } } })],
  ])("runs nothing for %s", async (_what, tamper) => {
    await setup();
    const first = await executeChange(request, context(), await ports());
    events.length = 0;
    const outcome = await reconcileIntent(tamper(first.intent), await ports(), config);
    expect(outcome.status).toBe("refused");
    expect(outcome.problem).toMatch(/^the intent in state\/ was not run: /);
    expect(events).toEqual([]);
    await expect(readFile(join(root, "pwned"))).rejects.toThrow();
  });
});

describe("checkWatch (a change re-verified on later days)", () => {
  it("re-runs the stored verify only when the playbook renders exactly it", async () => {
    await setup();
    const first = await executeChange(request, context(), await ports());
    const entry = watchEntryFor(first, "f:agent01:x", "2026-11-25", 3);
    const tampered = { ...entry, id: "W-other", verify: [{ ssh: `touch ${root}/pwned`, as: "operator" as const }] };
    const legacy = { ...entry, id: "W-legacy", params: undefined };
    events.length = 0;
    const checks = await checkWatch(
      [entry, tampered, legacy],
      async () => ports(),
      () => new Date("2026-11-26T22:00:00Z"),
      config,
    );
    expect(checks.get(entry.id)?.ok).toBe(true);
    expect(checks.get("W-other")?.steps[0]?.detail).toMatch(/^not run: /);
    expect(checks.get("W-legacy")?.steps[0]?.detail).toMatch(/^not run: the entry records no parameters/);
    await expect(readFile(join(root, "pwned"))).rejects.toThrow();
  });
});
