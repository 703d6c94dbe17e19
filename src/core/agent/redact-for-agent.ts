import { redactText } from "../redact-text.ts";

const SECRET_KEYS = /^(password|passphrase|privatekey|token|dsn|authorization|secret|apikey)$/i;

/** Configured `agent.redact` patterns: a pattern that is not a valid regular expression is matched literally. */
export function redactPatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => {
    try {
      return new RegExp(p, "g");
    } catch {
      return new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g");
    }
  });
}

/**
 * What may leave for the agent: every string passed through the logger's secret patterns (DSNs
 * with passwords, tokens, keys) and the configured patterns, and every value under a secret-named
 * key replaced. Pure; the input is not modified.
 */
export function redactForAgent<T>(value: T, patterns: readonly RegExp[]): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string")
      return key !== undefined && SECRET_KEYS.test(key) ? "[REDACTED]" : patterns.reduce((s, p) => s.replace(p, "[REDACTED]"), redactText(v));
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value) as T;
}
