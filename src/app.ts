import type { Context, Probot } from "probot";
import { GitHubError } from "./adapters/github/github-error.ts";
import { redactText } from "./core/redact-text.ts";
import type { HandlerDeps } from "./handlers/handler-deps.ts";
import { handleIssueComment } from "./handlers/issue-comment.ts";
import { handlePullRequestClosed } from "./handlers/pull-request-closed.ts";

export interface AppOptions {
  /**
   * `rounds event` rethrows a failure so the workflow run fails; `rounds serve` has answered GitHub
   * already and logs it only, so the webhook library never logs the delivery's payload with it.
   */
  rethrow?: boolean;
}

/** The Probot app: registers one handler per event Rounds subscribes to (see app.yml), nothing else. */
export function roundsApp(deps: HandlerDeps, options: AppOptions = {}) {
  return (app: Probot): void => {
    app.on("issue_comment", guarded(handleIssueComment(deps), options));
    app.on("pull_request.closed", guarded(handlePullRequestClosed(deps), options));
  };
}

/**
 * A handler's failure as one log line naming the delivery, with its message redacted — never the
 * payload, a git command line or a token — and, when rethrown, an error that carries nothing else.
 */
function guarded<C extends Context>(handler: (context: C) => Promise<void>, options: AppOptions) {
  return async (context: C): Promise<void> => {
    try {
      await handler(context);
    } catch (error) {
      const message = redactText(error instanceof Error ? error.message : String(error));
      context.log.error(
        { delivery: context.id, event: context.name, error: message },
        `the ${context.name} handler failed: ${message.replace(/\s+/g, " ").trim().slice(0, 300)}`,
      );
      if (options.rethrow === false) return;
      throw error instanceof GitHubError ? error : new Error(message);
    }
  };
}
