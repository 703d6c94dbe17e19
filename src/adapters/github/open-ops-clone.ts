import { access, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { simpleGit } from "simple-git";
import { OpsRepo } from "../ops-repo.ts";

/**
 * The ops repo clone a handler writes through: cloned on first use, its `origin` pointed at `remote`
 * (with a fresh installation token for `rounds serve`), then opened as the one ops-repo writer.
 */
export async function openOpsClone(options: { dir: string; remote: string; branch: string; author: { name: string; email: string } }): Promise<OpsRepo> {
  const cloned = await access(`${options.dir}/.git`).then(() => true, () => false);
  if (!cloned) {
    await mkdir(dirname(options.dir), { recursive: true });
    await simpleGit().clone(options.remote, options.dir, ["--branch", options.branch]);
  } else {
    await simpleGit(options.dir).remote(["set-url", "origin", options.remote]);
  }
  return OpsRepo.open(options.dir, { author: options.author });
}
