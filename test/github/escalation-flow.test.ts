import { readFile } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { Octokit } from "@octokit/rest";
import { afterAll, describe, expect, it } from "vitest";
import { approvalHash } from "../../src/adapters/github/approval-hash.ts";
import { ensureEscalation } from "../../src/adapters/github/ensure-escalation.ts";
import { createForge } from "../../src/adapters/github/forge.ts";
import { publishEscalations } from "../../src/adapters/github/publish-escalations.ts";
import { publishIdeas } from "../../src/adapters/github/publish-ideas.ts";
import { requireOpsConfig, workingTree } from "../../src/config/load-ops-config.ts";
import { renderChangeRequest } from "../../src/core/escalation/change-request.ts";
import { renderChangePlan } from "../../src/core/escalation/render-change-plan.ts";
import type { Escalation } from "../../src/core/escalation/render-escalation-body.ts";
import type { Finding } from "../../src/core/findings/finding.ts";
import { decide, ensureIdea } from "../../src/core/ledger/idea-edits.ts";
import { ensureItem, parseBacklog, parseIdeas } from "../../src/core/ledger/index.ts";
import { useNock } from "./support/lifecycle.ts";
import { serveMergeCommit } from "./support/merge-commit.ts";
import { createOpsRepo, MERGE_REQUEST, TEMPLATE, removeSeededRemote } from "./support/ops-repo-fixture.ts";
import { closedPayload } from "./support/payloads.ts";
import { API, RecordingChangeRunner, createTestProbot, expectComment } from "./support/probot-harness.ts";

useNock();
afterAll(() => removeSeededRemote());

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const forge = createForge({ octokit: new Octokit({ auth: "app-token", log: quiet }), owner: "acme", repo: "ops" });

async function escalation(evidence: Escalation["evidence"]): Promise<Escalation> {
  const config = await requireOpsConfig(workingTree(TEMPLATE));
  const rendered = renderChangePlan(config, MERGE_REQUEST);
  if (!rendered.ok) throw new Error(rendered.problems.join("; "));
  return {
    backlogId: "B-0001",
    title: "db01 disk reaches 80% in ~2 weeks",
    reason: "compressing data is a data-class change: never unattended",
    evidence,
    options: [{ title: "Compress chunks older than 7 days", tradeoffs: "frees most of the space; an hour of CPU", recommended: true }],
    changeRequest: MERGE_REQUEST,
    plan: rendered.plan,
    blastRadius: ["db01: the market database"],
    rollbackCost: "decompressing needs the space measured by the snapshot",
    ledgerUrl: "https://github.com/acme/ops/blob/main/BACKLOG.md",
    updated: evidence.at(-1)!.date,
  };
}

/** The git data API calls of a branch write; `existing` is the branch head when the branch exists. */
function expectBranchWrite(existing: string | undefined, newSha: string) {
  const scope = nock(API)
    .get("/repos/acme/ops/git/ref/heads%2Fmain")
    .reply(200, { object: { sha: "main-sha" } });
  if (existing) {
    scope
      .get("/repos/acme/ops/git/ref/heads%2Frounds%2FB-0001")
      .reply(200, { object: { sha: existing } })
      .get("/repos/acme/ops/compare/main...rounds%2FB-0001")
      .reply(200, { commits: [{ author: { login: "rounds[bot]" }, commit: {} }] });
  } else {
    scope.get("/repos/acme/ops/git/ref/heads%2Frounds%2FB-0001").reply(404, { message: "Not Found" });
  }
  scope
    .get("/repos/acme/ops/git/commits/main-sha")
    .reply(200, { tree: { sha: "main-tree" } })
    .post("/repos/acme/ops/git/trees", (body: { tree: { path: string; content: string }[] }) =>
      body.tree.some((f) => f.path === "changes/B-0001.yml" && f.content === renderChangeRequest(MERGE_REQUEST)),
    )
    .reply(201, { sha: `tree-${newSha}` });
  if (existing) scope.get(`/repos/acme/ops/git/commits/${existing}`).reply(200, { tree: { sha: "older-tree" } });
  scope.post("/repos/acme/ops/git/commits").reply(201, { sha: newSha });
  if (existing) scope.patch("/repos/acme/ops/git/refs/heads%2Frounds%2FB-0001", { sha: newSha, force: true }).reply(200, {});
  else scope.post("/repos/acme/ops/git/refs", { ref: "refs/heads/rounds/B-0001", sha: newSha }).reply(201, {});
}

