import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { beforeEach, describe, expect, it } from "vitest";
import { OpsRepo } from "../../src/adapters/ops-repo.ts";
import { UsageError } from "../../src/errors.ts";

let root: string;
let remote: string;

async function clone(name: string): Promise<string> {
  const dir = join(root, name);
  await simpleGit().clone(remote, dir);
  return dir;
}

/** Appends a line to LOG.md: the kind of edit a ledger update is, recomputed from the file it finds. */
const appendLine = (line: string) => async (dir: string) => {
  const file = join(dir, "LOG.md");
  await writeFile(file, `${await readFile(file, "utf8")}${line}\n`);
  return ["LOG.md"];
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "rounds-opsrepo-"));
  const seed = join(root, "seed");
  await mkdir(seed, { recursive: true });
  await simpleGit(seed).init(["--initial-branch=main"]);
  await writeFile(join(seed, "LOG.md"), "# log\n");
  const seedGit = simpleGit({ baseDir: seed, config: ["user.name=Seed", "user.email=seed@lab.invalid"] });
  await seedGit.add(".");
  await seedGit.commit("seed");
  remote = join(root, "remote.git");
  await simpleGit().clone(seed, remote, ["--bare"]);
});

describe("OpsRepo.update", () => {
  it("redoes the edit on the fresh remote state when another push won the race, losing nobody's line", async () => {
    const bot = await OpsRepo.open(await clone("bot"));
    const person = await clone("person");
    let attempts = 0;
    const result = await bot.update("bot line", async (dir) => {
      attempts++;
      if (attempts === 1) {
        // Someone else pushes between the bot's sync and its push.
        await writeFile(join(person, "LOG.md"), "# log\nperson line\n");
        const git = simpleGit({ baseDir: person, config: ["user.name=Person", "user.email=p@lab.invalid"] });
        await git.add(".");
        await git.commit("person line");
        await git.push("origin", "main");
      }
      return appendLine("bot line")(dir);
    });
    expect(result.changed).toBe(true);
    expect(attempts).toBe(2);
    const check = await clone("check");
    expect(await readFile(join(check, "LOG.md"), "utf8")).toBe("# log\nperson line\nbot line\n");
  });

  it("commits nothing when the edit changes nothing (idempotent)", async () => {
    const bot = await OpsRepo.open(await clone("bot"));
    expect(await bot.update("nothing", async () => [])).toEqual({ changed: false });
    expect(
      await bot.update("same bytes", async (dir) => {
        await writeFile(join(dir, "LOG.md"), "# log\n");
        return ["LOG.md"];
      }),
    ).toEqual({ changed: false });
  });

  it("refuses to work over a person's uncommitted edits", async () => {
    const dir = await clone("bot");
    await writeFile(join(dir, "LOG.md"), "# log\nuncommitted\n");
    const bot = await OpsRepo.open(dir);
    await expect(bot.ensureClean()).rejects.toThrow(UsageError);
    await expect(bot.ensureClean()).rejects.toThrow(/has uncommitted changes \(LOG\.md\)/);
  });

  it("says what an ops repo is when pointed at a plain directory", async () => {
    await expect(OpsRepo.open(root)).rejects.toThrow(/is not a git repository/);
  });
});
