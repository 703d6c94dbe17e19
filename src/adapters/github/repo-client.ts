import type { Octokit } from "@octokit/rest";

/**
 * What the forge needs of an Octokit: the REST methods and pagination. Both Rounds' own Octokit
 * (create-octokit.ts) and Probot's `context.octokit` fit, so handlers and jobs share one forge.
 */
export type RestClient = Pick<Octokit, "rest" | "paginate">;

/** One repository, reached through one client. */
export interface RepoClient {
  octokit: RestClient;
  owner: string;
  repo: string;
}
