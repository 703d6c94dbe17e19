import type { Context } from "probot";
import { approvalHash } from "../adapters/github/approval-hash.ts";
import type { Forge } from "../adapters/github/forge.ts";
import { loadOpsConfig } from "../config/load-ops-config.ts";
import { GUARDRAILS_FILE, INVENTORY_FILE, PLAYBOOKS_DIR } from "../config/ops-config.ts";
import { formatIssue } from "../errors.ts";
import { redactText } from "../core/redact-text.ts";
import { changeRequestPath, parseChangeRequest } from "../core/escalation/change-request.ts";
import { itemOf } from "../core/escalation/markers.ts";
import { renderChangePlan } from "../core/escalation/render-change-plan.ts";
import { exclusively } from "./exclusive.ts";
import { forgeFor, REPLY_MARKER } from "./forge-for.ts";
import type { ApprovedChange, HandlerDeps } from "./handler-deps.ts";

/**
 * Every file the policy or the approval reads: the trust boundary, the change catalogue, who must
 * review (CODEOWNERS, wherever GitHub looks for it) and what runs on merge (the workflows). A PR that
 * edits any of them may not also carry a change request.
 */
const BOUNDARY = (path: string) =>
  path === GUARDRAILS_FILE ||
  path === INVENTORY_FILE ||
  path.startsWith(`${PLAYBOOKS_DIR}/`) ||
  ["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"].includes(path) ||
  path.startsWith(".github/workflows/");

/**
 * `pull_request.closed`: merging an escalation PR is the approval of its change request; closing it
 * unmerged drops its backlog item with the date and reason. Refused with an explanation: a PR from a
 * fork, a PR that edits the trust boundary together with a change request, a merge without the
 * second person the two-person rule asks for. Configuration is read at the merge commit only.
 */
export function handlePullRequestClosed(deps: HandlerDeps) {
  return async (context: Context<"pull_request.closed">): Promise<void> => {
    const pr = context.payload.pull_request;
    const log = context.log.child({ delivery: context.id, pr: pr.number });
    const fork = pr.head.repo?.full_name !== pr.base.repo.full_name;
    // The bot's own branch, or a marker in a body the bot wrote, names the item (as for comments).
    const item = itemOf(pr.user?.type === "Bot" ? pr.body : undefined, fork ? undefined : pr.head.ref);
    if (!item || item.kind !== "backlog") return log.info("ignored: not an escalation pull request (no rounds/B-NNNN branch or backlog marker)");
    const forge = forgeFor(context);
    return exclusively(context.payload.repository.full_name, async () => {
      const ops = await deps.opsRepo(context);
      const keys = [`delivery:${context.id}`, `pr-closed:${pr.number}:${pr.merged ? pr.merge_commit_sha : "unmerged"}`];
      const before = await ops.events.find(keys);
      if (before !== undefined) return log.info({ before }, "ignored: this event was already handled (a redelivery); nothing changes");
      const say = async (outcome: string) => {
        await ops.events.record(keys, outcome.slice(0, 500), deps.now());
        await forge.comment(pr.number, `${REPLY_MARKER}\n${outcome}\n`);
      };

      if (fork) {
        log.warn({ head: pr.head.repo?.full_name ?? null }, "refused: a pull request from a fork");
        return say(
          `Rounds does not act on pull requests from forks: ${item.id} is unchanged. Escalations come from branches of this repository only, so that no one outside it can approve or drop a change.`,
        );
      }
      const closer = context.payload.sender.login;
      if (!pr.merged) {
        let outcome;
        try {
          outcome = await ops.effects.dropItem(item.id, closer, `pull request #${pr.number} closed without merging`, new Date(pr.closed_at ?? deps.now()));
        } catch (error) {
          log.error({ err: error }, "closed without merge: the item could not be dropped");
          return say(
            `Closed without merging, but ${item.id} could not be dropped: ${error instanceof Error ? error.message : String(error)}. Fix BACKLOG.md, then comment \`/drop <reason>\` here.`,
          );
        }
        log.info({ changed: outcome.changed }, "closed without merge: item dropped");
        if (!outcome.changed) return ops.events.record(keys, outcome.message, deps.now());
        return say(`Closed without merging: ${outcome.message}.`);
      }
      const refusal = await mergeRefusal(forge, {
        number: pr.number,
        headSha: pr.head.sha,
        merger: pr.merged_by?.login ?? closer,
        mergeCommit: pr.merge_commit_sha!,
        backlogId: item.id,
      });
      if (typeof refusal === "string") {
        log.warn({ refusal }, "refused: the merge does not approve a change");
        return say(refusal);
      }
      const { changeRequest, config, plan } = refusal;
      const hash = approvalHash(changeRequest, plan);
      log.info({ backlogId: item.id, approvalHash: hash }, "merge approved a change: handing it to the executor");
      const merger = pr.merged_by?.login ?? closer;
      try {
        const { summary } = await ops.changes.applyApprovedChange({
          changeRequest,
          config,
          plan,
          mergeCommit: pr.merge_commit_sha!,
          pr: { number: pr.number, url: pr.html_url },
          approvalHash: hash,
          merger,
        });
        return say(`Approved by @${merger}'s merge (approval \`${hash}\`).\n\n${summary}`);
      } catch (error) {
        log.error({ err: error }, "the approved change failed");
        // Not recorded as handled: the merge still approves the change, and a redelivery retries it.
        await forge.comment(
          pr.number,
          `${REPLY_MARKER}\nApproved by @${merger}'s merge (approval \`${hash}\`), but the change was not applied: ${redactText(error instanceof Error ? error.message : String(error))}\n\nNothing was recorded as handled: once the cause is fixed, redeliver this pull request's \`closed\` event (the App's settings → Advanced → Recent deliveries → Redeliver, or re-run the workflow run of this event) to apply it.\n`,
        );
      }
    });
  };
}

