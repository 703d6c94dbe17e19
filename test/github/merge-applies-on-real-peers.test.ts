// Merge is the approval, on real parts: the merge event of an escalation PR (GitHub through nock, the
// way Probot documents) makes Rounds apply the attended, phased change over real SSH and a real
// PostgreSQL, stop at the gate, go on with `/continue`, then post the result, write the CHANGELOG
// entry with the approval hash and mark the backlog item done — all in a real git ops repo.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { dump, load } from "js-yaml";
import nock from "nock";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roundsApp } from "../../src/app.ts";
import { renderChangeRequest, type ChangeRequest } from "../../src/core/escalation/change-request.ts";
import { ensureItem, parseBacklog } from "../../src/core/ledger/index.ts";
import { attendedRunner } from "../../src/jobs/attended/apply-approved.ts";
import { reviewJob } from "../../src/jobs/review.ts";
import { githubHandlerDeps } from "../../src/jobs/github-handler-deps.ts";
import { startReviewLab, type ReviewLab } from "../review/review-lab.ts";
import { closedPayload, commentPayload, ESCALATION_PR, MERGE_SHA } from "./support/payloads.ts";
import { API, expectComment, expectPermission, expectReaction } from "./support/probot-harness.ts";
import { useNock } from "./support/lifecycle.ts";

useNock({ localhost: true });

const PLAYBOOK = `id: index-ticks
title: Analyze market.ticks, then index it by symbol
class: data
mode: attended
touches: [schema, server]   # ANALYZE takes locks and runs index expressions
remedies: slow-queries
targets: { hosts: [db01] }
steps:
  snapshot:
    - sql: SELECT count(*) FROM ticks
      database: market
  verify:
    - sql: SELECT 1 FROM pg_indexes WHERE indexname = 'ticks_symbol'
      database: market
  rollback:
    - sql: DROP INDEX IF EXISTS ticks_symbol
      database: market
phases:
  - name: analyze the table
    apply: [ { sql: ANALYZE ticks, database: market } ]
    verify: [ { sql: "SELECT count(*) > 0 FROM pg_stats WHERE tablename = 'ticks'", database: market } ]
  - name: build the index
    apply: [ { sql: CREATE INDEX IF NOT EXISTS ticks_symbol ON ticks (symbol), database: market } ]
    verify: [ { sql: "SELECT 1 FROM pg_indexes WHERE indexname = 'ticks_symbol'", database: market } ]
`;
const REQUEST: ChangeRequest = { backlogId: "B-0001", playbook: "index-ticks", host: "db01", params: {} };

let lab: ReviewLab;
let probot: Probot;
const NOW = new Date("2026-11-25T22:00:00Z");

beforeAll(async () => {
  lab = await startReviewLab();
  await lab.db.admin("CREATE TABLE ticks AS SELECT g AS id, 'SYM' || (g % 50) AS symbol FROM generate_series(1, 5000) g", "market");
  lab.env.ROUNDS_DB01_OPERATOR_DSN = lab.db.dsn("postgres");
  // The ops repo's default branch after the merge: the playbook, the approved change request, the open item.
  await lab.editOps(async (dir) => {
    await writeFile(join(dir, "playbooks/index-ticks.yml"), PLAYBOOK);
    await mkdir(join(dir, "changes"), { recursive: true });
    await writeFile(join(dir, "changes/B-0001.yml"), renderChangeRequest(REQUEST));
    const inventory = load(await readFile(join(dir, "inventory.yml"), "utf8")) as { hosts: { name: string; probes: { postgres?: Record<string, unknown> } }[] };
    inventory.hosts.find((h) => h.name === "db01")!.probes.postgres!.operatorDsnEnv = "ROUNDS_DB01_OPERATOR_DSN";
    await writeFile(join(dir, "inventory.yml"), dump(inventory));
    const backlog = ensureItem(parseBacklog(await readFile(join(dir, "BACKLOG.md"), "utf8")), {
      fingerprint: "slow-queries:db01:market.ticks",
      title: "Queries on market.ticks scan the whole table",
      priority: "P2",
      date: "2026-11-24",
      reason: "a schema change is attended only",
    });
    await writeFile(join(dir, "BACKLOG.md"), backlog.doc.text);
  }, "Merge pull request #12 from acme/rounds/B-0001");
  const logs = new Writable({ write: (_c, _e, done) => done() });
  probot = new Probot({
    githubToken: "test-token",
    log: pino({ level: "silent" }, logs),
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown> & { throttle?: object }) => ({
      ...o,
      retry: { enabled: false },
      throttle: { ...o?.throttle, enabled: false },
    })),
  });
  const io = { env: lab.env, now: () => NOW };
  await probot.load(roundsApp(githubHandlerDeps({ kind: "actions", dir: lab.ops }, (dir) => attendedRunner({ dir, io }), io)));
});
afterAll(async () => {
  await lab?.close();
});