describe("the escalation flow", () => {
  it("review opens the PR → a second review updates the same PR → the merge hands the exact change to the executor", async () => {
    // 1. The first review escalates: labels, branch with the change request, the PR.
    nock(API).get("/repos/acme/ops/labels").query(true).reply(200, []).post("/repos/acme/ops/labels").reply(201, {});
    expectBranchWrite(undefined, "c1");
    let body = "";
    nock(API)
      .get("/repos/acme/ops/pulls")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/ops/pulls", (b: { head: string; base: string; title: string; body: string }) => {
        body = b.body;
        return b.head === "rounds/B-0001" && b.base === "main" && b.title === "B-0001: db01 disk reaches 80% in ~2 weeks";
      })
      .reply(201, { number: 12, html_url: "https://github.com/acme/ops/pull/12" })
      .post("/repos/acme/ops/issues/12/labels", { labels: ["rounds:escalation"] })
      .reply(200, []);
    const first = await ensureEscalation(forge, {
      escalation: await escalation([{ date: "2026-11-24", text: "disk 71%" }]),
      base: "main",
      botLogin: "rounds[bot]",
    });
    expect(first).toEqual({ outcome: "created", pr: { number: 12, url: "https://github.com/acme/ops/pull/12" } });
    for (const part of [
      "<!-- rounds:backlog B-0001 -->",
      "- 2026-11-24: disk 71%",
      "### The exact plan",
      "hypertable_name = 'ticks'",
      "### Rollback cost",
      "**Approve:** merge this pull request",
    ])
      expect(body).toContain(part);

    // 2. The next day's review has new evidence: the same PR is updated, no second one is opened.
    nock(API)
      .get("/repos/acme/ops/labels")
      .query(true)
      .reply(200, [{ name: "rounds:escalation", color: "d93f0b", description: "Rounds needs a human decision: merge to approve, close or /drop to decline" }]);
    expectBranchWrite("c1", "c2");
    let updated = "";
    nock(API)
      .get("/repos/acme/ops/pulls")
      .query(true)
      .reply(200, [
        {
          number: 12,
          html_url: "https://github.com/acme/ops/pull/12",
          title: "B-0001: db01 disk reaches 80% in ~2 weeks",
          body,
          labels: [{ name: "rounds:escalation" }],
        },
      ])
      .patch("/repos/acme/ops/pulls/12", (b: { body: string }) => {
        updated = b.body;
        return true;
      })
      .reply(200, {});
    const second = await ensureEscalation(forge, {
      escalation: await escalation([
        { date: "2026-11-24", text: "disk 71%" },
        { date: "2026-11-25", text: "disk 72%" },
      ]),
      base: "main",
      botLogin: "rounds[bot]",
    });
    expect(second).toEqual({ outcome: "updated", pr: { number: 12, url: "https://github.com/acme/ops/pull/12" } });
    expect(updated).toContain("- 2026-11-25: disk 72%");

    // 3. A person merges: the change goes to the executor with the approval hash of exactly this plan.
    const repo = await createOpsRepo();
    try {
      const runner = new RecordingChangeRunner();
      const { probot } = await createTestProbot(repo.access, runner);
      nock(API)
        .get("/repos/acme/ops/pulls/12/files")
        .query(true)
        .reply(200, [{ filename: "changes/B-0001.yml" }]);
      await serveMergeCommit();
      const result = expectComment(12);
      await probot.receive({ id: "merge-1", name: "pull_request", payload: closedPayload({ merged: true, mergedBy: "alice" }) } as never);
      const plan = (await escalation([{ date: "2026-11-25", text: "x" }])).plan!;
      expect(runner.applied.map((a) => a.approvalHash)).toEqual([approvalHash(MERGE_REQUEST, plan)]);
      expect(result.body()).toContain("Applied timescaledb-compression on db01.");
    } finally {
      await repo.cleanup();
    }
  });

  it("a branch a person committed to is never force-pushed: the PR body is updated and a comment says why", async () => {
    nock(API)
      .get("/repos/acme/ops/labels")
      .query(true)
      .reply(200, [{ name: "rounds:escalation", color: "d93f0b", description: "Rounds needs a human decision: merge to approve, close or /drop to decline" }])
      .get("/repos/acme/ops/git/ref/heads%2Fmain")
      .reply(200, { object: { sha: "main-sha" } })
      .get("/repos/acme/ops/git/ref/heads%2Frounds%2FB-0001")
      .reply(200, { object: { sha: "c3" } })
      .get("/repos/acme/ops/compare/main...rounds%2FB-0001")
      .reply(200, {
        commits: [
          { author: { login: "rounds[bot]" }, commit: {} },
          { author: { login: "alice" }, commit: {} },
        ],
      })
      .get("/repos/acme/ops/pulls")
      .query(true)
      .reply(200, [{ number: 12, html_url: "u", title: "old", body: "old", labels: [{ name: "rounds:escalation" }] }])
      .patch("/repos/acme/ops/pulls/12")
      .reply(200, {});
    const comment = expectComment(12);
    const result = await ensureEscalation(forge, {
      escalation: await escalation([{ date: "2026-11-25", text: "disk 72%" }]),
      base: "main",
      botLogin: "rounds[bot]",
    });
    expect(result).toEqual({ outcome: "refused-human-commits", pr: { number: 12, url: "u" }, humans: ["alice"] });
    expect(comment.body()).toContain("it has commits by @alice, and a person's work is never force-pushed away");
  });

  it("publishes each open escalated item: a PR when a playbook can do it, an issue when a person must", async () => {
    const config = await requireOpsConfig(workingTree(TEMPLATE));
    let backlog = parseBacklog(await readFile(join(TEMPLATE, "BACKLOG.md"), "utf8"));
    const finding = (fingerprint: string, host: string, subject: string): Finding => ({
      kind: fingerprint.split(":")[0]!,
      fingerprint,
      severity: "high",
      host,
      subject,
      title: subject,
      evidence: [],
    });
    backlog = ensureItem(backlog, {
      fingerprint: "disk-growth:db01:/",
      title: "db01 disk reaches 80% in ~2 weeks",
      priority: "P2",
      date: "2026-11-24",
      evidence: [{ date: "2026-11-24", text: "disk 71%" }],
    }).doc;
    backlog = ensureItem(backlog, {
      fingerprint: "feed-http-error:collect01:feed-a",
      title: "feed-a answers 403",
      priority: "P1",
      date: "2026-11-24",
      evidence: [{ date: "2026-11-24", text: "HTTP 403 for 31 h" }],
    }).doc;
    const escalations = [
      {
        finding: finding("disk-growth:db01:/", "db01", "/"),
        reason: "compression is a data-class change",
        action: { playbook: "timescaledb-compression", host: "db01", params: MERGE_REQUEST.params, mode: "attended" as const },
      },
      {
        finding: finding("feed-http-error:collect01:feed-a", "collect01", "feed-a"),
        reason: "the server rejects our credentials; restarting the client would not help",
      },
      { finding: finding("not-in-backlog:x:y", "x", "y"), reason: "ignored: no backlog item" },
    ];
    nock(API)
      .get("/repos/acme/ops/labels")
      .query(true)
      .times(2)
      .reply(200, [{ name: "rounds:escalation", color: "d93f0b", description: "Rounds needs a human decision: merge to approve, close or /drop to decline" }]);
    expectBranchWrite(undefined, "c1");
    nock(API)
      .get("/repos/acme/ops/pulls")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/ops/pulls", (b: { body: string }) => {
        prBody = b.body;
        return true;
      })
      .reply(201, { number: 30, html_url: "pr30" })
      .post("/repos/acme/ops/issues/30/labels")
      .reply(200, []);
    let [prBody, issueBody] = ["", ""];
    nock(API)
      .get("/repos/acme/ops/issues")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/ops/issues", (b: { title: string; body: string; labels: string[] }) => {
        issueBody = b.body;
        return b.title === "B-0002: feed-a answers 403" && b.labels[0] === "rounds:escalation";
      })
      .reply(201, { number: 31, html_url: "issue31" });
    const published = await publishEscalations(forge, { config, backlog, escalations, day: "2026-11-25", base: "main", botLogin: "rounds[bot]" });
    expect(published).toEqual([
      { backlogId: "B-0001", result: { outcome: "created", pr: { number: 30, url: "pr30" } } },
      { backlogId: "B-0002", result: { outcome: "created", issue: { number: 31, url: "issue31" } } },
    ]);
    // What a rollback costs comes from the playbook's own notes on its snapshot and rollback steps.
    expect(prBody).toContain(
      "### Rollback cost\n\n- the chunk list and sizes before compression; a full rollback needs this much free space\n- per-chunk decompression; needs free space equal to the uncompressed size",
    );
    expect(prBody).toContain("### Blast radius\n\n- db01: ");
    expect(issueBody.startsWith("<!-- rounds:backlog B-0002 -->")).toBe(true);
    expect(issueBody).toContain("restarting the client would not help");
    expect(issueBody).toContain("comment `/done` when it is handled");
  });

  it("files one issue per proposed idea, found again by its marker; decided ideas are not filed", async () => {
    let ideas = parseIdeas(await readFile(join(TEMPLATE, "IDEAS.md"), "utf8"));
    ideas = ensureIdea(
      ideas,
      {
        fingerprint: "alert-paging",
        title: "Page a person",
        date: "2026-11-20",
        by: "research",
        evidence: [{ date: "2026-11-20", text: "a 31 h outage went unnoticed" }],
      },
      1.5,
    ).doc;
    ideas = ensureIdea(
      ideas,
      { fingerprint: "bigger-disk", title: "Buy a bigger disk", date: "2026-11-20", by: "research", evidence: [{ date: "2026-11-20", text: "disk 71%" }] },
      1.5,
    ).doc;
    ideas = decide(ideas, "I-0002", "rejected", "@alice", "2026-11-21", "compression first").doc;
    let body = "";
    nock(API)
      .get("/repos/acme/ops/labels")
      .query(true)
      .reply(200, [{ name: "rounds:idea", color: "0e8a16", description: "A Rounds research idea: /accept or /reject <reason>" }])
      .get("/repos/acme/ops/issues")
      .query({ labels: "rounds:idea", state: "all", per_page: 100 })
      .reply(200, [])
      .post("/repos/acme/ops/issues", (b: { title: string; body: string }) => {
        body = b.body;
        return b.title === "I-0001: Page a person";
      })
      .reply(201, { number: 40, html_url: "issue40" });
    expect(await publishIdeas(forge, ideas.ideas, "main")).toEqual([{ id: "I-0001", number: 40, url: "issue40", outcome: "created" }]);
    expect(body).toContain("<!-- rounds:idea I-0001 -->");
    expect(body).toContain("- 2026-11-20: a 31 h outage went unnoticed");
    expect(body).toContain("`/reject <reason>`");
    nock(API)
      .get("/repos/acme/ops/labels")
      .query(true)
      .reply(200, [{ name: "rounds:idea", color: "0e8a16", description: "A Rounds research idea: /accept or /reject <reason>" }])
      .get("/repos/acme/ops/issues")
      .query(true)
      .reply(200, [{ number: 40, html_url: "issue40", title: "I-0001: Page a person", body, state: "closed" }]);
    expect(await publishIdeas(forge, ideas.ideas, "main")).toEqual([{ id: "I-0001", number: 40, url: "issue40", outcome: "unchanged" }]);
  });
});
