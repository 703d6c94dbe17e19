import { createHmac, generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import nock from "nock";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attendedChangesUnavailable } from "../../src/jobs/github-handler-deps.ts";
import { serveJob, WEBHOOK_PATH } from "../../src/jobs/serve.ts";
import { UsageError } from "../../src/errors.ts";
import { commentPayload } from "./support/payloads.ts";

const SECRET = "webhook-secret-for-tests";
const logs: string[] = [];
const progress: string[] = [];
const stop = new AbortController();
let url = "";
let served: Promise<number>;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const env = { APP_ID: "12345", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, PORT: "0", HOST: "127.0.0.1" };
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logs.push(chunk.toString()); done(); } });
  const io = { print: () => {}, progress: (line: string) => progress.push(line), env, now: () => new Date() };
  served = serveJob(io, { changes: attendedChangesUnavailable, stop: stop.signal, log: pino({ level: "debug" }, sink) });
  for (let i = 0; i < 100 && !progress[0]; i++) await new Promise((r) => setTimeout(r, 20));
  url = progress[0]!.replace(/^rounds serve: listening on /, "");
});

afterAll(async () => {
  stop.abort();
  expect(await served).toBe(0);
  nock.enableNetConnect();
});

function post(body: string, headers: Record<string, string>) {
  return fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": `d-${Math.random()}`, ...headers } });
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("rounds serve", () => {
  it("listens where it says, on the webhook path", () => {
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${WEBHOOK_PATH}$`));
  });

  it("answers a webhook signed with the secret, and the handler runs", async () => {
    const body = JSON.stringify(commentPayload({ body: "/stop", user: "ci[bot]", userType: "Bot", commentId: 777 }));
    const response = await post(body, { "x-hub-signature-256": sign(body) });
    expect(response.status).toBe(200);
    expect(logs.join("")).toContain("ignored: comments by bots, Rounds included, are never commands");
  });

  it("refuses an unsigned webhook and one signed with another secret; no handler runs", async () => {
    const before = logs.join("").split("ignored:").length;
    const body = JSON.stringify(commentPayload({ body: "/stop", user: "ci[bot]", userType: "Bot", commentId: 778 }));
    const unsigned = await post(body, {});
    const forged = await post(body, { "x-hub-signature-256": sign(body, "guessed") });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.status).toBeLessThan(500);
    expect(forged.status).toBeLessThan(500);
    expect(logs.join("").split("ignored:").length).toBe(before);
  });

  it("names what is missing from the environment", async () => {
    const io = { print: () => {}, progress: () => {}, env: { PORT: "0" }, now: () => new Date() };
    const error = await serveJob(io, { changes: attendedChangesUnavailable }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain("rounds serve needs APP_ID, WEBHOOK_SECRET, PRIVATE_KEY or PRIVATE_KEY_PATH");
  });
});