/** The contents API serves the ops repo as it is at the merge commit — here, the lab's default branch. */
async function serveMergeCommitFromLab(requests = ["changes/B-0001.yml"]): Promise<void> {
  const files = [
    "guardrails.yml",
    "inventory.yml",
    ...requests,
    "playbooks/index-ticks.yml",
    "playbooks/restart-stateless-container.yml",
    "playbooks/timescaledb-compression.yml",
  ];
  const scope = nock(API);
  for (const path of files) {
    const text = await readFile(join(lab.ops, path), "utf8");
    scope
      .get((uri) => decodeURIComponent(uri).split("?")[0] === `/repos/acme/ops/contents/${path}`)
      .query({ ref: MERGE_SHA })
      .reply(200, { type: "file", name: path.split("/").pop(), path, encoding: "base64", content: Buffer.from(text).toString("base64") });
  }
  scope
    .get("/repos/acme/ops/contents/playbooks")
    .query({ ref: MERGE_SHA })
    .reply(
      200,
      files.filter((p) => p.startsWith("playbooks/")).map((p) => ({ type: "file", name: p.split("/")[1], path: p })),
    );
}

describe("merge is the approval, applied on the real peers", () => {
  it("the merge applies phase 1 and stops at the gate; /continue applies phase 2; the item is done", async () => {
    const { simpleGit } = await import("simple-git");
    await simpleGit(lab.ops).pull();
    nock(API)
      .get("/repos/acme/ops/pulls/12/files")
      .query(true)
      .reply(200, [{ filename: "changes/B-0001.yml" }]);
    await serveMergeCommitFromLab();
    const merged = expectComment(12);
    await probot.receive({ id: "merge-1", name: "pull_request", payload: closedPayload({ merged: true, mergedBy: "alice" }) } as never);
    expect(merged.body()).toMatch(/Approved by @alice's merge \(approval `sha256:[0-9a-f]{64}`\)/);
    expect(merged.body()).toContain("**applied** (analyze the table)");
    expect(merged.body()).toContain("Phase 1 of 2 is done and verified. Comment `/continue`");
    expect((await lab.db.admin("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'ticks_symbol'", "market")).rows[0].n).toBe(0);

    expectReaction(777);
    expectPermission("alice", "write");
    nock(API)
      .get("/repos/acme/ops/pulls/12")
      .reply(200, {
        number: 12,
        state: "closed",
        merged: true,
        merge_commit_sha: MERGE_SHA,
        body: "",
        user: { login: "rounds[bot]" },
        head: { ref: "rounds/B-0001", repo: { full_name: "acme/ops" } },
        base: { ref: "main", repo: { full_name: "acme/ops" } },
      });
    const continued = expectComment(12);
    await probot.receive({
      id: "continue-1",
      name: "issue_comment",
      payload: commentPayload({ body: "/continue", commentId: 777, on: ESCALATION_PR }),
    } as never);
    expect(continued.body()).toContain("**applied** (build the index)");
    expect(continued.body()).toContain("B-0001 is done.");
    expect((await lab.db.admin("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'ticks_symbol'", "market")).rows[0].n).toBe(1);

    const fresh = join(lab.root, "check");
    await simpleGit().clone(lab.remote, fresh);
    const changelog = await readFile(join(fresh, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain("## 2026-11-25 · change-applied");
    expect(changelog).toContain("### Change 1 (attended) — index-ticks on db01 — applied");
    expect(changelog).toContain("### Change 2 (attended) — index-ticks on db01 — applied");
    expect(changelog).toMatch(/- Approval: `sha256:[0-9a-f]{64}`/);
    expect(changelog).toContain("- PR: <https://github.com/acme/ops/pull/12>");
    const backlog = await readFile(join(fresh, "BACKLOG.md"), "utf8");
    expect(backlog).toMatch(/2026-11-25 · done — applied after @alice's approval/);
    expect(backlog.indexOf("### B-0001")).toBeGreaterThan(backlog.indexOf("## Closed"));
  });

  it("a merge outside the attended window waits; the first review inside the window runs it", async () => {
    const { simpleGit } = await import("simple-git");
    await lab.editOps(async (dir) => {
      const file = join(dir, "guardrails.yml");
      await writeFile(file, `${await readFile(file, "utf8")}attended:\n  windows: [{ days: [sat], start: "09:00", end: "13:00" }]\n  waitForWindow: true\n`);
      await writeFile(join(dir, "changes/B-0002.yml"), renderChangeRequest({ ...REQUEST, backlogId: "B-0002" }));
      const backlog = ensureItem(parseBacklog(await readFile(join(dir, "BACKLOG.md"), "utf8")), {
        fingerprint: "slow-queries:db01:market.ticks-2",
        title: "Index ticks again",
        priority: "P3",
        date: "2026-11-25",
      });
      await writeFile(join(dir, "BACKLOG.md"), backlog.doc.text);
    }, "Merge pull request #13: B-0002, with an attended window");
    await simpleGit(lab.ops).pull();
    nock(API)
      .get("/repos/acme/ops/pulls/13/files")
      .query(true)
      .reply(200, [{ filename: "changes/B-0002.yml" }]);
    await serveMergeCommitFromLab(["changes/B-0002.yml"]);
    const reply = expectComment(13);
    const payload = closedPayload({ merged: true, mergedBy: "alice", number: 13, headRef: "rounds/B-0002" });
    payload.pull_request.body = "<!-- rounds:backlog B-0002 -->";
    // Wednesday 22:00 UTC: outside the Saturday window.
    await probot.receive({ id: "merge-2", name: "pull_request", payload } as never);
    expect(reply.body()).toContain("**held**: outside the attended windows (sat 09:00–13:00, UTC)");
    await simpleGit(lab.ops).pull();
    expect(JSON.parse(await readFile(join(lab.ops, "state/phases/B-0002.json"), "utf8"))).toMatchObject({
      backlogId: "B-0002",
      next: 0,
      held: expect.stringContaining("outside the attended windows"),
    });

    // Saturday 10:00 UTC: the review finds the held approval, runs its first phase and tells the PR.
    const progress: string[] = [];
    const told = expectComment(13);
    await reviewJob(
      { ops: lab.ops, now: new Date("2026-11-28T10:00:00Z"), dryRun: false },
      {
        print: () => {},
        progress: (line) => progress.push(line),
        now: () => NOW,
        env: { ...lab.env, GITHUB_REPOSITORY: "acme/ops", ROUNDS_GITHUB_TOKEN: "ghs_test" },
      },
    );
    expect(progress).toContain("  approved change B-0002 (PR #13): **applied** (analyze the table)");
    expect(told.body()).toContain("The approved change ran in today's review (it was held until it could):");
    expect(told.body()).toContain("Phase 1 of 2 is done and verified.");
    const changelog = await lab.changelog();
    const day = changelog.split(/\n(?=## \d{4}-)/).find((e) => e.startsWith("## 2026-11-28")) ?? "";
    expect(day).toContain("### Change 1 (attended) — index-ticks on db01 — applied");
    expect(JSON.parse(await readFile(join(lab.ops, "state/phases/B-0002.json"), "utf8"))).toMatchObject({ next: 1 });
  });
});
