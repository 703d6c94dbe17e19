import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import type { JobIO } from "../../src/runner.ts";
import { startObserveLab, type ObserveLab } from "./observe-lab.ts";

let lab: ObserveLab;
beforeAll(async () => {
  lab = await startObserveLab();
});
afterAll(async () => {
  await lab?.close();
});

const NOW = new Date("2026-11-25T14:00:00Z");
async function rounds(args: string[], env: Record<string, string> = lab.env) {
  const out: string[] = [];
  const err: string[] = [];
  const io: JobIO = { print: (l) => out.push(l), progress: (l) => err.push(l), env, now: () => NOW };
  const code = await main(["node", "rounds", ...args], io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const summary = (o: Observation) =>
  o.kind === "fault"
    ? `${o.host} fault ${o.probe}${o.check ? `:${o.check}` : ""} ${o.fault.kind}`
    : `${o.host} ${o.kind}${o.kind === "check" ? `:${o.check}` : ""}`;

describe("rounds observe against the integration lab", () => {
  it("--json: every host, Prometheus, PostgreSQL and check observation, each fault as an observation", async () => {
    const { code, out, err } = await rounds(["observe", "--ops", lab.ops, "--json"]);
    expect(code).toBe(0);
    const { observations, overhead } = JSON.parse(out) as {
      observations: Observation[];
      overhead: { wallMs: number; ssh: { hosts: number; connections: number } };
    };
    expect(observations.map(summary)).toEqual([
      "agent01 host",
      "db01 host",
      "mon01 host",
      "collect01 fault ssh timeout",
      "collect02 fault ssh connection-dropped",
      "collect03 fault ssh unreachable",
      "collect04 fault ssh auth-refused",
      "nas01 fault ssh host-key-changed",
      "mon01 prometheus",
      "nas01 fault prometheus refused",
      "agent01 fault postgres error",
      "db01 postgres",
      "collect04 fault postgres refused",
      "agent01 check:reddit-sentiment-feed",
      "db01 check:ingest-rate",
    ]);
    const by = (s: string) => observations.find((o) => summary(o) === s)!;
    expect(by("agent01 fault postgres error")).toMatchObject({ fault: { message: expect.stringContaining("ROUNDS_AGENT01_DSN is not set") } });
    expect(by("collect04 fault postgres refused")).toMatchObject({ fault: { message: expect.stringMatching(/too many connections/) } });
    expect(by("db01 postgres")).toMatchObject({ facts: { databases: expect.arrayContaining([expect.objectContaining({ name: "market" })]) } });
    expect(by("mon01 prometheus")).toMatchObject({ facts: { alertingRules: 0, ruleGroups: [{ name: "dashboards", alertingRules: 0 }] } });
    expect(by("agent01 check:reddit-sentiment-feed")).toMatchObject({ result: { status: 403, expectStatus: 200 } });
    expect(by("db01 check:ingest-rate")).toMatchObject({ result: { type: "prometheus", values: [], breached: null } });
    expect(overhead.ssh).toMatchObject({ hosts: 8 });
    expect(JSON.stringify(observations)).not.toMatch(/observer-pw|limited-pw|PRIVATE KEY/);

    // A progress line per host, and one per other probe target, on stderr only.
    for (const host of ["agent01", "db01", "mon01", "collect01", "collect02", "collect03", "collect04", "nas01"])
      expect(err).toMatch(new RegExp(`\\[\\d/8\\] host ${host}: `));
    expect(err).toMatch(/prometheus nas01: refused/);
    expect(err).toMatch(/postgres db01: observed/);
  });

  it("prints a table per host on a terminal, faults included, and --record writes today's history and commits it", async () => {
    // The ops repo is a clone of a remote, as in Actions: the record is committed and pushed.
    const remote = mkdtempSync(join(tmpdir(), "rounds-observe-remote-"));
    await simpleGit(remote).init(true, ["--initial-branch=main"]);
    const git = simpleGit(lab.ops);
    await git.init(["--initial-branch=main"]);
    await git.addConfig("user.name", "t").addConfig("user.email", "t@example.com");
    await git.add(".").commit("the ops repo").addRemote("origin", remote).push("origin", "main");
    const { code, out, err } = await rounds(["observe", "--ops", lab.ops, "--record"]);
    expect(code).toBe(0);
    for (const host of ["agent01", "db01", "mon01", "collect01", "collect02", "collect03", "collect04", "nas01"]) expect(out).toContain(`== ${host} ==`);
    expect(out).not.toContain("== fw01 ==");
    expect(out).toMatch(/== db01 ==\n {2}host +Debian GNU\/Linux 12/);
    expect(out).toMatch(/FAULT ssh +host-key-changed: /);
    expect(out).toMatch(/check reddit-sentiment-feed +HTTP 403, expected 200/);
    expect(out).toMatch(/prometheus +http:\/\/127\.0\.0\.1:\d+ · 1 rule groups · 0 alerting rules — it alerts on nothing/);
    expect(out).toMatch(/database market +\d/);
    expect(out).toMatch(/observed 8 hosts over \d+ SSH connections/);
    // The day is counted in the guardrails' time zone (America/New_York): 14:00 UTC is 09:00 there, same day.
    expect(err).toContain("recorded state/observations/2026-11-25.json");
    const record = JSON.parse(readFileSync(join(lab.ops, "state/observations/2026-11-25.json"), "utf8"));
    expect(record).toMatchObject({ version: 1, day: "2026-11-25", at: NOW.toISOString(), reviewed: false });
    expect(record.observations).toHaveLength(15);
    expect((await simpleGit(remote).log(["main"])).latest?.message).toBe("Observation record 2026-11-25 (rounds observe --record)");
    expect((await git.status()).isClean()).toBe(true);

    // --now seeds another day: its record, its time, its own commit.
    const next = await rounds(["observe", "--ops", lab.ops, "--record", "--now", "2026-11-26T15:00:00Z"]);
    expect(next.code, next.err).toBe(0);
    expect(JSON.parse(readFileSync(join(lab.ops, "state/observations/2026-11-26.json"), "utf8"))).toMatchObject({
      day: "2026-11-26",
      at: "2026-11-26T15:00:00.000Z",
      reviewed: false,
    });
    expect((await simpleGit(remote).log(["main"])).all.map((c) => c.message).slice(0, 2)).toEqual([
      "Observation record 2026-11-26 (rounds observe --record)",
      "Observation record 2026-11-25 (rounds observe --record)",
    ]);
    expect((await rounds(["observe", "--ops", lab.ops, "--record", "--now", "yesterday"])).code).toBe(2);

    // A person's uncommitted edit is never mixed into the bot's commit: refused before observing.
    writeFileSync(join(lab.ops, "NOTES.md"), "mine\n");
    const dirty = await rounds(["observe", "--ops", lab.ops, "--record"]);
    expect(dirty.code).toBe(2);
    expect(dirty.err).toMatch(/uncommitted changes \(NOTES\.md\)/);
    rmSync(join(lab.ops, "NOTES.md"));
    rmSync(remote, { recursive: true, force: true });
  });

  it("without the observer key, stops with exit 1 naming the variable, and prints no partial table", async () => {
    const { ROUNDS_OBSERVER_KEY: _key, ...env } = lab.env;
    const { code, out, err } = await rounds(["observe", "--ops", lab.ops], env);
    expect(code).toBe(1);
    expect(err).toMatch(/ROUNDS_OBSERVER_KEY/);
    expect(out).toBe("");
  });

  it("refuses an invalid inventory with the file and key, exit 1", async () => {
    const path = join(lab.ops, "inventory.yml");
    const good = readFileSync(path, "utf8");
    writeFileSync(path, good.replace("dsnEnv: ROUNDS_DB01_DSN", "dsnEnv: postgres://u:p@h/db"));
    try {
      const { code, err } = await rounds(["observe", "--ops", lab.ops]);
      expect(code).toBe(1);
      expect(err).toMatch(/inventory\.yml:\d+: hosts\[1\]\.probes\.postgres\.dsnEnv: must be the NAME of an environment variable/);
    } finally {
      writeFileSync(path, good);
    }
  });
});
