import { pino, type Logger } from "pino";
import { redactText } from "./core/redact-text.ts";

/** Keys whose values are secrets wherever they appear in a log object. */
const REDACT = ["*.password", "*.privateKey", "*.passphrase", "*.token", "*.dsn", "*.authorization", "password", "privateKey", "token", "dsn", "headers.authorization"];

// The pure part lives in core, so the agent's redaction (core) and the logger share one list.
export { redactText };

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.ROUNDS_LOG_LEVEL ?? "info",
      redact: { paths: REDACT, censor: "[REDACTED]" },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? redactText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}
