import { readFile } from "node:fs/promises";
import { Probot, type Logger } from "probot";
import { roundsApp } from "../app.ts";
import { UsageError } from "../errors.ts";
import type { ChangeRunner } from "../handlers/handler-deps.ts";
import { createLogger } from "../log.ts";
import { EXIT, type JobIO } from "../runner.ts";
import { GitHubError } from "../adapters/github/github-error.ts";
import { githubHandlerDeps } from "./github-handler-deps.ts";

/**
 * `rounds event`: handles the webhook event that started a GitHub Actions workflow, with the same
 * handlers as `rounds serve`. GitHub already authenticated the event (it started the workflow), so
 * there is no signature to check; the token is the workflow's, or the App's when one is given.
 */
export async function eventJob(io: JobIO, options: { changes: (dir: string) => ChangeRunner; log?: Logger }): Promise<number> {
  const { env } = io;
  const name = env.GITHUB_EVENT_NAME;
  const path = env.GITHUB_EVENT_PATH;
  const token = env.ROUNDS_GITHUB_TOKEN || env.GITHUB_TOKEN;
  const missing = [!name && "GITHUB_EVENT_NAME", !path && "GITHUB_EVENT_PATH", !token && "GITHUB_TOKEN (or ROUNDS_GITHUB_TOKEN)"].filter(Boolean);
  if (missing.length > 0)
    throw new UsageError(
      `rounds event runs inside a GitHub Actions workflow and needs ${missing.join(", ")}; pass the token with \`env: GITHUB_TOKEN: \${{ github.token }}\``,
    );
  const payload = JSON.parse(
    await readFile(path!, "utf8").catch((error: Error) => {
      throw new UsageError(`GITHUB_EVENT_PATH: cannot read ${path} (${error.message})`);
    }),
  ) as object;
  // A re-run of the same workflow run is a redelivery: the run id is the delivery id.
  const id = `actions-run-${env.GITHUB_RUN_ID ?? "local"}`;
  const probot = new Probot({ githubToken: token, log: options.log ?? createLogger(), ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) });
  await probot.load(roundsApp(githubHandlerDeps({ kind: "actions", dir: env.GITHUB_WORKSPACE ?? process.cwd() }, options.changes, io)));
  // The template's workflow listens to pull_request_target (run from the default branch, never from
  // the PR); its payload is a pull_request payload, handled as one.
  const event = name === "pull_request_target" ? "pull_request" : name;
  try {
    await probot.receive({ id, name: event, payload } as Parameters<typeof probot.receive>[0]);
  } catch (error) {
    // A GitHub failure is the user's to fix (a permission, a token): say how, without a stack.
    const failures = error instanceof AggregateError ? error.errors : [error];
    if (!failures.every((f) => f instanceof GitHubError)) throw error;
    for (const failure of failures as GitHubError[]) io.progress(`rounds event: ${failure.message}`);
    return EXIT.refused;
  }
  io.progress(`rounds event: ${name} handled`);
  return EXIT.ok;
}
