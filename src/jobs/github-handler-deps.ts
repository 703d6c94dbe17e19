import { join } from "node:path";
import type { Context } from "probot";
import { OpsRepoEffects } from "../adapters/github/ops-repo-effects.ts";
import { OpsRepoProcessedEvents } from "../adapters/github/processed-events.ts";
import { oneAtATime, queue } from "../adapters/github/one-at-a-time.ts";
import { openOpsClone } from "../adapters/github/open-ops-clone.ts";
import { installationAuth, type GitAuth } from "../adapters/github/git-auth.ts";
import { OpsRepo } from "../adapters/ops-repo.ts";
import { ledgerCommands } from "../core/commands/ledger-commands.ts";
import type { ChangeRunner, HandlerDeps } from "../handlers/handler-deps.ts";
import type { JobIO } from "../runner.ts";

/** Where the ops repo's clone lives for an event. */
export type OpsCheckout =
  /** `rounds serve`: one clone per repository under `workdir`, fetched with the installation's token. */
  | { kind: "server"; workdir: string }
  /** `rounds event` in GitHub Actions: the workflow's checkout, pushed with its persisted credentials. */
  | { kind: "actions"; dir: string };

/** The handlers' dependencies for a real run: the ops repo through git, the executor for approved changes. */
/** `changesFor(dir)`: the change executor working in the ops repo clone at `dir`. */
export function githubHandlerDeps(checkout: OpsCheckout, changesFor: (dir: string) => ChangeRunner, io: Pick<JobIO, "env" | "now">): HandlerDeps {
  const author = { name: io.env.ROUNDS_GIT_NAME ?? "Rounds", email: io.env.ROUNDS_GIT_EMAIL ?? "rounds@users.noreply.github.com" };
  return {
    now: io.now,
    opsRepo: async (context: Context) => {
      const { owner, repo } = context.repo();
      const branch = (context.payload as { repository?: { default_branch?: string } }).repository?.default_branch ?? "main";
      if (checkout.kind === "actions") {
        const ops = await OpsRepo.open(checkout.dir, { author });
        return { effects: new OpsRepoEffects(ops, ledgerCommands), events: new OpsRepoProcessedEvents(ops), changes: changesFor(ops.dir) };
      }
      // The server handles deliveries concurrently: one clone per repository, one writer at a time.
      const dir = join(checkout.workdir, owner, repo);
      const auth = await installationGitAuth(context, owner, repo, io.env);
      const ops = await queue(dir, () => openOpsClone({ dir, auth, branch, author }));
      return {
        effects: oneAtATime(dir, new OpsRepoEffects(ops, ledgerCommands)),
        events: oneAtATime(dir, new OpsRepoProcessedEvents(ops)),
        changes: oneAtATime(dir, changesFor(dir)),
      };
    },
  };
}

/** The HTTPS remote and a fresh installation token (they last an hour; one is asked for per event), kept out of the URL. */
async function installationGitAuth(context: Context, owner: string, repo: string, env: NodeJS.ProcessEnv): Promise<GitAuth> {
  const { token } = (await context.octokit.auth({ type: "installation" })) as { token: string };
  return installationAuth(`https://${env.GHE_HOST ?? "github.com"}`, owner, repo, token, env);
}
