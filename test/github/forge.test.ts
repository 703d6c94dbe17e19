import { Octokit } from "@octokit/rest";
import nock from "nock";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { useNock } from "./support/lifecycle.ts";
import { createForgeOctokit } from "../../src/adapters/github/create-octokit.ts";
import { createForge } from "../../src/adapters/github/forge.ts";
import { GitHubError } from "../../src/adapters/github/github-error.ts";
import { canSteer } from "../../src/adapters/github/permissions.ts";

const API = "https://api.github.com";
// Retries wait `retryAfter × 1 ms` instead of seconds, so the test shows the retries without the wait.
const resilient = createForge({
  octokit: createForgeOctokit({ token: "t", retryAfterBaseValue: 1, log: pino({ level: "silent" }) }),
  owner: "acme",
  repo: "ops",
});
// The operations themselves are tested over a plain Octokit: throttling spaces writes a second apart.
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const forge = createForge({ octokit: new Octokit({ auth: "t", log: quiet }), owner: "acme", repo: "ops" });

useNock();

describe("the forge's Octokit", () => {
  it("retries GitHub 5xx answers", async () => {
    nock(API)
      .get("/repos/acme/ops/collaborators/alice/permission")
      .reply(502, { message: "Bad Gateway" })
      .get("/repos/acme/ops/collaborators/alice/permission")
      .reply(503, { message: "Unavailable" })
      .get("/repos/acme/ops/collaborators/alice/permission")
      .reply(200, { permission: "admin", role_name: "admin", user: { login: "alice" } });
    expect(await resilient.getPermission("alice")).toBe("admin");
  });

  it("waits out a primary rate limit (403, remaining 0) and a secondary one (429 retry-after), then succeeds", async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    nock(API)
      .get("/repos/acme/ops/pulls/3")
      .reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset })
      .get("/repos/acme/ops/pulls/3")
      .reply(429, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "1" })
      .get("/repos/acme/ops/pulls/3")
      .reply(200, pr(3));
    expect((await resilient.getPullRequest(3)).headRef).toBe("rounds/B-0003");
  });

  it("turns a failure that retries cannot fix into a GitHubError with the status, the operation and a hint", async () => {
    nock(API).post("/repos/acme/ops/issues/5/comments").reply(403, { message: "Resource not accessible by integration" });
    const error = await resilient.comment(5, "hi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).toMatchObject({ status: 403, operation: "comment on #5" });
    expect((error as Error).message).toContain("the App needs contents, pull_requests and issues: write");
  });
});

