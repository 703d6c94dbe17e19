// The daily review end to end, through the CLI, against real SSH servers, a real PostgreSQL and a
// bare git remote: the stories of the reference article, one simulated evening after another.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headings, startReviewLab, type ReviewLab } from "./review-lab.ts";

let lab: ReviewLab;
beforeAll(async () => {
  lab = await startReviewLab();
});
afterAll(async () => {
  await lab?.close();
});

const evening = (day: number) => `2026-11-${String(day).padStart(2, "0")}T22:00:00Z`;
const agentCommands = () => lab.hosts.agent01!.host.commands;
const restarts = () => agentCommands().filter((c) => c.startsWith("docker restart"));
const remoteLog = async () => (await simpleGit(lab.remote).log()).all.map((c) => c.message);
const entry = (changelog: string, date: string) => changelog.split(/\n(?=## \d{4}-)/).find((e) => e.startsWith(`## ${date}`)) ?? "";

describe("the daily review, one evening after another", () => {
  it("day 1: an exited stateless container is restarted, verified and logged with snapshot and rollback", async () => {
    await lab.setContainer("agent01", "collector-reddit", "exited");
    const result = await lab.review(evening(1));
    expect(result.stderr).toContain("applying restart-stateless-container on agent01");
    expect(result.code).toBe(0);
    // Structured logs (not a terminal: JSON lines): every policy decision, and never a secret.
    const logs = result.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg: string; verdict?: string; action?: { playbook: string } });
    expect(logs.filter((l) => l.msg === "policy decision").map((l) => [l.action?.playbook, l.verdict])).toEqual([["restart-stateless-container", "allow"]]);
    expect(logs.some((l) => l.msg === "change finished")).toBe(true);
    expect(result.stderr).not.toContain("observer-password");
    expect(result.stderr).not.toContain("PRIVATE KEY");
    const day = entry(await lab.changelog(), "2026-11-01");
    expect(day).toContain("## 2026-11-01 · change-applied");
    expect(day).toContain("### Change 1 (unattended) — restart-stateless-container on agent01 (container=collector-reddit) — applied");
    expect(day).toMatch(/- Snapshot: `.*snapshots\/agent01\/C-2026-11-01-restart-stateless-container-agent01`/);
    expect(day).toContain("- Rollback: `docker start collector-reddit`");
    expect(day).toContain("✓ verify: ssh: test \"$(docker inspect --format '{{.State.Running}}' collector-reddit)\" = true");
    expect(day).toMatch(/\| collect01 \| 1 \| ok \|/);
    expect(restarts()).toEqual(["docker restart collector-reddit"]);
    // The intent reached the remote before the change, and left with the entry that logs it.
    const log = await remoteLog();
    expect(log[0]).toMatch(/^Daily review 2026-11-01: restart-stateless-container on agent01: applied/);
    expect(log[1]).toMatch(/^Intent: restart-stateless-container on agent01/);
    expect(await readdir(join(lab.ops, "state/intents")).catch(() => [])).toEqual([]);
  });

  it("the same evening again: no second change and no second entry", async () => {
    await lab.setContainer("agent01", "ollama", "exited");
    const result = await lab.review(evening(1));
    await lab.setContainer("agent01", "ollama", "running");
    expect(result.code).toBe(0);
    const changelog = await lab.changelog();
    expect(headings(changelog).filter((h) => h.startsWith("2026-11-01"))).toHaveLength(1);
    expect(restarts()).toHaveLength(1);
    const day = entry(changelog, "2026-11-01");
    expect(day).toContain("### Change 1 (unattended) — restart-stateless-container on agent01 (container=collector-reddit) — applied");
    expect(day).toContain(
      '| restart-stateless-container on agent01 for "agent01: container ollama is exited" | 1 of 1 unattended change(s) already applied on 2026-11-01 (UTC) |',
    );
  });

  it("day 2: the feed answers 403 — escalated with the reason, and the collector is not restarted", async () => {
    lab.feed.status = 403;
    const before = agentCommands().length;
    const result = await lab.review(evening(2));
    lab.feed.status = 200;
    expect(result.code).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-02");
    expect(day).toContain("## 2026-11-02 · escalated-only");
    expect(day).toContain("restarting the collector would not help — a server-side rejection is not cured by a client-side restart");
    expect(
      agentCommands()
        .slice(before)
        .some((c) => /docker (restart|start|stop)/.test(c)),
    ).toBe(false);
    const backlog = await lab.backlog();
    expect(backlog).toMatch(/### B-0001 — reddit-sentiment-feed answers HTTP 403/);
    expect(backlog).toContain("- Reason: the source rejects our requests (HTTP 403)");
  });

  it("day 3: a busy period on the host holds the change, and the entry says which and why", async () => {
    await lab.editOps(async (dir) => {
      const file = join(dir, "guardrails.yml");
      await writeFile(
        file,
        `${await readFile(file, "utf8")}busy:\n  - name: owner's maintenance on agent01\n    reason: a person is upgrading the collectors\n    hosts: [agent01]\n    when: [{ start: "20:00", end: "23:59" }]\n`,
      );
    }, "Maintenance on agent01 tonight");
    await lab.setContainer("agent01", "collector-reddit", "exited");
    const result = await lab.review(evening(3));
    await lab.editOps(async (dir) => {
      const file = join(dir, "guardrails.yml");
      await writeFile(file, (await readFile(file, "utf8")).replace(/busy:\n[\s\S]*$/, ""));
    }, "Maintenance done");
    expect(result.code).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-03");
    expect(day).toContain("## 2026-11-03 · held");
    expect(day).toContain(
      '| restart-stateless-container on agent01 for "agent01: container collector-reddit is exited" | held: busy period "owner\'s maintenance on agent01" — a person is upgrading the collectors |',
    );
    expect(restarts()).toHaveLength(1);
  });

  it("day 4: a restart that does not hold fails its verify, is rolled back, and the restored state is verified", async () => {
    await lab.setContainer("agent01", "collector-reddit", "exited", { broken: true });
    const result = await lab.review(evening(4));
    await lab.setContainer("agent01", "collector-reddit", "running");
    expect(result.code).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-04");
    expect(day).toContain("## 2026-11-04 · failed-rolled-back");
    expect(day).toContain("✗ verify: ssh: test");
    expect(day).toContain("✓ rollback: ssh: docker start collector-reddit");
    expect(day).toContain("rolled back and the restored state verified");
  });

  it("day 5: a run killed between apply and log is reconciled by the next run, never forgotten", async () => {
    await lab.setContainer("agent01", "collector-reddit", "exited");
    lab.faults.agent01 = (command) => (command.includes("State.Running") ? "hang" : undefined);
    const start = agentCommands().length;
    const child = lab.spawnReview(evening(5));
    const deadline = Date.now() + 60_000;
    const reachedVerify = () => {
      const sent = agentCommands().slice(start);
      const applied = sent.indexOf("docker restart collector-reddit");
      return applied >= 0 && sent.slice(applied).some((c) => c.includes("State.Running"));
    };
    while (!reachedVerify()) {
      if (Date.now() > deadline) throw new Error("the review never reached its verify step");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    lab.faults.agent01 = undefined;
    // The killed run left its intent on the remote and nothing else; the runner's clone is reset by the next run.
    expect((await remoteLog())[0]).toMatch(/^Intent: restart-stateless-container on agent01 \(C-2026-11-05-/);
    const result = await lab.review(evening(5));
    expect(result.code).toBe(0);
    const day = entry(await lab.changelog(), "2026-11-05");
    expect(day).toContain("## 2026-11-05 · change-applied");
    expect(day).toContain("run interrupted after the intent was committed");
    expect(day).toContain("the change verified on the next run and is logged now");
    expect(await readdir(join(lab.ops, "state/intents"))).toEqual([]);
  });

  it("days 6–12: a healthy week of verified nothing", async () => {
    for (let d = 6; d <= 12; d++) expect((await lab.review(evening(d))).code).toBe(0);
    const changelog = await lab.changelog();
    expect(headings(changelog).slice(0, 7)).toEqual([12, 11, 10, 9, 8, 7, 6].map((d) => `2026-11-${String(d).padStart(2, "0")} · healthy`));
    const day = entry(changelog, "2026-11-12");
    expect(day).toContain("No change applied (system healthy) — every check passed; no worthwhile safe change was found, so none was manufactured.");
    expect(day).toMatch(/\| agent01 \| 2 \| ok \|/);
    expect(day).toMatch(/\| fw01 \| 0 \| protected: never automated, not probed \|/);
    expect(day).toContain("### Overhead");
  });
});
