// Issue 13, item 1: the installation token never reaches argv, a URL, a file or a log line. The
// server path (`rounds serve`'s handler dependencies) clones the ops repo over HTTPS with a fresh
// token; here the clone is forced to fail (nothing listens on the host), and the token — and its
// base64 in the authorization header git is given — is looked for everywhere it could have gone.
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { simpleGit } from "simple-git";
import { afterEach, describe, expect, it } from "vitest";
import { roundsApp } from "../../src/app.ts";
import { installationAuth } from "../../src/adapters/github/git-auth.ts";
import { openOpsClone } from "../../src/adapters/github/open-ops-clone.ts";
import { githubHandlerDeps } from "../../src/jobs/github-handler-deps.ts";
import { createLogger } from "../../src/log.ts";
import { useNock } from "./support/lifecycle.ts";
import { BACKLOG_ISSUE, commentPayload } from "./support/payloads.ts";
import { expectReaction, NOW, RecordingChangeRunner } from "./support/probot-harness.ts";

useNock({ localhost: true });
const TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const TOKEN_B64 = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");
const leaks = (text: string) => text.includes(TOKEN) || text.includes(TOKEN_B64) || text.includes(TOKEN.slice(4));

let workdir: string | undefined;
afterEach(async () => {
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

/** Rounds as `rounds serve` loads it (the server's handler dependencies), with a GitHub host nothing listens on. */
async function serverProbot(workdir: string, log: ReturnType<typeof createLogger>, rethrow: boolean): Promise<Probot> {
  const io = { env: { GHE_HOST: "127.0.0.1:9", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: workdir }, now: () => NOW };
  const probot = new Probot({
    githubToken: TOKEN,
    log,
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown> & { throttle?: object }) => ({
      ...o,
      retry: { enabled: false },
      throttle: { ...o?.throttle, enabled: false },
    })),
  });
  await probot.load(
    roundsApp(
      githubHandlerDeps({ kind: "server", workdir }, () => new RecordingChangeRunner(), io),
      { rethrow },
    ),
  );
  return probot;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("the installation token stays out of argv, URLs, files and logs", () => {
  it("a clone that fails leaves the token in no log line, no error message and no file", async () => {
    workdir = await mkdtemp(join(tmpdir(), "rounds-token-"));
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const probot = await serverProbot(workdir, createLogger({ level: "debug", destination: stream }), false);
    expectReaction(501);
    await probot.receive({ id: "delivery-1", name: "issue_comment", payload: commentPayload({ body: "/stop", on: BACKLOG_ISSUE }) } as never);
    nock.cleanAll();

    const failure = lines.map((l) => JSON.parse(l) as { msg: string; level: number; delivery?: string }).find((l) => l.level >= 50);
    expect(failure?.msg).toMatch(/^the issue_comment handler failed: .*127\.0\.0\.1:9/);
    expect(failure?.delivery).toBe("delivery-1");
    expect(lines.filter(leaks)).toEqual([]);
    // Probot itself logs the payload at debug ("Webhook received"); nothing at info or above carries it.
    expect(lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 30).join("")).not.toMatch(/"payload"|"comment":\{/);
    for (const file of await filesUnder(workdir)) expect(leaks(await readFile(file, "utf8")), file).toBe(false);
  });

  it("the event job's rethrown failure carries the redacted message only", async () => {
    workdir = await mkdtemp(join(tmpdir(), "rounds-token-"));
    const probot = await serverProbot(workdir, createLogger({ level: "silent" }), true);
    expectReaction(501);
    const error = await probot
      .receive({ id: "delivery-2", name: "issue_comment", payload: commentPayload({ body: "/stop", on: BACKLOG_ISSUE }) } as never)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    nock.cleanAll();
    expect(error).toBeInstanceOf(Error);
    const all = error instanceof AggregateError ? error.errors : [error];
    for (const e of all as Error[]) {
      expect(leaks(`${e.message}\n${e.stack}\n${JSON.stringify(e)}`)).toBe(false);
    }
  });

  it("a clone an older version left with the token in its origin URL is cleaned when it is opened", async () => {
    workdir = await mkdtemp(join(tmpdir(), "rounds-token-"));
    const dir = join(workdir, "clone");
    await mkdir(dir);
    const git = simpleGit({ baseDir: dir, config: ["user.name=t", "user.email=t@example.com"] });
    await git.init(["--initial-branch=main"]);
    await git.commit("seed", undefined, { "--allow-empty": null });
    await git.addRemote("origin", `https://x-access-token:${TOKEN}@127.0.0.1:9/acme/ops.git`);
    await openOpsClone({
      dir,
      auth: installationAuth("https://127.0.0.1:9", "acme", "ops", TOKEN),
      branch: "main",
      author: { name: "Rounds", email: "r@example.com" },
    });
    expect(leaks(await readFile(join(dir, ".git", "config"), "utf8"))).toBe(false);
    expect((await simpleGit(dir).remote(["get-url", "origin"]))?.trim()).toBe("https://127.0.0.1:9/acme/ops.git");
  });

  it("git is given the token only as an authorization header in its environment, for the API's host", () => {
    const auth = installationAuth("https://github.example.com", "acme", "ops", TOKEN, { PATH: "/usr/bin", SECRET: "x" });
    expect(auth.url).toBe("https://github.example.com/acme/ops.git");
    expect(auth.env).toEqual({
      PATH: "/usr/bin",
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.https://github.example.com/.extraheader",
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${TOKEN_B64}`,
      GIT_TERMINAL_PROMPT: "0",
    });
  });

  it("the logger redacts a token inside an error, a URL and nested fields", () => {
    const lines: string[] = [];
    const log = createLogger({
      destination: new Writable({
        write(chunk: Buffer, _e, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const error = new Error(`Cloning https://x-access-token:${TOKEN}@github.com/acme/ops.git failed`);
    log.error(
      { err: error, request: { headers: { authorization: `token ${TOKEN}` } }, note: `AUTHORIZATION: basic ${TOKEN_B64}` },
      `clone failed: ${error.message}`,
    );
    expect(lines.filter(leaks)).toEqual([]);
    expect(lines.join("")).toContain("[REDACTED]");
  });
});
