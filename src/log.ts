import { pino, type Logger } from "pino";

/** Keys whose values are secrets wherever they appear in a log object. */
const REDACT = ["*.password", "*.privateKey", "*.passphrase", "*.token", "*.dsn", "*.authorization", "password", "privateKey", "token", "dsn", "headers.authorization"];

/** Matches credentials inside strings (DSNs with passwords, bearer tokens, private key blocks). */
const SECRET_IN_TEXT = [
  /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s]+@/gi,
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]+/g,
  /(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /(\bgh[pousr]_)[A-Za-z0-9]{20,}/g,
  /(\bpassword=)[^\s&]+/gi,
];

/** Removes credentials from free text: log messages, ledger entries, PR bodies. */
export function redactText(text: string): string {
  return SECRET_IN_TEXT.reduce((out, pattern) => out.replace(pattern, "$1[REDACTED]"), text);
}

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
