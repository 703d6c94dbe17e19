import type { Context } from "probot";
import { canSteer } from "../adapters/github/permissions.ts";
import { isActing } from "../core/commands/command.ts";
import { helpText } from "../core/commands/help-text.ts";
import { parseCommands } from "../core/commands/parse-commands.ts";
import { itemOf } from "../core/escalation/markers.ts";
import { forgeFor, REPLY_MARKER } from "./forge-for.ts";
import type { HandlerDeps } from "./handler-deps.ts";
import { exclusively } from "./exclusive.ts";
import { runCommands } from "./run-commands.ts";

const MAX_COMMENT_CHARS = 65_536;

/**
 * `issue_comment`: reads commands from a new comment, acknowledges with 👀 at once (inside GitHub's
 * 10 s delivery timeout), checks the commenter's live role, runs the commands, records the event in
 * the ops repo and replies with the outcome. A redelivered event or an answered comment does nothing.
 */
export function handleIssueComment(deps: HandlerDeps) {
  return async (context: Context<"issue_comment">): Promise<void> => {
    const { payload } = context;
    const { comment, issue } = payload;
    const log = context.log.child({ delivery: context.id, comment: comment.id, issue: issue.number });
    if (payload.action !== "created") return log.info({ action: payload.action }, "ignored: only new comments carry commands (an edit is not a new command)");
    const user = comment.user;
    if (!user) return log.info("ignored: the comment has no author (a deleted account)");
    if (user.type === "Bot") return log.info({ user: user.login }, "ignored: comments by bots, Rounds included, are never commands");
    if (comment.body.includes(REPLY_MARKER)) return log.info("ignored: this is Rounds' own reply");
    // GitHub refuses a comment longer than this; a body beyond it did not come from GitHub's editor.
    if (comment.body.length > MAX_COMMENT_CHARS)
      return log.warn({ length: comment.body.length }, `ignored: the comment is longer than GitHub allows (${MAX_COMMENT_CHARS} characters)`);
    const { commands, problems } = parseCommands(comment.body);
    if (commands.length === 0 && problems.length === 0) return log.debug("ignored: no command in the comment");

    const forge = forgeFor(context);
    await forge.react(comment.id, "eyes");
    await exclusively(payload.repository.full_name, async () => {
      const ops = await deps.opsRepo(context);
      const keys = [`delivery:${context.id}`, `comment:${comment.id}`];
      const before = await ops.events.find(keys);
      if (before !== undefined) return log.info({ before }, "ignored: this event was already handled (a redelivery); nothing changes");

      const lines = problems.map((p) => p.reply);
      // An unknown command's reply carries the help text already; say it once.
      if (commands.some((c) => c.name === "help") && !problems.some((p) => p.kind === "unknown")) lines.push(helpText());
      const acting = commands.filter(isActing);
      if (acting.length > 0) {
        const role = await forge.getPermission(user.login);
        if (!canSteer(role)) {
          log.info({ user: user.login, role }, "refused: the commenter lacks write access");
          lines.push(
            `Thank you, @${user.login} — Rounds only takes commands from people with write access to this repository (write, maintain or admin; yours is ${role}). Nothing was changed.`,
          );
        } else {
          const pr = issue.pull_request ? await forge.getPullRequest(issue.number) : undefined;
          // An item is named by the bot's own branch or by a marker in a body the bot wrote: a fork's
          // branch name, or a marker pasted into someone's issue, never points a command at an item.
          const headRef = pr && pr.headRepo === pr.baseRepo ? pr.headRef : undefined;
          const body = issue.user?.type === "Bot" ? issue.body : undefined;
          const site = {
            number: issue.number,
            isPullRequest: Boolean(pr),
            open: issue.state === "open",
            item: itemOf(body, headRef),
            by: user.login,
            ref: comment.html_url,
            at: new Date(comment.created_at),
          };
          lines.push(...(await runCommands(acting, site, ops, forge)));
        }
      }
      const reply = `${REPLY_MARKER}\n@${user.login}\n\n${lines.join("\n\n")}\n`;
      await ops.events.record(keys, lines.join("\n").slice(0, 500), deps.now());
      await forge.comment(issue.number, reply);
      log.info({ commands: commands.map((c) => c.name), problems: problems.length }, "commands answered");
    });
  };
}
