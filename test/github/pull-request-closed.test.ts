import { readFile } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { approvalHash } from "../../src/adapters/github/approval-hash.ts";
import { requireOpsConfig, workingTree } from "../../src/config/load-ops-config.ts";
import { renderChangePlan } from "../../src/core/escalation/render-change-plan.ts";
import { useNock, useRoundsApp } from "./support/lifecycle.ts";
import { serveMergeCommit } from "./support/merge-commit.ts";
import { MERGE_REQUEST, TEMPLATE } from "./support/ops-repo-fixture.ts";
import { closedPayload, HEAD_SHA, MERGE_SHA } from "./support/payloads.ts";
import { API, expectComment } from "./support/probot-harness.ts";

useNock();
const t = useRoundsApp("pull_request");
const receive = t.receive;

function expectFiles(files: string[], number = 12) {
  nock(API)
    .get(`/repos/acme/ops/pulls/${number}/files`)
    .query(true)
    .reply(
      200,
      files.map((filename) => ({ filename, status: "modified" })),
    );
}

describe("pull_request.closed", () => {
  it("merge → the approved change goes to the executor with the config at the merge commit and the approval hash", async () => {
    expectFiles(["changes/B-0001.yml", "BACKLOG.md"]);
    await serveMergeCommit();
    const reply = expectComment(12);
    await receive(closedPayload({ merged: true, mergedBy: "alice" }));
    const config = await requireOpsConfig(workingTree(TEMPLATE));
    const rendered = renderChangePlan(config, MERGE_REQUEST);
    if (!rendered.ok) throw new Error(rendered.problems.join("; "));
    const hash = approvalHash(MERGE_REQUEST, rendered.plan);
    expect(t.runner.applied).toHaveLength(1);
    expect(t.runner.applied[0]).toMatchObject({
      changeRequest: MERGE_REQUEST,
      mergeCommit: MERGE_SHA,
      pr: { number: 12 },
      approvalHash: hash,
      merger: "alice",
      plan: rendered.plan,
    });
    expect(reply.body()).toContain(`Approved by @alice's merge (approval \`${hash}\`)`);
    expect(reply.body()).toContain("Applied timescaledb-compression on db01.");
  });

  it("a redelivered merge event applies nothing a second time", async () => {
    expectFiles(["changes/B-0001.yml"]);
    await serveMergeCommit();
    expectComment(12);
    await receive(closedPayload({ merged: true }), "merge-delivery");
    await receive(closedPayload({ merged: true }), "merge-delivery");
    expect(t.runner.applied).toHaveLength(1);
  });

  it("two-person rule: refused unless someone other than the merger approved the merged commit", async () => {
    const guardrails = (await readFile(join(TEMPLATE, "guardrails.yml"), "utf8")).replace("twoPersonRule: false", "twoPersonRule: true");
    const cases = [
      // bob approved, then asked for changes; alice approved but merged herself; carol only commented.
      {
        number: 12,
        reviews: [
          ["bob", "APPROVED", HEAD_SHA],
          ["bob", "CHANGES_REQUESTED", HEAD_SHA],
          ["alice", "APPROVED", HEAD_SHA],
          ["carol", "COMMENTED", HEAD_SHA],
        ],
        applies: false,
      },
      // dave approved an earlier commit: the approval does not cover what was merged.
      { number: 13, reviews: [["dave", "APPROVED", "0123456789abcdef0123456789abcdef01234567"]], applies: false },
      { number: 14, reviews: [["bob", "APPROVED", HEAD_SHA]], applies: true },
    ] as const;
    for (const { number, reviews, applies } of cases) {
      expectFiles(["changes/B-0001.yml"], number);
      await serveMergeCommit({ "guardrails.yml": guardrails });
      nock(API)
        .get(`/repos/acme/ops/pulls/${number}/reviews`)
        .query(true)
        .reply(
          200,
          reviews.map(([login, state, commit]) => ({ user: { login }, state, commit_id: commit })),
        );
      const reply = expectComment(number);
      await receive(closedPayload({ merged: true, mergedBy: "alice", number }));
      if (!applies) expect(reply.body(), `PR #${number}`).toContain("no one other than @alice, who merged, approved the final commit of this pull request");
    }
    expect(t.runner.applied.map((a) => a.pr.number)).toEqual([14]);
  });

  it("refuses a PR that changes any file the policy or the approval reads together with a change request", async () => {
    const boundaries = [
      "guardrails.yml",
      "playbooks/timescaledb-compression.yml",
      "inventory.yml",
      "CODEOWNERS",
      ".github/CODEOWNERS",
      "docs/CODEOWNERS",
      ".github/workflows/rounds-events.yml",
    ];
    for (const [i, boundary] of boundaries.entries()) {
      const number = 21 + i;
      expectFiles(["changes/B-0001.yml", boundary], number);
      const reply = expectComment(number);
      await receive(closedPayload({ merged: true, number }));
      expect(reply.body()).toContain(`Not applied: this pull request changes the trust boundary or the change catalogue (\`${boundary}\`)`);
    }
    expect(t.runner.applied).toEqual([]);
  });

  it("refuses a PR from a fork, whatever its branch is called, and changes nothing", async () => {
    const before = await t.repo.show("BACKLOG.md");
    const merged = expectComment(12);
    await receive(closedPayload({ merged: true, fork: true }));
    expect(merged.body()).toContain("Rounds does not act on pull requests from forks");
    const closed = expectComment(13);
    await receive(closedPayload({ merged: false, fork: true, number: 13 }));
    expect(closed.body()).toContain("from forks");
    expect(t.runner.applied).toEqual([]);
    expect(await t.repo.show("BACKLOG.md")).toBe(before);
  });

  it("closed without merging → the item is dropped with the date and reason; the same close again changes nothing", async () => {
    const reply = expectComment(12);
    await receive(closedPayload({ merged: false, mergedBy: "bob" }));
    expect(await t.repo.show("BACKLOG.md")).toMatch(/2026-11-25 · dropped — pull request #12 closed without merging \(@bob\)/);
    expect(reply.body()).toContain("Closed without merging: B-0001 is dropped as of 2026-11-25.");
    const commits = await t.repo.commits();
    await receive(closedPayload({ merged: false, mergedBy: "bob" }));
    expect(await t.repo.commits()).toBe(commits);
    expect(t.runner.applied).toEqual([]);
  });

  it("an item the backlog does not have is not dropped, and the PR says why", async () => {
    const reply = expectComment(16);
    await receive(closedPayload({ merged: false, headRef: "rounds/B-0009", number: 16 }));
    expect(reply.body()).toContain("Closed without merging, but B-0009 could not be dropped: refusing to edit: BACKLOG.md:1: there is no backlog item B-0009");
  });

  it("a merge without a change request applies nothing and says so; a PR that is not an escalation is ignored", async () => {
    expectFiles(["BACKLOG.md"]);
    const reply = expectComment(12);
    await receive(closedPayload({ merged: true }));
    expect(reply.body()).toContain("carries no change request (`changes/B-0001.yml`)");
    // A person's PR from another branch, even one whose body carries the marker, names no item.
    const human = closedPayload({ merged: false, headRef: "feature/docs", number: 15 });
    await receive({ ...human, pull_request: { ...human.pull_request, user: { login: "mallory", type: "User" } } });
    expect(t.logs.filter((l) => l.msg.startsWith("ignored: not an escalation pull request"))).toHaveLength(1);
    expect(await t.repo.show("BACKLOG.md")).not.toContain("2026-11-25 · dropped");
    expect(t.runner.applied).toEqual([]);
  });
});