type Approved = Pick<ApprovedChange, "changeRequest" | "config" | "plan">;

/** Why this merge approves nothing, or the approved change read at the merge commit. */
async function mergeRefusal(
  forge: Forge,
  merge: { number: number; headSha: string; merger: string; mergeCommit: string; backlogId: string },
): Promise<string | Approved> {
  const { number, headSha, merger, mergeCommit, backlogId } = merge;
  const files = await forge.listPullRequestFiles(number);
  const path = changeRequestPath(backlogId);
  if (!files.includes(path))
    return `Merged. This pull request carries no change request (\`${path}\`), so there is nothing for Rounds to apply; ${backlogId} stays as the backlog says.`;
  const boundary = files.filter(BOUNDARY);
  if (boundary.length > 0) {
    return `Not applied: this pull request changes the trust boundary or the change catalogue (${boundary.map((f) => `\`${f}\``).join(", ")}) together with the change request \`${path}\`. A change may only be approved against a boundary that was reviewed on its own: merge the boundary change in its own pull request, then open the change again.`;
  }
  const source = { read: (p: string) => forge.readFileAt(p, mergeCommit), list: (p: string) => forge.listDirAt(p, mergeCommit) };
  const { config, issues } = await loadOpsConfig(source);
  if (!config) return `Not applied: the configuration at the merge commit is invalid:\n\n${issues.map((i) => `- ${formatIssue(i)}`).join("\n")}`;
  const text = await source.read(path);
  const parsed = parseChangeRequest(path, text ?? "");
  if (!parsed.value) return `Not applied: \`${path}\` at the merge commit is invalid:\n\n${parsed.issues.map((i) => `- ${formatIssue(i)}`).join("\n")}`;
  if (config.guardrails.attended.twoPersonRule) {
    const latest = new Map<string, { state: string; commitId: string | null }>();
    for (const review of await forge.listReviews(number)) if (review.user && review.state !== "COMMENTED") latest.set(review.user, review);
    // An approval counts for what it saw: the commit that was merged, not an earlier one.
    const approvers = [...latest].filter(([user, r]) => r.state === "APPROVED" && r.commitId === headSha && user !== merger).map(([user]) => user);
    if (approvers.length === 0)
      return `Not applied: guardrails.yml sets \`attended.twoPersonRule\`, and no one other than @${merger}, who merged, approved the final commit of this pull request (${headSha.slice(0, 12)}). Ask a second person to review it, then revert and merge again, or drop the item with \`/drop <reason>\`.`;
  }
  const rendered = renderChangePlan(config, parsed.value);
  if (!rendered.ok)
    return `Not applied: the change request does not render against the default branch:\n\n${rendered.problems.map((p) => `- ${p}`).join("\n")}`;
  return { changeRequest: parsed.value, config, plan: rendered.plan };
}
