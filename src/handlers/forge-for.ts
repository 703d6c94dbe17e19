import type { Context } from "probot";
import { createForge, type Forge } from "../adapters/github/forge.ts";
import type { RestClient } from "../adapters/github/repo-client.ts";

/** The forge for the repository an event came from, over Probot's Octokit (retry and throttling built in). */
export function forgeFor(context: Context): Forge {
  const { owner, repo } = context.repo();
  return createForge({ octokit: context.octokit as unknown as RestClient, owner, repo });
}

/** Marks Rounds' own comments, so a reply quoting a command is never read back as one. */
export const REPLY_MARKER = "<!-- rounds:reply -->";
