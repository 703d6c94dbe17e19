import type { BacklogDoc } from "./backlog.ts";
import type { IdeasDoc } from "./ideas.ts";
import { isMateriallyNew } from "./is-materially-new.ts";
import type { Evidence, StatusChange } from "./item-lines.ts";
import type { LedgerViolation } from "./ledger-error.ts";
import type { ChangelogDoc } from "./parse-changelog.ts";

// The rules that protect the ledgers between two versions (a PR's base and head, or the file before
// and after a bot edit). Pure: the lint job and the bot's own pre-write check both call them.

interface Tracked {
  id: string;
  fingerprint: string;
  history: StatusChange<string>[];
  evidence: Evidence[];
}

/** No item disappears or changes its id; status history and evidence are append-only. */
function itemViolations(file: string, kind: string, before: Tracked[], after: Tracked[]): LedgerViolation[] {
  const violations: LedgerViolation[] = [];
  for (const old of before) {
    const now = after.find((i) => i.id === old.id);
    if (!now) {
      const renamed = after.find((i) => i.fingerprint === old.fingerprint && !before.some((b) => b.id === i.id));
      violations.push({
        file,
        id: old.id,
        message: renamed
          ? `the ${kind} changed its id to ${renamed.id}; ids are stable anchors and never change`
          : `the ${kind} disappeared; ${kind}s are never deleted — mark it ${kind === "idea" ? "rejected" : "done or dropped"} with a date instead`,
      });
      continue;
    }
    const rewritten = old.history.some((h, i) => !sameStatus(h, now.history[i]));
    if (rewritten) violations.push({ file, id: old.id, message: "its status history was rewritten; history is append-only (add a new dated line instead)" });
    for (const e of old.evidence) {
      if (!now.evidence.some((n) => n.date === e.date && n.text === e.text))
        violations.push({
          file,
          id: old.id,
          message: `its evidence of ${e.date} ("${e.text}") was removed or rewritten; evidence is appended to, never rewritten`,
        });
    }
  }
  return violations;
}

function sameStatus(a: StatusChange<string>, b: StatusChange<string> | undefined): boolean {
  return b !== undefined && a.date === b.date && a.status === b.status && (a.by ?? "") === (b.by ?? "") && (a.note ?? "") === (b.note ?? "");
}

export function backlogViolations(before: BacklogDoc, after: BacklogDoc): LedgerViolation[] {
  return itemViolations(after.file, "backlog item", before.items, after.items);
}

/**
 * Ideas keep their ids and history, and a rejected idea is not proposed again — under its own id or
 * a new one with the same fingerprint — unless the evidence added since the rejection is materially
 * new (isMateriallyNew with `factor` = guardrails.materialChangeFactor).
 */
export function ideasViolations(before: IdeasDoc, after: IdeasDoc, factor: number): LedgerViolation[] {
  const violations = itemViolations(after.file, "idea", before.ideas, after.ideas);
  for (const idea of after.ideas) {
    const old = before.ideas.find((i) => i.id === idea.id);
    idea.history.forEach((entry, index) => {
      if (entry.status !== "proposed" || (old && index < old.history.length)) return;
      const ownRejection = idea.history
        .slice(0, index)
        .filter((h) => h.status === "rejected")
        .at(-1);
      const other = ownRejection ? undefined : after.ideas.find((i) => i.id !== idea.id && i.fingerprint === idea.fingerprint && i.status === "rejected");
      const rejectedOn = ownRejection?.date ?? other?.history.filter((h) => h.status === "rejected").at(-1)?.date;
      if (rejectedOn === undefined) return;
      const source = other ?? idea;
      const baseline = source.evidence.filter((e) => e.date <= rejectedOn);
      const fresh = idea.evidence.filter((e) => (other ? true : e.date > rejectedOn) && !baseline.some((b) => b.date === e.date && b.text === e.text));
      const verdict = isMateriallyNew(baseline, fresh, factor);
      if (!verdict.material) {
        const what = other ? `re-pitches ${other.id}, rejected on ${rejectedOn},` : `is proposed again after its rejection on ${rejectedOn}`;
        violations.push({ file: after.file, id: idea.id, message: `${what} without materially new evidence: ${verdict.reason}` });
      }
    });
  }
  return violations;
}

/** Days are never removed, and every day but the newest is immutable. */
export function changelogViolations(before: ChangelogDoc, after: ChangelogDoc): LedgerViolation[] {
  const violations: LedgerViolation[] = [];
  const newest = after.days[0];
  for (const day of before.days) {
    const now = after.days.find((d) => d.date === day.date);
    if (!now) violations.push({ file: after.file, id: day.date, message: "the entry for this day was removed; CHANGELOG history is append-only" });
    else if (now !== newest && now.text !== day.text)
      violations.push({
        file: after.file,
        id: day.date,
        message: `the entry for this day was edited (line ${now.line}); entries older than the newest are immutable`,
      });
  }
  return violations;
}
