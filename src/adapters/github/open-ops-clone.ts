import { access, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { simpleGit } from "simple-git";
import { OpsRepo } from "../ops-repo.ts";
import type { GitAuth } from "./git-auth.ts";

/**
 * The ops repo clone a handler writes through: cloned on first use, its `origin` set to the remote
 * without credentials (a clone an older version made with a token in its URL is cleaned), then
 * opened as the one ops-repo writer, authenticating through the environment only.
 */
export async function openOpsClone(options: { dir: string; auth: GitAuth; branch: string; author: { name: string; email: string } }): Promise<OpsRepo> {
  const cloned = await access(`${options.dir}/.git`).then(
    () => true,
    () => false,
  );
  if (!cloned) {
    await mkdir(dirname(options.dir), { recursive: true });
    const git = simpleGit({ ...options.auth.options });
    if (options.auth.env) git.env(options.auth.env);
    await git.clone(options.auth.url, options.dir, ["--branch", options.branch]);
  } else {
    await simpleGit(options.dir).remote(["set-url", "origin", options.auth.url]);
  }
  return OpsRepo.open(options.dir, { author: options.author, auth: options.auth });
}
