// Items close when the fleet recovers, end to end through the CLI: the lab's feed answers 403, then
// 200 again; after reverifyDays (2 in the lab) observed evenings without the 403 the backlog item is
// done, with the dated evidence in BACKLOG.md and the closure in the day's CHANGELOG entry. An evening
// the feed does not answer at all is no recovery; a 403 after the closure reopens the item.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBacklog, type BacklogItem } from "../../src/core/ledger/index.ts";
import { startReviewLab, type ReviewLab } from "./review-lab.ts";

const BIN = new URL("../../bin/rounds.js", import.meta.url).pathname;

let lab: ReviewLab;
beforeAll(async () => {
  lab = await startReviewLab();
});
afterAll(async () => {
  await lab?.close();
});

const evening = (day: number) => `2026-11-${String(day).padStart(2, "0")}T22:00:00Z`;
const entry = (changelog: string, date: string) => changelog.split(/\n(?=## \d{4}-)/).find((e) => e.startsWith(`## ${date}`)) ?? "";
const item = async (id: string): Promise<BacklogItem> => parseBacklog(await lab.backlog()).items.find((i) => i.id === id)!;
const lines = (item: BacklogItem, kinds: string[]) => item.evidence.filter((e) => kinds.includes(e.kind ?? "")).map((e) => `${e.date} · ${e.kind} — ${e.text}`);
const RECOVERY = ["recovered", "held", "recurred", "ready-to-close"];
const TITLE = "reddit-sentiment-feed answers HTTP 403 (expected 200)";

async function review(day: number, status: number): Promise<void> {
  lab.feed.status = status;
  const result = await lab.review(evening(day));
  lab.feed.status = 200;
  expect(result.code, result.stderr).toBe(0);
}

describe("a backlog item closes when the fleet recovers", () => {
  it("evenings 1–2: the feed answers 403; the item's title keeps no duration, its evidence says how long", async () => {
    await review(1, 403);
    await review(2, 403);
    const feed = await item("B-0001");
    expect(feed).toMatchObject({ title: TITLE, fingerprint: "feed-http-error:agent01:reddit-sentiment-feed", status: "open" });
    expect(await lab.backlog()).not.toMatch(/\(for \d/);
    expect(lines(feed, ["duration"])).toEqual(["2026-11-02 · duration — failing for 24 h, since 2026-11-01T22:00:00.000Z"]);
  });

  it("evening 3: the feed answers 200 — dated recovery evidence, and the entry says so", async () => {
    await review(3, 200);
    expect(lines(await item("B-0001"), RECOVERY)).toEqual(["2026-11-03 · recovered — recovered: the condition was not present on 2026-11-03 (1 of 2 day(s))"]);
    const day = entry(await lab.changelog(), "2026-11-03");
    expect(day).toContain("## 2026-11-03 · healthy");
    expect(day).toContain(`| B-0001 | ${TITLE} | recovering | recovered: the condition was not present on 2026-11-03 (1 of 2 day(s)) |`);
  });

  it("evening 4: the feed does not answer at all — its 403 is not there, but that is no recovery", async () => {
    await review(4, 0);
    const feed = await item("B-0001");
    expect(feed.status).toBe("open");
    expect(lines(feed, RECOVERY)).toHaveLength(1);
    expect(entry(await lab.changelog(), "2026-11-04")).not.toContain("### Recoveries");
  });

  it("evening 5: 200 again — held for reverifyDays observed evenings, the item is done with the date and the evidence", async () => {
    await review(5, 200);
    const feed = await item("B-0001");
    const note = "closed on recovery: the condition was not present on 2 observed day(s), 2026-11-03 to 2026-11-05 (reverifyDays 2); see the evidence";
    expect(feed).toMatchObject({ status: "done", section: "Closed" });
    expect(feed.history.at(-1)).toEqual({ date: "2026-11-05", status: "done", note });
    expect(lines(feed, RECOVERY)).toEqual([
      "2026-11-03 · recovered — recovered: the condition was not present on 2026-11-03 (1 of 2 day(s))",
      "2026-11-05 · held — still recovered: the condition was not present on 2026-11-05 (2 of 2 day(s))",
    ]);
    expect(entry(await lab.changelog(), "2026-11-05")).toContain(`| B-0001 | ${TITLE} | closed | ${note} |`);
    // Pushed: the remote holds the closure.
    const remote = await simpleGit(lab.remote).show(["HEAD:BACKLOG.md"]);
    expect(remote).toContain(`- 2026-11-05 · done — ${note}`);
  });

  it("evening 6, in await-done mode: the 403 back reopens the item; the silent feed's own item is said to be ready, and stays open", async () => {
    await lab.editOps(async (dir) => {
      const file = join(dir, "guardrails.yml");
      await writeFile(file, `${await readFile(file, "utf8")}closeOnRecovery: await-done\n`);
    }, "Recovered items wait for /done");
    await review(6, 403);
    const feed = await item("B-0001");
    expect(feed).toMatchObject({ status: "open", section: "Open" });
    expect(feed.history.at(-1)).toEqual({ date: "2026-11-06", status: "open", note: "reopened: the condition is present again" });
    expect(lines(feed, ["recurred"])).toEqual([
      "2026-11-06 · recurred — recurred: the condition was present again on 2026-11-06, after the item was closed on recovery",
    ]);
    // The feed that did not answer on evening 4 is its own item; it answered on 5 and 6, and now waits for /done.
    const silent = await item("B-0002");
    expect(silent).toMatchObject({ fingerprint: "feed-unreachable:agent01:reddit-sentiment-feed", status: "open" });
    expect(lines(silent, RECOVERY)).toEqual([
      "2026-11-05 · recovered — recovered: the condition was not present on 2026-11-05 (1 of 2 day(s))",
      "2026-11-06 · held — still recovered: the condition was not present on 2026-11-06 (2 of 2 day(s))",
      "2026-11-06 · ready-to-close — ready to close, awaiting /done: the condition was not present on 2 observed day(s), 2026-11-05 to 2026-11-06",
    ]);
    const day = entry(await lab.changelog(), "2026-11-06");
    expect(day).toContain(`| B-0001 | ${TITLE} | reopened |`);
    expect(day).toContain("| B-0002 | reddit-sentiment-feed does not answer | ready-to-close | ready to close, awaiting /done:");
  });

  it("the ledgers' whole history passes rounds lint: nothing dropped, history append-only, closures dated", async () => {
    const [first] = (await simpleGit(lab.ops).raw(["rev-list", "--max-parents=0", "HEAD"])).split("\n");
    const { stdout } = await promisify(execFile)("node", [BIN, "lint", "--ops", lab.ops, "--base", first!], { env: lab.env });
    expect(stdout).toMatch(/^ok: CHANGELOG\.md, BACKLOG\.md, IDEAS\.md against /);
  });
});
