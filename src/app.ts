import type { Probot } from "probot";
import type { HandlerDeps } from "./handlers/handler-deps.ts";
import { handleIssueComment } from "./handlers/issue-comment.ts";
import { handlePullRequestClosed } from "./handlers/pull-request-closed.ts";

/** The Probot app: registers one handler per event Rounds subscribes to (see app.yml), nothing else. */
export function roundsApp(deps: HandlerDeps) {
  return (app: Probot): void => {
    app.on("issue_comment", handleIssueComment(deps));
    app.on("pull_request.closed", handlePullRequestClosed(deps));
  };
}
