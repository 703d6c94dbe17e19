import { stat } from "node:fs/promises";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { UsageError } from "../errors.ts";
import type { GitAuth } from "./github/git-auth.ts";

/** An edit of the working tree: returns the paths it changed (empty: nothing to commit). */
export type WorkingTreeEdit = (dir: string) => Promise<string[]>;

export interface OpsRepoOptions {
  author?: { name: string; email: string };
  /** How many times a push that lost a race is redone on the fresh remote state. */
  attempts?: number;
  /** Credentials for fetch and push, through the environment only (`rounds serve`'s installation token). */
  auth?: GitAuth;
}

const BOT = { name: "Rounds", email: "rounds@users.noreply.github.com" };

/**
 * The ops repository's working tree, the only place the jobs write to git. With an `origin`, every
 * update starts from the remote's current branch, applies an idempotent edit, commits only the paths
 * the edit names, and pushes; when another writer won the race, the edit is redone on the new remote
 * state, so no one's work is lost and nothing is applied twice. Without a remote (a local ops repo,
 * the demo) it commits in place.
 */
export class OpsRepo {
  private constructor(
    private readonly git: SimpleGit,
    readonly dir: string,
    readonly branch: string,
    private readonly remote: boolean,
    private readonly attempts: number,
  ) {}

  static async open(dir: string, options: OpsRepoOptions = {}): Promise<OpsRepo> {
    if (
      !(await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      throw new UsageError(`${dir} does not exist: point --ops at the ops repository (create one with \`rounds init\`)`);
    const probe = simpleGit(dir);
    if (!(await probe.checkIsRepo().catch(() => false)))
      throw new UsageError(`${dir} is not a git repository: the ops repo is where Rounds keeps its ledgers (create one with \`rounds init\`)`);
    const { name, email } = options.author ?? BOT;
    // The bot's identity as per-command config: simple-git refuses GIT_* identity variables.
    const git = simpleGit({ baseDir: dir, config: [`user.name=${name}`, `user.email=${email}`], ...options.auth?.options });
    if (options.auth?.env) git.env(options.auth.env);
    const branch = (await git.revparse(["--abbrev-ref", "HEAD"])).trim();
    const remote = (await git.getRemotes()).some((r) => r.name === "origin");
    return new OpsRepo(git, dir, branch, remote, options.attempts ?? 4);
  }

  /** Refuses to work over uncommitted human edits: they would be mixed into the bot's commits or lost. */
  async ensureClean(): Promise<void> {
    const status = await this.git.status();
    if (!status.isClean())
      throw new UsageError(
        `${this.dir} has uncommitted changes (${status.files
          .slice(0, 3)
          .map((f) => f.path)
          .join(", ")}${status.files.length > 3 ? ", …" : ""}); commit or stash them first — Rounds never writes over them`,
      );
  }

  /** Brings the working tree to the remote's current state (a no-op without a remote). */
  async sync(): Promise<void> {
    if (!this.remote) return;
    await this.git.fetch("origin", this.branch);
    await this.git.reset(["--hard", `origin/${this.branch}`]);
  }

  private async known(paths: string[]): Promise<string[]> {
    const tracked = new Set((await this.git.raw(["ls-files", "--", ...paths])).split("\n").filter(Boolean));
    const exists = await Promise.all(
      paths.map((p) =>
        stat(join(this.dir, p)).then(
          () => true,
          () => false,
        ),
      ),
    );
    return paths.filter((p, i) => exists[i] || tracked.has(p));
  }

  async update(message: string, edit: WorkingTreeEdit): Promise<{ changed: boolean; sha?: string }> {
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      await this.sync();
      // A path the edit removed that git never knew (an intent that was never committed) is not a change.
      const paths = await this.known(await edit(this.dir));
      if (paths.length === 0) return { changed: false };
      await this.git.raw(["add", "--all", "--", ...paths]);
      if ((await this.git.diff(["--cached", "--name-only"])).trim() === "") return { changed: false };
      await this.git.commit(message, undefined, { "--no-verify": null });
      const sha = (await this.git.revparse(["HEAD"])).trim();
      if (!this.remote) return { changed: true, sha };
      try {
        await this.git.push("origin", `HEAD:${this.branch}`);
        return { changed: true, sha };
      } catch (error) {
        if (attempt === this.attempts || !/rejected|non-fast-forward|fetch first|failed to push/i.test(String(error))) throw error;
      }
    }
    throw new Error("unreachable: the loop returns or throws");
  }
}