describe("forge operations", () => {
  it("ensurePullRequest updates the open PR of the branch and never opens a duplicate", async () => {
    nock(API)
      .get("/repos/acme/ops/pulls")
      .query({ head: "acme:rounds/B-0003", state: "open", per_page: 10 })
      .reply(200, [{ ...pr(3), title: "old", body: "old", labels: [{ name: "rounds:escalation" }] }])
      .patch("/repos/acme/ops/pulls/3", { title: "B-0003: new", body: "new body" })
      .reply(200, pr(3));
    expect(
      await forge.ensurePullRequest({ branch: "rounds/B-0003", base: "main", title: "B-0003: new", body: "new body", labels: ["rounds:escalation"] }),
    ).toEqual({ number: 3, url: "https://github.com/acme/ops/pull/3", outcome: "updated" });
    nock(API)
      .get("/repos/acme/ops/pulls")
      .query(true)
      .reply(200, [{ ...pr(3), title: "B-0003: new", body: "new body", labels: [] }])
      .post("/repos/acme/ops/issues/3/labels", { labels: ["rounds:escalation"] })
      .reply(200, []);
    expect(
      (await forge.ensurePullRequest({ branch: "rounds/B-0003", base: "main", title: "B-0003: new", body: "new body", labels: ["rounds:escalation"] })).outcome,
    ).toBe("unchanged");
  });

  it("ensureBranchWithFiles refuses to rewrite a bot branch that carries a person's commit", async () => {
    nock(API)
      .get("/repos/acme/ops/git/ref/heads%2Fmain")
      .reply(200, { object: { sha: "base" } })
      .get("/repos/acme/ops/git/ref/heads%2Frounds%2FB-0003")
      .reply(200, { object: { sha: "head" } })
      .get("/repos/acme/ops/compare/main...rounds%2FB-0003")
      .reply(200, {
        commits: [
          { author: { login: "rounds[bot]" }, commit: {} },
          { author: { login: "renovate[bot]", type: "Bot" }, commit: {} },
          { author: null, commit: { author: { name: "Bob (unlinked e-mail)" } } },
          { author: { login: "alice", type: "User" }, commit: {} },
        ],
      });
    expect(
      await forge.ensureBranchWithFiles({ branch: "rounds/B-0003", base: "main", files: [{ path: "a", content: "b" }], message: "m", botLogin: "rounds[bot]" }),
    ).toEqual({ outcome: "refused-human-commits", sha: "head", humans: ["Bob (unlinked e-mail)", "alice"] });
  });

  it("ensureBranchWithFiles creates the branch in one commit on the base, and leaves an identical branch alone", async () => {
    nock(API)
      .get("/repos/acme/ops/git/ref/heads%2Fmain")
      .reply(200, { object: { sha: "base" } })
      .get("/repos/acme/ops/git/ref/heads%2Frounds%2FB-0003")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/ops/git/commits/base")
      .reply(200, { tree: { sha: "base-tree" } })
      .post("/repos/acme/ops/git/trees", { base_tree: "base-tree", tree: [{ path: "changes/B-0003.yml", mode: "100644", type: "blob", content: "x" }] })
      .reply(201, { sha: "tree" })
      .post("/repos/acme/ops/git/commits", { message: "m", tree: "tree", parents: ["base"] })
      .reply(201, { sha: "new" })
      .post("/repos/acme/ops/git/refs", { ref: "refs/heads/rounds/B-0003", sha: "new" })
      .reply(201, {});
    const request = { branch: "rounds/B-0003", base: "main", files: [{ path: "changes/B-0003.yml", content: "x" }], message: "m", botLogin: "rounds[bot]" };
    expect(await forge.ensureBranchWithFiles(request)).toEqual({ outcome: "created", sha: "new" });
    nock(API)
      .get("/repos/acme/ops/git/ref/heads%2Fmain")
      .reply(200, { object: { sha: "base" } })
      .get("/repos/acme/ops/git/ref/heads%2Frounds%2FB-0003")
      .reply(200, { object: { sha: "new" } })
      .get("/repos/acme/ops/compare/main...rounds%2FB-0003")
      .reply(200, { commits: [{ author: { login: "rounds[bot]" }, commit: {} }] })
      .get("/repos/acme/ops/git/commits/base")
      .reply(200, { tree: { sha: "base-tree" } })
      .post("/repos/acme/ops/git/trees")
      .reply(201, { sha: "tree" })
      .get("/repos/acme/ops/git/commits/new")
      .reply(200, { tree: { sha: "tree" } });
    expect(await forge.ensureBranchWithFiles(request)).toEqual({ outcome: "unchanged", sha: "new" });
  });

  it("ensureIssue finds an idea's issue by its id marker, open or closed, and files it only once", async () => {
    const marker = "<!-- rounds:idea I-0004 -->";
    nock(API)
      .get("/repos/acme/ops/issues")
      .query({ labels: "rounds:idea", state: "all", per_page: 100 })
      .reply(200, [])
      .post("/repos/acme/ops/issues", { title: "Idea", body: `${marker}\ntext`, labels: ["rounds:idea"] })
      .reply(201, { number: 40, html_url: "u40" });
    expect(await forge.ensureIssue({ marker, label: "rounds:idea", title: "Idea", body: "text" })).toEqual({ number: 40, url: "u40", outcome: "created" });
    nock(API)
      .get("/repos/acme/ops/issues")
      .query(true)
      .reply(200, [{ number: 40, html_url: "u40", state: "closed", title: "Idea", body: `${marker}\ntext` }]);
    expect(await forge.ensureIssue({ marker, label: "rounds:idea", title: "Idea", body: "text" })).toEqual({ number: 40, url: "u40", outcome: "unchanged" });
  });

  it("comment cuts a body past GitHub's limit instead of failing", async () => {
    let length = 0;
    nock(API)
      .post("/repos/acme/ops/issues/5/comments", (b: { body: string }) => {
        length = b.body.length;
        return b.body.endsWith("the full record is in the ops repo's ledgers.\n");
      })
      .reply(201, { id: 1, html_url: "c" });
    await forge.comment(5, "x".repeat(100_000));
    expect(length).toBe(65_536);
  });

  it("ensureLabels creates missing labels and repairs drifted ones", async () => {
    nock(API)
      .get("/repos/acme/ops/labels")
      .query(true)
      .reply(200, [{ name: "rounds:idea", color: "ffffff", description: "x" }])
      .patch("/repos/acme/ops/labels/rounds%3Aidea")
      .reply(200, {})
      .post("/repos/acme/ops/labels", { name: "rounds:escalation", color: "d93f0b" })
      .reply(201, {});
    expect(
      await forge.ensureLabels([
        { name: "rounds:idea", color: "0e8a16" },
        { name: "rounds:escalation", color: "d93f0b" },
      ]),
    ).toEqual({ created: ["rounds:escalation"], updated: ["rounds:idea"] });
  });

  it("getPermission reads role_name: maintain and admin steer, triage and read do not, a stranger has no role", async () => {
    nock(API)
      .get("/repos/acme/ops/collaborators/m/permission")
      .reply(200, { permission: "write", role_name: "maintain", user: { login: "m" } })
      .get("/repos/acme/ops/collaborators/t/permission")
      .reply(200, { permission: "read", role_name: "triage", user: { login: "t" } })
      .get("/repos/acme/ops/collaborators/c/permission")
      .reply(200, { permission: "write", role_name: "deployer", user: { login: "c", permissions: { push: true, pull: true } } })
      .get("/repos/acme/ops/collaborators/s/permission")
      .reply(404, { message: "Not Found" });
    const roles = [await forge.getPermission("m"), await forge.getPermission("t"), await forge.getPermission("c"), await forge.getPermission("s")];
    expect(roles).toEqual(["maintain", "triage", "write", "none"]);
    expect(roles.map(canSteer)).toEqual([true, false, true, false]);
  });
});

function pr(number: number) {
  return {
    number,
    state: "open",
    merged: false,
    merge_commit_sha: null,
    html_url: `https://github.com/acme/ops/pull/${number}`,
    title: "t",
    body: "b",
    labels: [],
    user: { login: "rounds[bot]" },
    head: { ref: `rounds/B-000${number}`, repo: { full_name: "acme/ops" } },
    base: { ref: "main", repo: { full_name: "acme/ops" } },
  };
}
