/** Octokit's RequestError, recognised by shape so no transitive package is imported. */
interface RequestErrorLike extends Error {
  status: number;
  response?: { data?: unknown };
}

function isRequestError(error: unknown): error is RequestErrorLike {
  return error instanceof Error && error.name === "HttpError" && typeof (error as { status?: unknown }).status === "number";
}

/** A GitHub API call that failed, with what a user can do about it. */
export class GitHubError extends Error {
  constructor(
    /** What Rounds was doing, e.g. `ensurePullRequest rounds/B-0007`. */
    readonly operation: string,
    /** The HTTP status; 0 when no answer came back. */
    readonly status: number,
    readonly hint: string,
    detail: string,
  ) {
    super(`GitHub: ${operation} failed (${status === 0 ? "no answer" : `HTTP ${status}`}): ${detail}. ${hint}`);
    this.name = "GitHubError";
  }
}

/** How to fix the usual failures, by status. */
function hintFor(status: number, message: string): string {
  if (status === 401) return "The token is missing, expired or revoked: check GITHUB_TOKEN, or the App's APP_ID and PRIVATE_KEY.";
  if (status === 403 && /rate limit/i.test(message))
    return "The rate limit is exhausted even after waiting: run again later, or use the GitHub App's token, which has a higher limit.";
  if (status === 403)
    return "The token lacks a permission: the App needs contents, pull_requests and issues: write and metadata: read (see app.yml), and the workflow needs `permissions:` to match.";
  if (status === 404) return "Not found, or not visible to this token: check the repository name and that the App is installed on it.";
  if (status === 409) return "The branch moved or the repository is empty: run again; Rounds re-reads the branch before it writes.";
  if (status === 422) return "GitHub rejected the request as written (a duplicate, or a protected branch rule): the detail above names the field.";
  if (status >= 500) return "GitHub answered with a server error and retries did not help: see https://www.githubstatus.com and run again later.";
  return "Check the network path to the GitHub API (a proxy, or GHE_HOST for GitHub Enterprise).";
}

/** Runs one API call; any Octokit failure comes out as a GitHubError naming the operation. */
export async function callGitHub<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(operation, error);
  }
}

/** Converts an Octokit failure; anything else (a bug, say) passes through unchanged. */
export function toGitHubError(operation: string, error: unknown): unknown {
  if (error instanceof GitHubError) return error;
  if (isRequestError(error)) {
    const data = error.response?.data as { message?: string; errors?: { message?: string; field?: string }[] } | undefined;
    const details = (data?.errors ?? [])
      .map((e) => e.message ?? e.field)
      .filter(Boolean)
      .join("; ");
    const detail = [data?.message ?? error.message, details].filter(Boolean).join(": ");
    return new GitHubError(operation, error.status, hintFor(error.status, detail), detail);
  }
  return error;
}

/** True when a call failed because the thing does not exist (a ref, a file, a collaborator). */
export function isNotFound(error: unknown): boolean {
  return isRequestError(error) && error.status === 404;
}
