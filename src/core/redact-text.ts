/** Matches credentials inside strings (DSNs with passwords, bearer tokens, private key blocks). */
const SECRET_IN_TEXT = [
  /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s]+@/gi,
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]+/g,
  /(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /(\bgh[pousr]_)[A-Za-z0-9]{20,}/g,
  /(\bpassword=)[^\s&]+/gi,
  /(\bauthorization:\s*(?:basic|bearer|token)\s+)[A-Za-z0-9+/=._~-]+/gi,
  /(\bx-access-token:)[^@\s]+/gi,
];

/** Removes credentials from free text: log messages, ledger entries, PR bodies, what an agent is sent. Pure. */
export function redactText(text: string): string {
  return SECRET_IN_TEXT.reduce((out, pattern) => out.replace(pattern, "$1[REDACTED]"), text);
}
