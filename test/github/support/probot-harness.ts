import { Writable } from "node:stream";
import nock from "nock";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { roundsApp } from "../../../src/app.ts";
import type { ApprovedChange, ChangeRunner, OpsRepoAccess } from "../../../src/handlers/handler-deps.ts";

export const API = "https://api.github.com";
export const REPO = { owner: "acme", name: "ops", full_name: "acme/ops" };
export const NOW = new Date("2026-11-25T22:00:00Z");

/**
 * TEST DOUBLE — not the change executor. It implements the ChangeRunner interface the handlers call
 * and records every call, so a test can check what a merge or a `/continue` hands to the executor.
 */
export class RecordingChangeRunner implements ChangeRunner {
  readonly applied: ApprovedChange[] = [];
  readonly continued: { backlogId: string; pr: number; by: string }[] = [];

  async applyApprovedChange(change: ApprovedChange): Promise<{ summary: string }> {
    this.applied.push(change);
    return { summary: `Applied ${change.changeRequest.playbook} on ${change.changeRequest.host}.` };
  }

  async continuePhasedChange(request: { backlogId: string; pr: number; by: string }): Promise<{ summary: string }> {
    this.continued.push({ backlogId: request.backlogId, pr: request.pr, by: request.by });
    return { summary: `${request.backlogId}: phase 2 started` };
  }
}

/** A Probot the way its docs test apps: token auth, retry and throttling off, every log line kept. */
export async function createTestProbot(access: () => Promise<Omit<OpsRepoAccess, "changes">>, changes: ChangeRunner) {
  const logs: { msg: string; [key: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logs.push(JSON.parse(line) as { msg: string });
      done();
    },
  });
  const probot = new Probot({
    githubToken: "test-token",
    log: pino({ level: "debug" }, stream),
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown> & { throttle?: object }) => ({
      ...o,
      retry: { enabled: false },
      throttle: { ...o?.throttle, enabled: false },
    })),
  });
  await probot.load(roundsApp({ now: () => NOW, opsRepo: async () => ({ ...(await access()), changes }) }));
  return { probot, logs };
}

/** Captures the body of a comment Rounds posts on issue or PR `number`. */
export function expectComment(number: number): { body: () => string } {
  let body: string | undefined;
  nock(API)
    .post(`/repos/acme/ops/issues/${number}/comments`, (b: { body: string }) => {
      body = b.body;
      return true;
    })
    .reply(201, { id: 9000 + number, html_url: `https://github.com/acme/ops/issues/${number}#issuecomment-9000` });
  return { body: () => body ?? "(no comment was posted)" };
}

export function expectReaction(commentId: number): void {
  nock(API).post(`/repos/acme/ops/issues/comments/${commentId}/reactions`, { content: "eyes" }).reply(201, { id: 1, content: "eyes" });
}

export function expectPermission(user: string, role: string, permission = role): void {
  nock(API)
    .get(`/repos/acme/ops/collaborators/${user}/permission`)
    .reply(200, { permission, role_name: role, user: { login: user } });
}

export function expectClose(number: number): void {
  nock(API).patch(`/repos/acme/ops/issues/${number}`, { state: "closed" }).reply(200, { number, state: "closed" });
}
