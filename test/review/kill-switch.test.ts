// Invariant 5, end to end: a change whose verify fails and whose rollback fails too engages the
// kill switch — Rounds commits the kill-switch file with the reason, escalates at P1 — and every
// later round changes nothing until a person removes the file.
import { chmod, readFile, rm, writeFile } from "node:fs/promises";
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

describe("a failed rollback", () => {
  it("engages the kill switch, escalates at P1, and stops every later change", async () => {
    // The restart does not hold, and `docker start` (the rollback) fails as well.
    await lab.setContainer("agent01", "collector-reddit", "exited", { broken: true, wontStart: true });
    const first = await lab.review("2026-11-02T22:00:00Z");
    expect(first.code, first.stderr).toBe(0);
    const stop = await readFile(join(lab.ops, "STOP"), "utf8");
    expect(stop).toMatch(
      /rollback of C-2026-11-02-restart-stateless-container-agent01 \(restart-stateless-container on agent01\) failed: ssh: docker start collector-reddit/,
    );
    expect((await simpleGit(lab.remote).log()).all.some((c) => c.message.startsWith("Kill switch engaged: rollback of C-2026-11-02"))).toBe(true);
    expect(headings(await lab.changelog())[0]).toBe("2026-11-02 · kill-switch");
    const backlog = await lab.backlog();
    const item =
      backlog.split(/\n(?=### B-)/).find((i) => i.includes("Fingerprint: `rollback-failed:agent01:C-2026-11-02-restart-stateless-container-agent01`")) ?? "";
    expect(item).toContain("- Priority: P1");

    // The next evening another container is down: nothing is touched while STOP exists.
    await lab.setContainer("agent01", "collector-reddit", "running");
    await lab.setContainer("agent01", "ollama", "exited");
    const before = lab.hosts.agent01!.host.commands.length;
    const second = await lab.review("2026-11-03T22:00:00Z");
    expect(second.code, second.stderr).toBe(0);
    expect(headings(await lab.changelog())[0]).toBe("2026-11-03 · kill-switch");
    expect(lab.hosts.agent01!.host.commands.slice(before).some((c) => /docker (restart|start|stop)/.test(c))).toBe(false);

    // A person removes the kill switch in a commit of their own: the next round may act again.
    await lab.editOps(async (dir) => {
      await rm(join(dir, "STOP"));
    }, "Resume: the collector image is fixed");
    const third = await lab.review("2026-11-04T22:00:00Z");
    expect(third.code, third.stderr).toBe(0);
    expect(headings(await lab.changelog())[0]).toBe("2026-11-04 · change-applied");
  });

  it("when the kill switch itself cannot be engaged, says so loudly, exits non-zero and never reports it engaged", async () => {
    // The remote refuses the kill-switch commit (a server-side hook): engaging it fails after the rollback failed.
    const hook = join(lab.remote, "hooks", "pre-receive");
    await writeFile(
      hook,
      "#!/bin/sh\nwhile read old new ref; do git log --format=%s \"$old..$new\" 2>/dev/null | grep -q '^Kill switch engaged' && { echo 'kill switches are not accepted here' >&2; exit 1; }; done\nexit 0\n",
    );
    await chmod(hook, 0o755);
    await lab.setContainer("agent01", "collector-reddit", "exited", { broken: true, wontStart: true });
    const run = await lab.review("2026-11-05T22:00:00Z");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /THE KILL SWITCH COULD NOT BE ENGAGED after the failed rollback of C-2026-11-05-restart-stateless-container-agent01: .*kill switches are not accepted here/s,
    );
    expect(run.stderr).not.toMatch(/the kill switch is engaged/);
    expect((await simpleGit(lab.remote).log()).all.some((c) => c.message.startsWith("Kill switch engaged: rollback of C-2026-11-05"))).toBe(false);
    await rm(hook);
  });
});
