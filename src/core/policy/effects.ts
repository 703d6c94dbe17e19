import type { ForbiddenClass } from "../../config/schemas/guardrails.ts";

/**
 * Effects the vocabulary knows to be part of a reversible change. Only a step whose every command
 * has one of these may run unattended (DESIGN invariant 11: parse, then allow).
 */
export const SAFE_EFFECTS = ["read", "validate", "write", "reload", "restart", "local-http", "monitoring-role"] as const;
export type SafeEffect = (typeof SAFE_EFFECTS)[number];

/**
 * Classes beyond the guardrails' forbidden list that are never applied unattended either. An
 * attended playbook may carry them only when it declares them in `touches`.
 */
export const EXTRA_CLASSES = ["privilege", "network", "destructive", "server", "remote"] as const;
export type ExtraClass = (typeof EXTRA_CLASSES)[number];

/**
 * What one command does. `firewall` is refused everywhere; `opaque` is what the classifier could
 * not understand (never unattended, attended only with the opacity shown).
 */
export type EffectKind = SafeEffect | ForbiddenClass | ExtraClass | "firewall" | "opaque";

export interface Effect {
  effect: EffectKind;
  /** The vocabulary entry that classified it, e.g. "docker restart", "sql DropStmt", "opaque: command position". */
  rule: string;
  /** A sentence a person can act on. */
  detail: string;
  /** The command (or statement) it was found in, as rendered. */
  command: string;
  /** A container or unit the command names (one effect per name). */
  service?: string;
  /** A host name or address, as written in the step, that the command reaches. */
  reaches?: string;
  /** A PostgreSQL role the statement creates, grants to or drops (the monitoring-role rule). */
  role?: string;
  /** Where the step sits in the playbook, e.g. `steps.apply[0]` (set by `classify`). */
  step?: string;
}

export function isSafe(effect: EffectKind): effect is SafeEffect {
  return (SAFE_EFFECTS as readonly string[]).includes(effect);
}
