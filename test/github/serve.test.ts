import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveJob, WEBHOOK_PATH } from "../../src/jobs/serve.ts";
import { UsageError } from "../../src/errors.ts";
import { commentPayload } from "./support/payloads.ts";
import { RecordingChangeRunner } from "./support/probot-harness.ts";
import { useNock } from "./support/lifecycle.ts";

const SECRET = "webhook-secret-for-tests";
const BIN = new URL("../../bin/rounds.js", import.meta.url).pathname;
let child: ChildProcess;
let stderr = "";
let url = "";
let dir = "";

// `rounds serve` as a user starts it: the CLI in its own process, configured by the documented
// environment only, on a free port of 127.0.0.1.
useNock({ localhost: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rounds-serve-"));
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  await writeFile(join(dir, "app.pem"), privateKey);
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    APP_ID: "12345",
    PRIVATE_KEY_PATH: join(dir, "app.pem"),
    WEBHOOK_SECRET: SECRET,
    PORT: "0",
    HOST: "127.0.0.1",
    ROUNDS_WORKDIR: join(dir, "work"),
    ROUNDS_LOG_LEVEL: "debug",
  };
  child = spawn(process.execPath, [BIN, "serve"], { env, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  for (let i = 0; i < 600 && !/listening on (\S+)/.test(stderr) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
  url = /listening on (\S+)/.exec(stderr)?.[1] ?? "";
}, 60_000);

afterAll(async () => {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  await rm(dir, { recursive: true, force: true });
});

function post(body: string, headers: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": `d-${Date.now()}-${Math.random()}`, ...headers },
  });
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
const handled = () => stderr.split("ignored: comments by bots").length - 1;

/** The server logs after it answers: wait until the count of handled events reaches `n`. */
async function handledReaches(n: number): Promise<number> {
  for (let i = 0; i < 200 && handled() < n; i++) await new Promise((r) => setTimeout(r, 25));
  return handled();
}

describe("rounds serve", () => {
  it("starts with the documented environment and listens on the webhook path", () => {
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${WEBHOOK_PATH}$`));
  });

  it("answers a webhook signed with the secret (HMAC-SHA256), and the handler runs", async () => {
    const body = JSON.stringify(commentPayload({ body: "/stop", user: "ci[bot]", userType: "Bot", commentId: 777 }));
    const response = await post(body, { "x-hub-signature-256": sign(body) });
    // Answered at once, handled after.
    expect(response.status).toBe(202);
    expect(await handledReaches(1)).toBe(1);
  });

  it("refuses an unsigned webhook and one signed with another secret; no handler runs", async () => {
    const body = JSON.stringify(commentPayload({ body: "/stop", user: "ci[bot]", userType: "Bot", commentId: 778 }));
    const before = handled();
    const unsigned = await post(body, {});
    const forged = await post(body, { "x-hub-signature-256": sign(body, "guessed") });
    for (const response of [unsigned, forged]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    // A signed event sent after them is the next one handled: the two refused ones never were.
    const signed = JSON.stringify(commentPayload({ body: "/stop", user: "ci[bot]", userType: "Bot", commentId: 779 }));
    expect((await post(signed, { "x-hub-signature-256": sign(signed) })).status).toBe(202);
    expect(await handledReaches(before + 1)).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(handled()).toBe(before + 1);
  });

  it("refuses a huge body while reading it, signed or not, before any hashing or parsing (issue 13)", async () => {
    const before = handled();
    const huge = "x".repeat(30 * 1024 * 1024);
    const started = performance.now();
    const unsigned = await post(huge, {}).catch((e: unknown) => e);
    const oversized = await post(huge, { "x-hub-signature-256": sign(huge) }).catch((e: unknown) => e);
    for (const r of [unsigned, oversized]) if (r instanceof Response) expect([401, 413]).toContain(r.status);
    expect(oversized instanceof Response ? oversized.status : 413).toBe(413);
    expect(performance.now() - started).toBeLessThan(20_000);
    for (let i = 0; i < 100 && !stderr.includes("larger than"); i++) await new Promise((r) => setTimeout(r, 20));
    expect(stderr).toMatch(/"delivery":"d-[^"]+".*webhook refused: the delivery is larger than 1048576 bytes/);
    expect(handled()).toBe(before);
  });

  it("answers a signed but malformed payload 400 with one sentence, and logs one line naming the delivery", async () => {
    const body = "{ not json";
    const response = await post(body, { "x-hub-signature-256": sign(body), "x-github-delivery": "d-malformed" });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("the payload is not JSON\n");
    for (let i = 0; i < 100 && !stderr.includes("d-malformed"); i++) await new Promise((r) => setTimeout(r, 20));
    const lines = stderr.split("\n").filter((l) => l.includes("d-malformed"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("webhook refused: the payload is not JSON");
    expect(lines[0]).not.toMatch(/SyntaxError|at JSON\.parse/);
  });

  it("names what is missing from the environment", async () => {
    const io = { print: () => {}, progress: () => {}, env: { PORT: "0" }, now: () => new Date() };
    const error = await serveJob(io, { changes: () => new RecordingChangeRunner() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain("rounds serve needs APP_ID, WEBHOOK_SECRET, PRIVATE_KEY or PRIVATE_KEY_PATH");
  });
});
