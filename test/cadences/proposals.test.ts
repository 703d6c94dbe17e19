import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { proposalsFor } from "../../src/jobs/cadence/proposals-for.ts";
import { RERANK_BRANCH } from "../../src/jobs/cadence/proposals.ts";
import { UsageError } from "../../src/errors.ts";
import { renderIdeaIssueBody } from "../../src/core/escalation/render-idea-issue.ts";
import type { Idea } from "../../src/core/ledger/index.ts";

const API = "https://api.github.com";
const REPO = "/repos/lab/ops";
const IDEA: Idea = {
  id: "I-0001",
  title: "Compress ticks",
  status: "proposed",
  fingerprint: "compression:db01:market.ticks",
  history: [{ date: "2026-11-08", status: "proposed", by: "research" }],
  evidence: [{ date: "2026-11-08", kind: "growth", value: 3, unit: "GB/day", text: "ticks grows 3 GB/day" }],
  humanContent: [],
  line: 1,
} as Idea;
const ENV = { ROUNDS_GITHUB_TOKEN: "ghs_test", GITHUB_REPOSITORY: "lab/ops", GITHUB_REF_NAME: "main" };

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

describe("where the weekly runs put their proposals", () => {
  it("prints them without GitHub", async () => {
    const lines: string[] = [];
    const proposals = proposalsFor({}, (l) => lines.push(l));
    expect(
      await proposals.ensureRerank({
        day: "2026-11-08",
        title: "Backlog re-rank 2026-11-08",
        body: "the order",
        files: [{ path: "BACKLOG.md", content: "x" }],
      }),
    ).toBe(`printed: ${RERANK_BRANCH}`);
    expect(lines[0]).toContain(`Would open pull request "Backlog re-rank 2026-11-08" from ${RERANK_BRANCH} changing BACKLOG.md`);
  });

  it("opens the one re-rank pull request on its own branch through the GitHub API", async () => {
    const api = nock(API)
      .get(`${REPO}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: "base1" } })
      .get(`${REPO}/git/ref/heads%2F${encodeURIComponent(RERANK_BRANCH)}`)
      .reply(404, { message: "Not Found" })
      .get(`${REPO}/git/commits/base1`)
      .reply(200, { tree: { sha: "tree0" } })
      .post(`${REPO}/git/trees`, (b) => b.base_tree === "tree0" && b.tree[0].path === "BACKLOG.md" && b.tree[0].content === "# Backlog\n")
      .reply(201, { sha: "tree1" })
      .post(`${REPO}/git/commits`, (b) => b.parents[0] === "base1")
      .reply(201, { sha: "c1" })
      .post(`${REPO}/git/refs`, { ref: `refs/heads/${RERANK_BRANCH}`, sha: "c1" })
      .reply(201, {})
      .get(`${REPO}/pulls`)
      .query({ head: `lab:${RERANK_BRANCH}`, state: "open", per_page: 10 })
      .reply(200, [])
      .post(`${REPO}/pulls`, (b) => b.head === RERANK_BRANCH && b.base === "main" && b.body === "the order")
      .reply(201, { number: 12, html_url: "https://github.com/lab/ops/pull/12" })
      .post(`${REPO}/issues/12/labels`, { labels: ["rounds:rerank"] })
      .reply(200, []);
    const url = await proposalsFor(ENV, () => {}).ensureRerank({
      day: "2026-11-08",
      title: "Backlog re-rank 2026-11-08",
      body: "the order",
      files: [{ path: "BACKLOG.md", content: "# Backlog\n" }],
    });
    expect(url).toBe("https://github.com/lab/ops/pull/12");
    expect(api.isDone()).toBe(true);
  });

  it("files an idea's issue once, found again by its marker — the same issue the daily review's publishing keeps", async () => {
    nock(API)
      .get(`${REPO}/labels`)
      .query(true)
      .reply(200, [{ name: "rounds:idea", color: "0e8a16", description: "A Rounds research idea: /accept or /reject <reason>" }])
      .get(`${REPO}/issues`)
      .query(true)
      .reply(200, [
        {
          number: 7,
          title: "I-0001: Compress ticks",
          body: renderIdeaIssueBody(IDEA, "https://github.com/lab/ops/blob/main/IDEAS.md#i-0001"),
          html_url: "https://github.com/lab/ops/issues/7",
        },
      ]);
    const url = await proposalsFor(ENV, () => {}).ensureIdeaIssue({ idea: IDEA, body: "printed only without GitHub" });
    expect(url).toBe("https://github.com/lab/ops/issues/7");
  });

  it("refuses a token without a repository", () => {
    expect(() => proposalsFor({ ROUNDS_GITHUB_TOKEN: "ghs_test" }, () => {})).toThrow(UsageError);
  });
});
