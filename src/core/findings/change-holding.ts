import { fingerprintOf } from "./finding.ts";
import type { WatchItem } from "./findings-input.ts";
import type { Draft } from "./rule-context.ts";

/** A change whose verification, re-run today, fails: it no longer holds. */
export function changeHolding(items: readonly WatchItem[]): Draft[] {
  return items
    .filter((item) => item.check && !item.check.ok)
    .map((item): Draft => {
      const host = watchedHost(item);
      const failed = item.check!.steps.filter((s) => !s.ok);
      return {
        kind: "change-not-holding",
        fingerprint: fingerprintOf("change-not-holding", host, item.id),
        severity: "high",
        host,
        subject: item.id,
        title: `${item.id}: the change no longer holds — ${item.description}`,
        evidence: [
          { kind: "watched", text: `watching ${item.fingerprint} since ${item.since}${item.playbook ? ` (playbook ${item.playbook})` : ""}` },
          ...failed.map((s) => ({ kind: "verify-failed", text: s.detail ? `${s.text}: ${s.detail}` : s.text })),
        ],
      };
    });
}

/** The host of a watch item: given, or the second part of the fingerprint it watches (`kind:host:subject`). */
export function watchedHost(item: WatchItem): string {
  return item.host ?? item.fingerprint.split(":")[1] ?? "unknown";
}
