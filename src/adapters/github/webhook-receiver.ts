import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";

export const WEBHOOK_PATH = "/api/github/webhooks";
/**
 * The largest delivery read. GitHub caps payloads at 25 MB, but the events Rounds handles (a comment
 * of at most 65,536 characters on an issue, a pull request closing) are far smaller; anything bigger
 * is refused while it is read, before a byte of it is hashed or parsed.
 */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface Delivery {
  id: string;
  name: string;
  payload: unknown;
}

/**
 * The webhook endpoint of `rounds serve`, in the order an attacker meets it: the path and headers,
 * a size limit enforced while the body streams in, the HMAC (timing-safe) over the raw bytes, only
 * then JSON. A signed, well-formed delivery is answered 202 at once and handled afterwards, so every
 * delivery is answered well inside GitHub's 10 s; anything else gets a 4xx with one plain sentence,
 * never an exception's text, and one log line naming the delivery.
 */
export function webhookReceiver(options: { secret: string; log: Logger; deliver: (delivery: Delivery) => Promise<unknown>; maxBytes?: number }) {
  const limit = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const answer = (status: number, text: string) => {
      if (!response.headersSent)
        response.writeHead(status, { "content-type": "text/plain", connection: status >= 400 ? "close" : "keep-alive" }).end(`${text}\n`);
    };
    const path = (request.url ?? "").split("?")[0];
    if (path !== WEBHOOK_PATH) return answer(404, `Rounds answers GitHub webhooks at ${WEBHOOK_PATH} only.`);
    if (request.method !== "POST") return answer(405, "GitHub delivers webhooks with POST.");
    const id = header(request, "x-github-delivery");
    const name = header(request, "x-github-event");
    const signature = header(request, "x-hub-signature-256");
    const log = options.log.child({ delivery: id ?? null, event: name ?? null });
    const refuse = (status: number, why: string) => {
      log.warn({ status }, `webhook refused: ${why}`);
      answer(status, why);
      // Nothing more of a refused request is read: the connection closes once the answer is out.
      response.once("finish", () => request.socket.destroy());
    };
    if (!id || !name) return refuse(400, "a delivery names its event and id (X-GitHub-Event, X-GitHub-Delivery)");
    if (!signature) return refuse(401, "the delivery is not signed (X-Hub-Signature-256)");
    if (Number(request.headers["content-length"] ?? 0) > limit) return refuse(413, `the delivery is larger than ${limit} bytes`);
    const body = await readLimited(request, limit);
    if (body === "too-large") return refuse(413, `the delivery is larger than ${limit} bytes`);
    if (body === "aborted") return log.warn("webhook refused: the request ended before its body");
    if (!verify(options.secret, body, signature)) return refuse(401, "the signature does not match the webhook secret");
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch {
      return refuse(400, "the payload is not JSON");
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return refuse(400, "the payload is not a JSON object");
    answer(202, "accepted");
    log.info("webhook accepted");
    // Handled after the answer; a failure is the handler's one log line (roundsApp's guard).
    options
      .deliver({ id, name, payload })
      .catch((error: unknown) => log.error({ error: error instanceof Error ? error.message : String(error) }, "webhook handling failed"));
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" && value.length > 0 && value.length <= 200 ? value : undefined;
}

/** The body, or "too-large" the moment it passes `limit` (the rest is never buffered). */
function readLimited(request: IncomingMessage, limit: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.pause();
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    request.once("end", () => resolve(Buffer.concat(chunks)));
    request.once("aborted", () => resolve("aborted"));
    request.once("error", () => resolve("aborted"));
  });
}

function verify(secret: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
