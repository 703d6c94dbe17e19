import { GITHUB_BODY_LIMIT } from "../../core/escalation/render-escalation-body.ts";
import { callGitHub } from "./github-error.ts";
import type { RepoClient } from "./repo-client.ts";

export interface LabelSpec {
  name: string;
  color: string;
  description?: string;
}

/** Creates missing labels and repairs drifted colour or description; labels are matched by name. */
export async function ensureLabels(client: RepoClient, labels: LabelSpec[]): Promise<{ created: string[]; updated: string[] }> {
  const { octokit, owner, repo } = client;
  const existing = await callGitHub("ensureLabels: list", () => octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 }));
  const byName = new Map(existing.map((l) => [l.name.toLowerCase(), l]));
  const created: string[] = [];
  const updated: string[] = [];
  for (const label of labels) {
    const have = byName.get(label.name.toLowerCase());
    if (!have) {
      await callGitHub(`ensureLabels: create ${label.name}`, () => octokit.rest.issues.createLabel({ owner, repo, ...label }));
      created.push(label.name);
    } else if (have.color.toLowerCase() !== label.color.toLowerCase() || (label.description !== undefined && have.description !== label.description)) {
      await callGitHub(`ensureLabels: update ${label.name}`, () => octokit.rest.issues.updateLabel({ owner, repo, ...label }));
      updated.push(label.name);
    }
  }
  return { created, updated };
}

/** Comments; a body past GitHub's limit (a long executor report, say) is cut rather than refused. */
export async function comment(client: RepoClient, issueNumber: number, body: string): Promise<{ id: number; url: string }> {
  const { octokit, owner, repo } = client;
  const tail = "\n\n… cut to fit GitHub's comment limit; the full record is in the ops repo's ledgers.\n";
  const fitted = body.length <= GITHUB_BODY_LIMIT ? body : `${body.slice(0, GITHUB_BODY_LIMIT - tail.length)}${tail}`;
  const { data } = await callGitHub(`comment on #${issueNumber}`, () =>
    octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: fitted }),
  );
  return { id: data.id, url: data.html_url };
}

export type Reaction = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

/** Reacts to a comment; GitHub answers 200 instead of 201 when the reaction is already there. */
export async function react(client: RepoClient, commentId: number, content: Reaction): Promise<void> {
  const { octokit, owner, repo } = client;
  await callGitHub(`react ${content} to comment ${commentId}`, () =>
    octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content }),
  );
}

export async function closeIssue(client: RepoClient, issueNumber: number): Promise<void> {
  const { octokit, owner, repo } = client;
  await callGitHub(`close #${issueNumber}`, () => octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, state: "closed" }));
}

/**
 * The issue carrying `marker` (an HTML comment with a ledger id) under `label`: found among open and
 * closed issues, so an idea that was once filed is never filed again; created when missing.
 */
export async function ensureIssue(
  client: RepoClient,
  request: { marker: string; label: string; title: string; body: string },
): Promise<{ number: number; url: string; outcome: "created" | "updated" | "unchanged" }> {
  const { octokit, owner, repo } = client;
  const op = `ensureIssue ${request.marker}`;
  const body = request.body.includes(request.marker) ? request.body : `${request.marker}\n${request.body}`;
  const issues = await callGitHub(op, () =>
    octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, labels: request.label, state: "all", per_page: 100 }),
  );
  const existing = issues.find((i) => !i.pull_request && (i.body ?? "").includes(request.marker));
  if (existing) {
    if (existing.title === request.title && existing.body === body) return { number: existing.number, url: existing.html_url, outcome: "unchanged" };
    await callGitHub(op, () => octokit.rest.issues.update({ owner, repo, issue_number: existing.number, title: request.title, body }));
    return { number: existing.number, url: existing.html_url, outcome: "updated" };
  }
  const { data } = await callGitHub(op, () => octokit.rest.issues.create({ owner, repo, title: request.title, body, labels: [request.label] }));
  return { number: data.number, url: data.html_url, outcome: "created" };
}
