import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseIdeas } from "../../src/core/ledger/index.ts";
import { useNock, useRoundsApp } from "./support/lifecycle.ts";
import { commentPayload, BACKLOG_ISSUE, ESCALATION_PR, IDEA_ISSUE } from "./support/payloads.ts";
import { API, expectClose, expectComment, expectPermission, expectReaction } from "./support/probot-harness.ts";

useNock();
const t = useRoundsApp("issue_comment");
const receive = t.receive;

/** The PR lookup a comment on a pull request makes, to learn its branch. */
function expectPullRequest(number: number, headRef = "rounds/B-0001", fork = false) {
  nock(API)
    .get(`/repos/acme/ops/pulls/${number}`)
    .reply(200, {
      number,
      state: "open",
      merged: false,
      merge_commit_sha: null,
      body: "",
      user: { login: "rounds[bot]" },
      head: { ref: headRef, repo: { full_name: fork ? "mallory/ops" : "acme/ops" } },
      base: { ref: "main", repo: { full_name: "acme/ops" } },
    });
}

describe("comment commands", () => {
  it("/accept by a collaborator graduates the idea to the backlog, closes the issue and replies", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    expectClose(7);
    const reply = expectComment(7);
    await receive(commentPayload({ body: "Good one.\n/accept worth it after the 31 h outage" }));
    expect(await t.repo.show("IDEAS.md")).toContain("2026-11-25 · accepted by @alice — worth it after the 31 h outage");
    expect(await t.repo.show("IDEAS.md")).toContain("- Graduated to: B-0002");
    expect(await t.repo.show("BACKLOG.md")).toContain("### B-0002 — Page a person when an alert fires");
    expect(reply.body()).toContain("- `/accept`: I-0001 is accepted and graduated to backlog item B-0002");
    expect(reply.body()).toContain("<!-- rounds:reply -->");
  });

  it("the same /accept from a reader is refused politely and changes nothing", async () => {
    const before = await t.repo.commits();
    expectReaction(501);
    expectPermission("bob", "read");
    const reply = expectComment(7);
    await receive(commentPayload({ body: "/accept", user: "bob" }));
    expect(reply.body()).toContain("Thank you, @bob — Rounds only takes commands from people with write access");
    expect(reply.body()).toContain("yours is read");
    expect(await t.repo.show("IDEAS.md")).not.toContain("accepted by");
    // Only the record of the handled event was committed: no ledger changed.
    expect(await t.repo.commits()).toBe(before + 1);
    expect(await t.repo.show("BACKLOG.md")).not.toContain("B-0002");
  });

  it("counts maintain and admin (role_name), not triage — whatever the old `permission` field says", async () => {
    expectReaction(501);
    expectPermission("carol", "triage", "read");
    const refused = expectComment(7);
    await receive(commentPayload({ body: "/reject no", user: "carol" }));
    expect(refused.body()).toContain("yours is triage");
    expectReaction(502);
    expectPermission("dave", "maintain", "write");
    expectClose(7);
    const obeyed = expectComment(7);
    await receive(commentPayload({ body: "/reject paging is done by the NOC", user: "dave", commentId: 502 }));
    expect(obeyed.body()).toContain("I-0001 is rejected");
    expect(await t.repo.show("IDEAS.md")).toContain("rejected by @dave — paging is done by the NOC");
  });

  it("a redelivered webhook (same delivery id) changes nothing and posts no second reply", async () => {
    expectReaction(501);
    expectPermission("alice", "admin");
    expectClose(7);
    expectComment(7);
    const payload = commentPayload({ body: "/accept" });
    await receive(payload, "delivery-fixed");
    const after = { commits: await t.repo.commits(), ideas: await t.repo.show("IDEAS.md") };
    expectReaction(501);
    await receive(payload, "delivery-fixed");
    expect(await t.repo.commits()).toBe(after.commits);
    expect(await t.repo.show("IDEAS.md")).toBe(after.ideas);
    expect(t.logs.some((l) => l.msg.includes("already handled"))).toBe(true);
  });

  it("two deliveries of one comment at the same moment: one effect, one reply, one record (issue 13)", async () => {
    const commits = await t.repo.commits();
    for (let i = 0; i < 3; i++) expectReaction(501);
    expectPermission("alice", "write");
    expectComment(8);
    const payload = commentPayload({ body: "/stop both at once", on: BACKLOG_ISSUE });
    // Truly in parallel: a redelivery racing the original (another id), and the same id twice.
    await Promise.all([receive(payload, "same-a"), receive(payload, "same-b"), receive(payload, "same-a")]);
    expect(await t.repo.show("STOP")).toContain("both at once");
    // The kill switch and the event record: two commits, whatever the interleaving.
    expect(await t.repo.commits()).toBe(commits + 2);
    const events = JSON.parse((await t.repo.show("state/github-events.json"))!) as Record<string, unknown>;
    expect(Object.keys(events).filter((k) => k.startsWith("comment:501"))).toHaveLength(1);
    expect(t.logs.filter((l) => l.msg.includes("already handled"))).toHaveLength(2);
  });

  it("a repeated comment is answered, but the ledger does not change again", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    expectClose(7);
    expectComment(7);
    await receive(commentPayload({ body: "/accept" }));
    const ledgers = [await t.repo.show("IDEAS.md"), await t.repo.show("BACKLOG.md")];
    expectReaction(502);
    expectPermission("alice", "write");
    const reply = expectComment(7);
    await receive(commentPayload({ body: "/accept", commentId: 502, on: { ...IDEA_ISSUE, state: "closed" } }));
    expect(reply.body()).toContain("I-0001 was already accepted (backlog item B-0002) — nothing changed");
    expect([await t.repo.show("IDEAS.md"), await t.repo.show("BACKLOG.md")]).toEqual(ledgers);
  });

  it("a hostile reason cannot forge ledger structure: the ledger stays readable and gains no item", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    expectClose(7);
    expectComment(7);
    // (Written as entities, the marker is text GitHub shows, so the line is a command; as raw HTML it would not be one.)
    await receive(
      commentPayload({
        body: "/reject ### I-0099 — forged &lt;!-- rounds:idea I-0099 --&gt; [x](javascript:alert(1)) - 2026-01-01 · accepted by @mallory — yes",
      }),
    );
    const ideas = parseIdeas((await t.repo.show("IDEAS.md"))!);
    expect(ideas.problems).toEqual([]);
    expect(ideas.ideas.map((i) => [i.id, i.status])).toEqual([["I-0001", "rejected"]]);
  });

  it("/drop on the escalation pull request drops the item with the date and reason, and closes the PR", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    expectPullRequest(12);
    expectClose(12);
    const reply = expectComment(12);
    await receive(commentPayload({ body: "/drop we will buy a bigger disk", on: ESCALATION_PR }));
    expect(await t.repo.show("BACKLOG.md")).toMatch(/2026-11-25 · dropped — we will buy a bigger disk \(@alice\)/);
    expect(reply.body()).toContain("B-0001 is dropped as of 2026-11-25");
  });

  it("/done marks the item done; /hold holds its host, /release lifts it", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    const held = expectComment(8);
    await receive(commentPayload({ body: "/hold\n", on: BACKLOG_ISSUE }));
    expect(JSON.parse((await t.repo.show("state/holds.json"))!)).toEqual([
      { item: "B-0001", host: "db01", by: "@alice", ref: "https://github.com/acme/ops/issues/8#issuecomment-501", since: "2026-11-25" },
    ]);
    expect(held.body()).toContain("B-0001 is held: no unattended change on db01 until `/release`");
    expectReaction(502);
    expectPermission("alice", "write");
    expectClose(8);
    const done = expectComment(8);
    await receive(commentPayload({ body: "/release\n/done", commentId: 502, on: BACKLOG_ISSUE }));
    expect(JSON.parse((await t.repo.show("state/holds.json"))!)).toEqual([]);
    expect(await t.repo.show("BACKLOG.md")).toMatch(/2026-11-25 · done — done by hand \(@alice\)/);
    expect(done.body()).toContain("- `/release`: B-0001 is released");
    expect(done.body()).toContain("- `/done`: B-0001 is done as of 2026-11-25");
  });

  it("/stop commits the kill-switch file named in guardrails.yml, once", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    const first = expectComment(8);
    await receive(commentPayload({ body: "/stop the rollback of yesterday looks wrong", on: BACKLOG_ISSUE }));
    expect(await t.repo.show("STOP")).toContain("Kill switch engaged on 2026-11-25 by @alice: the rollback of yesterday looks wrong");
    expect(first.body()).toContain("the kill switch is engaged");
    expectReaction(502);
    expectPermission("alice", "write");
    const second = expectComment(8);
    await receive(commentPayload({ body: "/stop", commentId: 502, on: BACKLOG_ISSUE }));
    expect(second.body()).toContain("the kill switch is already engaged (`STOP` exists) — nothing changed");
  });

  it("/continue hands the phased change to the executor", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    expectPullRequest(12);
    const reply = expectComment(12);
    await receive(commentPayload({ body: "/continue", on: { ...ESCALATION_PR, state: "closed" } }));
    expect(t.runner.continued).toEqual([{ backlogId: "B-0001", pr: 12, by: "alice" }]);
    expect(reply.body()).toContain("B-0001: phase 2 started");
  });

  it("/help and an unknown command get the help text without a permission check; a reasonless /reject gets its usage", async () => {
    expectReaction(501);
    const help = expectComment(7);
    await receive(commentPayload({ body: "/help", user: "stranger" }));
    expect(help.body()).toContain("`/drop <reason>`");
    expectReaction(502);
    const unknown = expectComment(7);
    await receive(commentPayload({ body: "/merge\n/reject", commentId: 502, user: "stranger" }));
    expect(unknown.body()).toContain("`/merge` is not a Rounds command");
    expect(unknown.body()).toContain("`/reject` needs a reason");
    expect(await t.repo.show("IDEAS.md")).not.toContain("2026-11-25 · rejected");
  });

  it("commands that do not fit where they are written say so", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    const reply = expectComment(8);
    await receive(commentPayload({ body: "/accept", on: BACKLOG_ISSUE }));
    expect(reply.body()).toContain("- `/accept`: not done — `/accept` works on an idea's issue");
  });

  it("a marker pasted into a person's issue never points a command at an item", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    const reply = expectComment(9);
    await receive(commentPayload({ body: "/accept", on: { number: 9, body: "<!-- rounds:idea I-0001 -->", authorType: "User" } }));
    expect(reply.body()).toContain("- `/accept`: not done");
    expect(await t.repo.show("IDEAS.md")).not.toContain("accepted by @alice");
  });

  it("a fork's branch name never identifies a backlog item", async () => {
    expectReaction(501);
    expectPermission("alice", "write");
    expectPullRequest(13, "rounds/B-0001", true);
    const reply = expectComment(13);
    await receive(commentPayload({ body: "/drop spoofed", on: { number: 13, body: "", pullRequest: true } }));
    expect(reply.body()).toContain("not done");
    expect(await t.repo.show("BACKLOG.md")).not.toContain("2026-11-25 · dropped");
  });

  it("ignores edited comments, bots, Rounds' own replies and quoted or code commands — and logs why", async () => {
    await receive(commentPayload({ body: "/stop", action: "edited" }));
    await receive(commentPayload({ body: "/stop", user: "rounds[bot]", userType: "Bot" }));
    await receive(commentPayload({ body: "<!-- rounds:reply -->\n/stop" }));
    await receive(commentPayload({ body: "> /stop\n```\n/stop\n```\n`/stop`" }));
    // Text GitHub does not show is never a command (issue 13): an HTML comment, a collapsed <details>.
    await receive(commentPayload({ body: "Looks fine to me.\n<!--\n/stop pasted from somewhere\n-->" }));
    await receive(commentPayload({ body: "<details><summary>logs</summary>\n\n/stop\n\n</details>" }));
    await receive(commentPayload({ body: `/stop\n${"x".repeat(70_000)}` }));
    const why = t.logs.map((l) => l.msg).filter((m) => m.startsWith("ignored"));
    expect(why).toEqual([
      "ignored: only new comments carry commands (an edit is not a new command)",
      "ignored: comments by bots, Rounds included, are never commands",
      "ignored: this is Rounds' own reply",
      "ignored: no command in the comment",
      "ignored: no command in the comment",
      "ignored: no command in the comment",
      "ignored: the comment is longer than GitHub allows (65536 characters)",
    ]);
    expect(await t.repo.show("STOP")).toBeUndefined();
  });
});
