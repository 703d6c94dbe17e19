// Invariant 5, end to end: a change whose verify fails and whose rollback fails too engages the
// kill switch — Rounds commits the kill-switch file with the reason, escalates at P1 — and every
// later round changes nothing until a person removes the file.
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headings, startReviewLab, type ReviewLab } from "./review-lab.ts";

let lab: ReviewLab;
beforeAll(async () => { lab = await startReviewLab(); });
afterAll(async () => { await lab?.close(); });

describe("a failed rollback", () => {
  it("engages the kill switch, escalates at P1, and stops every later change", async () => {
    // The restart does not hold, and `docker start` (the rollback) fails as well.
    await lab.setContainer("agent01", "collector-reddit", "exited", { broken: true, wontStart: true });
    const first = await lab.review("2026-11-02T22:00:00Z");
    expect(first.code, first.stderr).toBe(0);
    const stop = await readFile(join(lab.ops, "STOP"), "utf8");
    expect(stop).toMatch(/rollback of C-2026-11-02-restart-stateless-container-agent01 \(restart-stateless-container on agent01\) failed: ssh: docker start collector-reddit/);
    expect((await simpleGit(lab.remote).log()).all.some((c) => c.message.startsWith("Kill switch engaged: rollback of C-2026-11-02"))).toBe(true);
    expect(headings(await lab.changelog())[0]).toBe("2026-11-02 · kill-switch");
    const backlog = await lab.backlog();
    const item = backlog.split(/\n(?=### B-)/).find((i) => i.includes("Fingerprint: `rollback-failed:agent01:C-2026-11-02-restart-stateless-container-agent01`")) ?? "";
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
    await lab.editOps(async (dir) => { await rm(join(dir, "STOP")); }, "Resume: the collector image is fixed");
    const third = await lab.review("2026-11-04T22:00:00Z");
    expect(third.code, third.stderr).toBe(0);
    expect(headings(await lab.changelog())[0]).toBe("2026-11-04 · change-applied");
  });
});
