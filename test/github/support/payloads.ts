import { REPO } from "./probot-harness.ts";

const repository = { id: 1, name: REPO.name, full_name: REPO.full_name, owner: { login: REPO.owner, type: "Organization" }, default_branch: "main" };

interface Target {
  number: number;
  body: string;
  pullRequest?: boolean;
  state?: "open" | "closed";
  /** Who opened it: Rounds (a Bot) unless a test says a person did. */
  authorType?: "Bot" | "User";
}

/** An `issue_comment` payload; `on` describes the issue or pull request the comment is on. */
export function commentPayload(input: {
  body: string;
  commentId?: number;
  user?: string;
  userType?: "User" | "Bot";
  action?: "created" | "edited" | "deleted";
  on?: Target;
}) {
  const on: Target = input.on ?? IDEA_ISSUE;
  const commentId = input.commentId ?? 501;
  return {
    action: input.action ?? "created",
    issue: {
      number: on.number,
      body: on.body,
      state: on.state ?? "open",
      title: "t",
      user: { login: on.authorType === "User" ? "mallory" : "rounds[bot]", type: on.authorType ?? "Bot" },
      ...(on.pullRequest ? { pull_request: { url: `https://api.github.com/repos/acme/ops/pulls/${on.number}` } } : {}),
    },
    comment: {
      id: commentId,
      body: input.body,
      created_at: "2026-11-25T21:30:00Z",
      html_url: `https://github.com/acme/ops/issues/${on.number}#issuecomment-${commentId}`,
      user: { login: input.user ?? "alice", type: input.userType ?? "User" },
    },
    repository,
    sender: { login: input.user ?? "alice", type: input.userType ?? "User" },
  };
}

export const IDEA_ISSUE = { number: 7, body: "<!-- rounds:idea I-0001 -->\nPage a person when an alert fires" };
export const BACKLOG_ISSUE = { number: 8, body: "<!-- rounds:backlog B-0001 -->\ndb01 disk" };
export const ESCALATION_PR = { number: 12, body: "<!-- rounds:backlog B-0001 -->\n## B-0001", pullRequest: true };

/** A `pull_request.closed` payload for the escalation PR of B-0001. */
export function closedPayload(input: { merged: boolean; fork?: boolean; mergedBy?: string; headRef?: string; number?: number }) {
  const number = input.number ?? 12;
  return {
    action: "closed",
    number,
    pull_request: {
      number,
      body: "<!-- rounds:backlog B-0001 -->",
      user: { login: "rounds[bot]", type: "Bot" },
      html_url: `https://github.com/acme/ops/pull/${number}`,
      merged: input.merged,
      merge_commit_sha: input.merged ? MERGE_SHA : null,
      closed_at: "2026-11-25T21:45:00Z",
      merged_by: input.merged ? { login: input.mergedBy ?? "alice" } : null,
      head: { ref: input.headRef ?? "rounds/B-0001", sha: HEAD_SHA, repo: { full_name: input.fork ? "mallory/ops" : REPO.full_name } },
      base: { ref: "main", repo: { full_name: REPO.full_name } },
    },
    repository,
    sender: { login: input.mergedBy ?? "alice", type: "User" },
  };
}

export const MERGE_SHA = "4f1c0de0c0ffee0123456789abcdef0123456789";
/** The PR's last commit: what a reviewer approved. */
export const HEAD_SHA = "aaaabbbbccccddddeeeeffff0000111122223333";
