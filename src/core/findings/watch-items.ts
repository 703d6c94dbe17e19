import { fingerprintOf } from "./finding.ts";
import type { WatchItem } from "./findings-input.ts";
import { watchedHost } from "./change-holding.ts";
import type { Draft } from "./rule-context.ts";

const DAY_MS = 86_400_000;

/**
 * Every open watch item is re-checked and said so in the entry: still present, holding N of M days,
 * or ready to close. Closing it is the planner's decision; a failing check is change-holding's finding.
 */
export function watchItems(items: readonly WatchItem[], present: ReadonlySet<string>, reverifyDays: number, now: Date): Draft[] {
  return items
    .filter((item) => !item.check || item.check.ok)
    .map((item): Draft => {
      const host = watchedHost(item);
      const held = Math.max(0, Math.floor((now.getTime() - Date.parse(item.since)) / DAY_MS));
      const stillPresent = present.has(item.fingerprint);
      const evidence = [
        { kind: "watched", text: `watching ${item.fingerprint} since ${item.since}` },
        { kind: "held", text: `${held} of ${reverifyDays} day(s)`, value: held, unit: "days" },
      ];
      if (item.check) evidence.push({ kind: "verify", text: `verification re-run at ${item.check.at}: ${item.check.steps.length} step(s) passed` });
      evidence.push({ kind: "condition", text: stillPresent ? "the watched condition is still present" : "the watched condition is not present today" });
      const ready = !stillPresent && held >= reverifyDays;
      if (ready) evidence.push({ kind: "ready-to-close", text: `held ${held} day(s), the configured ${reverifyDays}: can be closed` });
      return {
        kind: "watch-item-open",
        fingerprint: fingerprintOf("watch-item-open", host, item.id),
        severity: stillPresent ? "low" : "info",
        host,
        subject: item.id,
        title: `${item.id}: ${item.description} — ${stillPresent ? "still present" : ready ? "held, ready to close" : `holding, day ${held} of ${reverifyDays}`}`,
        evidence,
        since: item.since,
      };
    });
}
