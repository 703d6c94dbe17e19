import nock from "nock";
import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { requireOpsConfig, workingTree } from "../../src/config/load-ops-config.ts";
import type { Finding } from "../../src/core/findings/finding.ts";
import { publishToGitHub } from "../../src/jobs/publish-to-github.ts";
import { useNock } from "./support/lifecycle.ts";
import { createOpsRepo, MERGE_REQUEST, TEMPLATE, removeSeededRemote } from "./support/ops-repo-fixture.ts";
import { API } from "./support/probot-harness.ts";

useNock();
let repo: Awaited<ReturnType<typeof createOpsRepo>>;
beforeEach(async () => {
  repo = await createOpsRepo();
});
afterEach(() => repo.cleanup());
afterAll(() => removeSeededRemote());

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const finding: Finding = {
  kind: "disk-growth",
  fingerprint: "disk-growth:db01:/",
  severity: "high",
  host: "db01",
  subject: "/",
  title: "db01 disk",
  evidence: [],
};
const escalations = [
  {
    finding,
    reason: "compression is a data-class change",
    action: { playbook: "timescaledb-compression", host: "db01", params: MERGE_REQUEST.params, mode: "attended" as const },
  },
];

describe("publishToGitHub (after a review)", () => {
  it("without GitHub it prints the pull requests and issues it would open, and writes nothing", async () => {
    const lines: string[] = [];
    const commits = await repo.commits();
    await publishToGitHub({
      repo: await repo.ops(),
      config: await requireOpsConfig(workingTree(TEMPLATE)),
      escalations,
      day: "2026-11-25",
      base: "main",
      env: {},
      progress: (l) => lines.push(l),
    });
    expect(lines).toEqual([
      "  would open a pull request rounds/B-0001 with changes/B-0001.yml for B-0001: db01 disk reaches 80% in ~2 weeks",
      "  would file an issue for I-0001: Page a person when an alert fires",
    ]);
    expect(await repo.commits()).toBe(commits);
  });

  it("opens the escalation PR and the idea's issue, and records the item as awaiting approval with the link", async () => {
    nock(API)
      .get("/repos/acme/ops/labels")
      .query(true)
      .times(2)
      .reply(200, [])
      .post("/repos/acme/ops/labels", { name: "rounds:escalation", color: "d93f0b", description: /.+/ })
      .reply(201, {})
      .post("/repos/acme/ops/labels", { name: "rounds:idea", color: "0e8a16", description: /.+/ })
      .reply(201, {})
      .get("/repos/acme/ops/git/ref/heads%2Fmain")
      .reply(200, { object: { sha: "m" } })
      .get("/repos/acme/ops/git/ref/heads%2Frounds%2FB-0001")
      .reply(404, {})
      .get("/repos/acme/ops/git/commits/m")
      .reply(200, { tree: { sha: "t0" } })
      .post("/repos/acme/ops/git/trees")
      .reply(201, { sha: "t1" })
      .post("/repos/acme/ops/git/commits")
      .reply(201, { sha: "c1" })
      .post("/repos/acme/ops/git/refs")
      .reply(201, {})
      .get("/repos/acme/ops/pulls")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/ops/pulls")
      .reply(201, { number: 12, html_url: "https://github.com/acme/ops/pull/12" })
      .post("/repos/acme/ops/issues/12/labels")
      .reply(200, [])
      .get("/repos/acme/ops/issues")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/ops/issues")
      .reply(201, { number: 13, html_url: "https://github.com/acme/ops/issues/13" });
    const lines: string[] = [];
    await publishToGitHub({
      repo: await repo.ops(),
      config: await requireOpsConfig(workingTree(TEMPLATE)),
      escalations,
      day: "2026-11-25",
      base: "main",
      env: { GITHUB_REPOSITORY: "acme/ops" },
      progress: (l) => lines.push(l),
      octokit: new Octokit({ auth: "app-token", log: quiet }),
    });
    expect(lines).toEqual(["  I-0001: issue #13 created", "  B-0001: PR #12 created"]);
    expect(await repo.show("BACKLOG.md")).toContain("- 2026-11-25 · awaiting-approval — escalated on GitHub [PR #12](https://github.com/acme/ops/pull/12)");
  });
});
