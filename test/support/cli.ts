import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { simpleGit } from "simple-git";

const run = promisify(execFile);
const BIN = new URL("../../bin/rounds.js", import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process with exactly `env`, as a scheduled workflow runs it. */
export async function runRounds(args: string[], options: { env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run("node", [BIN, ...args], {
      env: options.env,
      maxBuffer: 8 * 1024 * 1024,
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs the real CLI in a child process, as a user would (the kill-switch variable cleared). */
export function rounds(...args: string[]): Promise<CliResult> {
  return runRounds(args, { env: { ...process.env, ROUNDS_STOP: "" } });
}

/** A bare remote standing in for GitHub, made from `seed`, and the runner's clone of it, under `root`. */
export async function cloneThroughRemote(seed: string, root: string): Promise<{ remote: string; ops: string }> {
  const remote = join(root, "remote.git");
  await simpleGit().clone(seed, remote, ["--bare"]);
  const ops = join(root, "ops");
  await simpleGit().clone(remote, ops);
  return { remote, ops };
}
