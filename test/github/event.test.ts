import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { pino } from "pino";
import { simpleGit } from "simple-git";
import { afterAll, describe, expect, it } from "vitest";
import { eventJob } from "../../src/jobs/event.ts";
import { UsageError } from "../../src/errors.ts";
import { API, RecordingChangeRunner, expectClose, expectComment, expectPermission, expectReaction } from "./support/probot-harness.ts";
import { createOpsRepo, removeSeededRemote } from "./support/ops-repo-fixture.ts";
import { commentPayload } from "./support/payloads.ts";
import { useNock } from "./support/lifecycle.ts";

const silent = pino({ level: "silent" });

useNock();
afterAll(() => removeSeededRemote());

describe("rounds event (inside GitHub Actions)", () => {
  it("handles the workflow's issue_comment event in the workflow's checkout of the ops repo", async () => {
    const repo = await createOpsRepo();
    try {
      // What actions/checkout leaves: a clone of the ops repo whose origin the job can push to.
      const checkout = join(repo.root, "checkout");
      await simpleGit().clone(repo.remote, checkout);
      const eventPath = join(repo.root, "event.json");
      await writeFile(eventPath, JSON.stringify(commentPayload({ body: "/accept" })));
      expectReaction(501);
      expectPermission("alice", "write");
      expectClose(7);
      const reply = expectComment(7);
      const progress: string[] = [];
      const env = {
        GITHUB_EVENT_NAME: "issue_comment",
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_TOKEN: "ghs_workflowtoken",
        GITHUB_WORKSPACE: checkout,
        GITHUB_RUN_ID: "42",
      };
      const code = await eventJob(
        { print: () => {}, progress: (l) => progress.push(l), env, now: () => new Date("2026-11-25T22:00:00Z") },
        { changes: () => new RecordingChangeRunner(), log: silent },
      );
      expect(code).toBe(0);
      expect(progress).toContain("rounds event: issue_comment handled");
      expect(reply.body()).toContain("I-0001 is accepted and graduated to backlog item B-0002");
      expect(await repo.show("IDEAS.md")).toContain("accepted by @alice");
      expect(JSON.parse((await repo.show("state/github-events.json"))!)).toHaveProperty(["delivery:actions-run-42"]);
    } finally {
      await repo.cleanup();
    }
  });

  it("outside Actions it says which variables it needs", async () => {
    const error = await eventJob(
      { print: () => {}, progress: () => {}, env: {}, now: () => new Date() },
      { changes: () => new RecordingChangeRunner(), log: silent },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain("needs GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_TOKEN (or ROUNDS_GITHUB_TOKEN)");
  });

  it("a GitHub failure ends with its hint and exit 1, not a stack trace", async () => {
    const repo = await createOpsRepo();
    try {
      const eventPath = join(repo.root, "event.json");
      await writeFile(eventPath, JSON.stringify(commentPayload({ body: "/accept" })));
      nock(API).post("/repos/acme/ops/issues/comments/501/reactions").reply(403, { message: "Resource not accessible by integration" });
      const progress: string[] = [];
      const env = { GITHUB_EVENT_NAME: "issue_comment", GITHUB_EVENT_PATH: eventPath, GITHUB_TOKEN: "t", GITHUB_WORKSPACE: repo.root, GITHUB_RUN_ID: "43" };
      const code = await eventJob(
        { print: () => {}, progress: (l) => progress.push(l), env, now: () => new Date() },
        { changes: () => new RecordingChangeRunner(), log: silent },
      );
      expect(code).toBe(1);
      expect(progress.join("\n")).toContain(
        "rounds event: GitHub: react eyes to comment 501 failed (HTTP 403): Resource not accessible by integration. The token lacks a permission",
      );
    } finally {
      await repo.cleanup();
    }
  });
});
