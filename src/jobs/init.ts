import { cp, mkdir, readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleGit } from "simple-git";
import { UsageError } from "../errors.ts";
import type { JobIO } from "../runner.ts";

export const TEMPLATE_DIR = fileURLToPath(new URL("../../ops-repo-template/", import.meta.url));

/** `rounds init DIR`: the template, copied into a new git repository with a first commit. */
export async function initJob(dir: string, io: Pick<JobIO, "print">): Promise<void> {
  const target = resolve(dir);
  await mkdir(target, { recursive: true });
  const existing = await readdir(target);
  if (existing.length > 0)
    throw new UsageError(
      `${target} is not empty (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}); rounds init only creates new ops repositories`,
    );
  await cp(TEMPLATE_DIR, target, { recursive: true });
  const git = simpleGit(target);
  await git.init(["--initial-branch=main"]);
  await git.add(".");
  await git.addConfig("user.name", "Rounds", false, "local").addConfig("user.email", "rounds@localhost", false, "local");
  await git.commit(
    "Initial ops repository from the Rounds template\n\nThe trust boundary (guardrails.yml), the fleet (inventory.yml), the change catalogue (playbooks/) and empty ledgers.",
  );
  io.print(`Created an ops repository in ${target}.`);
  io.print("Next: edit guardrails.yml and inventory.yml for your fleet, then run `rounds check --ops " + dir + "`.");
}
