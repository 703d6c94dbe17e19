import { access, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";

export interface CommitAuthor {
  name: string;
  email: string;
}

/** An edit of the working tree: returns the paths it changed (empty: nothing to commit). */
export type WorkingTreeEdit = (dir: string) => Promise<string[]>;

export interface WorkspaceOptions {
  /** Where the clone lives (the Actions checkout, or a cache directory for `rounds serve`). */
  dir: string;
  /** The remote's URL, asked for before every fetch so a short-lived token can be renewed. */
  remoteUrl?: () => Promise<string>;
  branch: string;
  author: CommitAuthor;
  /** How many times a push that lost a race is redone on the fresh remote state. */
  attempts?: number;
}

/**
 * A clone of the ops repository that the bot writes to. Every update starts from the remote's
 * current default branch, applies an idempotent edit, commits only the paths the edit names, and
 * pushes; when another writer won the race, the edit is re-applied on top of the new remote state
 * (a fresh rebase of one commit), so no one's work is lost and nothing is applied twice.
 */
export class OpsRepoWorkspace {
  private constructor(private readonly git: SimpleGit, private readonly options: WorkspaceOptions) {}

  static async open(options: WorkspaceOptions): Promise<OpsRepoWorkspace> {
    const exists = await access(`${options.dir}/.git`).then(() => true, () => false);
    if (!exists) {
      if (!options.remoteUrl) throw new Error(`ops repo workspace: ${options.dir} is not a git clone and no remote was given`);
      await mkdir(dirname(options.dir), { recursive: true });
      await simpleGit().clone(await options.remoteUrl(), options.dir, ["--branch", options.branch]);
    }
    const { name, email } = options.author;
    const git = simpleGit({ baseDir: options.dir, config: [`user.name=${name}`, `user.email=${email}`] });
    return new OpsRepoWorkspace(git, options);
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Brings the clone to the remote's current state; local unpushed bot commits are redone by `update`. */
  async refresh(): Promise<void> {
    if (this.options.remoteUrl) await this.git.remote(["set-url", "origin", await this.options.remoteUrl()]);
    await this.git.fetch("origin", this.options.branch);
    await this.git.reset(["--hard", `origin/${this.options.branch}`]);
    await this.git.clean("f", ["-d"]);
  }

  async update(message: string, edit: WorkingTreeEdit): Promise<{ changed: boolean; sha?: string }> {
    const attempts = this.options.attempts ?? 4;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await this.refresh();
      const paths = await edit(this.options.dir);
      if (paths.length === 0) return { changed: false };
      await this.git.raw(["add", "--all", "--", ...paths]);
      const staged = await this.git.diff(["--cached", "--name-only"]);
      if (staged.trim() === "") return { changed: false };
      await this.git.commit(message, undefined, { "--no-verify": null });
      try {
        await this.git.push("origin", `HEAD:${this.options.branch}`);
        return { changed: true, sha: (await this.git.revparse(["HEAD"])).trim() };
      } catch (error) {
        if (attempt === attempts || !/rejected|non-fast-forward|fetch first|failed to push/i.test(String(error))) throw error;
      }
    }
    throw new Error("unreachable: the loop returns or throws");
  }
}
