// The review's other promises: a dry run changes and writes nothing; a run inside GitHub Actions
// writes its entry to the job summary; and self-critique — a failure found later than the
// detection-latency target becomes evidence on the alert-paging backlog item.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compactRun } from "../../src/core/history/history-record.ts";
import { startReviewLab, type ReviewLab } from "./review-lab.ts";

let lab: ReviewLab;
beforeAll(async () => {
  lab = await startReviewLab();
});
afterAll(async () => {
  await lab?.close();
});

describe("rounds review", () => {
  it("--dry-run prints the entry it would write, restarts nothing and commits nothing", async () => {
    await lab.setContainer("agent01", "collector-reddit", "exited");
    const before = (await simpleGit(lab.remote).log()).total;
    const result = await lab.review("2026-11-01T22:00:00Z", "--dry-run");
    await lab.setContainer("agent01", "collector-reddit", "running");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("## 2026-11-01 · held");
    expect(result.stdout).toContain(
      '| restart-stateless-container on agent01 for "agent01: container collector-reddit is exited" | dry run: the policy allows it; a real run would apply it now |',
    );
    expect(result.stdout).toContain("(dry run: nothing was changed or written)");
    expect(lab.hosts.agent01!.host.commands.some((c) => c.startsWith("docker restart"))).toBe(false);
    expect((await simpleGit(lab.remote).log()).total).toBe(before);
    expect((await simpleGit(lab.ops).status()).isClean()).toBe(true);
  });

  it("writes the entry to $GITHUB_STEP_SUMMARY, and a 31 h outage found late is exhibit A for alert paging", async () => {
    // An unreviewed observation (`rounds observe --record`) saw the feed answer 403 31 hours earlier.
    lab.feed.status = 403;
    await lab.editOps(async (dir) => {
      await mkdir(join(dir, "state/observations"), { recursive: true });
      const seen = {
        kind: "check" as const,
        at: "2026-11-01T15:00:00.000Z",
        host: "agent01",
        check: "reddit-sentiment-feed",
        result: { type: "http" as const, url: "http://feed/", status: 403, expectStatus: 200, latencyMs: 12 },
      };
      await writeFile(
        join(dir, "state/observations/2026-11-01.json"),
        `${JSON.stringify(compactRun([seen], { day: "2026-11-01", at: seen.at, reviewed: false }))}\n`,
      );
    }, "An observation recorded by hand");
    const summary = join(lab.root, "step-summary.md");
    lab.env.GITHUB_STEP_SUMMARY = summary;
    const result = await lab.review("2026-11-02T22:00:00Z");
    delete lab.env.GITHUB_STEP_SUMMARY;
    lab.feed.status = 200;
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(summary, "utf8")).toContain("## 2026-11-02 · escalated-only");
    const backlog = await lab.backlog();
    const paging = backlog.split(/\n(?=### B-)/).find((i) => i.includes("Fingerprint: `gap:alert-paging`")) ?? "";
    expect(paging).toContain("Alert paging: failures go unnoticed until the next review");
    expect(paging).toMatch(
      /2026-11-02 · undetected-hours = 31 h — 2026-11-02: a 31 h feed outage \(reddit-sentiment-feed, HTTP 403\) went unnoticed by alerting — exhibit A/,
    );
  });
});
