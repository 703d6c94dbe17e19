import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { beforeAll, describe, expect, it } from "vitest";
import { rounds } from "../support/cli.ts";

let ops: string;
beforeAll(async () => {
  ops = join(await mkdtemp(join(tmpdir(), "rounds-cli-")), "ops");
  const result = await rounds("init", ops);
  expect(result.code).toBe(0);
});

describe("rounds CLI: the foundation's acceptance", () => {
  it("init creates a git repository with a first commit that check accepts", async () => {
    const log = await simpleGit(ops).log();
    expect(log.total).toBe(1);
    expect(log.latest?.message).toMatch(/Initial ops repository/);
    const check = await rounds("check", "--ops", ops);
    expect(check).toMatchObject({ code: 0 });
    expect(check.stdout).toContain("ok: playbooks/ (4 playbooks");
  });

  it("init refuses a directory that is not empty", async () => {
    const result = await rounds("init", ops);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is not empty");
  });

  it("explain escalates an attended data change, naming the rule that requires an approved PR", async () => {
    const result = await rounds("explain", "timescaledb-compression", "--host", "db01", "--ops", ops, "--param", "table=ticks", "--param", "segment_by=symbol");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("verdict: escalate");
    expect(result.stdout).toContain("attended-playbook: timescaledb-compression is an attended playbook: it requires an approved (merged) pull request");
  });

  it("explain denies any change on the protected firewall host, naming it", async () => {
    const result = await rounds("explain", "restart-stateless-container", "--host", "fw01", "--ops", ops);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("verdict: deny");
    expect(result.stdout).toContain("protected-host: fw01 is a protected host in guardrails.yml");
  });

  it("explain allows a safe restart inside the window, and honours --at", async () => {
    const result = await rounds(
      "explain",
      "restart-stateless-container",
      "--host",
      "agent01",
      "--param",
      "container=ollama",
      "--ops",
      ops,
      "--at",
      "2026-11-25T22:00:00Z",
    );
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain("verdict: allow");
  });

  it("an unknown key in guardrails.yml makes check exit 1 naming the file and the key", async () => {
    const file = join(ops, "guardrails.yml");
    const original = await readFile(file, "utf8");
    await writeFile(file, original.replace("reverifyDays: 3", "reverifyDays: 3\nreverfiyWeeks: 2"));
    try {
      const result = await rounds("check", "--ops", ops);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/guardrails\.yml:\d+: reverfiyWeeks: unknown key "reverfiyWeeks"/);
    } finally {
      await writeFile(file, original);
    }
  });

  it("usage errors exit 2; --version and --help exit 0", async () => {
    expect((await rounds("explain", "x")).code).toBe(2);
    expect((await rounds("explain", "x", "--host", "agent01", "--ops", ops, "--at", "yesterday")).code).toBe(2);
    expect(await rounds("--version")).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    expect((await rounds("--help")).stdout).toContain("explain");
  });
});
