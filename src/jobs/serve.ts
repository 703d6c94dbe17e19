import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { homedir } from "node:os";
import { join } from "node:path";
import { Probot, type Logger } from "probot";
import { roundsApp } from "../app.ts";
import { UsageError } from "../errors.ts";
import type { ChangeRunner } from "../handlers/handler-deps.ts";
import { createLogger } from "../log.ts";
import type { JobIO } from "../runner.ts";
import { githubHandlerDeps } from "./github-handler-deps.ts";
import { WEBHOOK_PATH, webhookReceiver } from "../adapters/github/webhook-receiver.ts";

export { WEBHOOK_PATH };

/**
 * `rounds serve`: the Probot app as a web server for teams that host it, behind Rounds' own
 * receiver (a size limit while reading, the signature before parsing, the answer before the work;
 * see webhook-receiver.ts). Runs until SIGINT or SIGTERM (or `stop` is aborted).
 */
export async function serveJob(io: JobIO, options: { changes: (dir: string) => ChangeRunner; stop?: AbortSignal; log?: Logger }): Promise<number> {
  const { changes, stop } = options;
  const { env } = io;
  const missing = ["APP_ID", "WEBHOOK_SECRET"].filter((name) => !env[name]);
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) missing.push("PRIVATE_KEY or PRIVATE_KEY_PATH");
  if (missing.length > 0)
    throw new UsageError(
      `rounds serve needs ${missing.join(", ")} in the environment: the GitHub App's id, its private key and its webhook secret (see docs/readme-github.md)`,
    );
  const privateKey =
    env.PRIVATE_KEY?.replace(/\\n/g, "\n") ??
    (await readFile(env.PRIVATE_KEY_PATH!, "utf8").catch((error: Error) => {
      throw new UsageError(`PRIVATE_KEY_PATH: cannot read ${env.PRIVATE_KEY_PATH} (${error.message})`);
    }));
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`PORT: "${env.PORT}" is not a port number`);
  const host = env.HOST ?? "0.0.0.0";

  const log = options.log ?? createLogger();
  const probot = new Probot({
    appId: env.APP_ID,
    privateKey,
    secret: env.WEBHOOK_SECRET,
    log,
    ...(env.GHE_HOST ? { baseUrl: `https://${env.GHE_HOST}/api/v3` } : {}),
  });
  const deps = githubHandlerDeps({ kind: "server", workdir: env.ROUNDS_WORKDIR ?? join(homedir(), ".cache", "rounds") }, changes, io);
  await probot.load(roundsApp(deps, { rethrow: false }));
  const receiver = webhookReceiver({
    secret: env.WEBHOOK_SECRET!,
    log,
    deliver: (delivery) => probot.receive(delivery as Parameters<typeof probot.receive>[0]),
  });
  const server = createServer((request, response) => void receiver(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new UsageError(`rounds serve cannot listen on ${host}:${port}: ${error.code ?? error.message}`)),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address();
  io.progress(`rounds serve: listening on http://${host}:${typeof address === "object" && address ? address.port : port}${WEBHOOK_PATH}`);
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
    stop?.addEventListener("abort", done);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  io.progress("rounds serve: stopped");
  return 0;
}
