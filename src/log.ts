import { pino, type Logger } from "pino";
import { redactText } from "./core/redact-text.ts";

/** Keys whose values are secrets wherever they appear in a log object. */
const REDACT = [
  "*.password",
  "*.privateKey",
  "*.passphrase",
  "*.token",
  "*.dsn",
  "*.authorization",
  "password",
  "privateKey",
  "token",
  "dsn",
  "headers.authorization",
];

// The pure part lives in core, so the agent's redaction (core) and the logger share one list.
export { redactText };

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.ROUNDS_LOG_LEVEL ?? "info",
      redact: { paths: REDACT, censor: "[REDACTED]" },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => redactDeep(a, 0)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}

/**
 * Every string in a logged value through redactText — an error's message and stack (simple-git's
 * carry the command line, Octokit's the request), nested payload fields — before pino sees it.
 */
function redactDeep(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactText(value);
  if (depth > 6 || value === null || typeof value !== "object" || value instanceof Date) return value;
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redactText(value.message), stack: redactText(value.stack ?? "") };
    for (const [key, inner] of Object.entries(value)) out[key] = redactDeep(inner, depth + 1);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactDeep(inner, depth + 1)]));
}
