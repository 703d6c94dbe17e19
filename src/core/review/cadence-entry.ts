import type { RootContent } from "mdast";
import { parseChangelog, parseDayEntry, type DayEntry } from "../ledger/index.ts";
import { paragraph, text } from "../ledger/mdast-build.ts";
import { cadenceSectionsOf, withCadenceSection, type CadenceSection } from "./cadence-sections.ts";
import type { Freshness } from "./freshness.ts";
import { renderAgentNotes, type AgentNotes } from "../agent/render-agent-notes.ts";

export const NO_REVIEW_RESULT =
  "No daily review has been recorded for this day yet; the sections below are the weekly runs'. The daily review keeps them when it records the day.";

/**
 * The day's entry with a weekly or research run's section: added to the day's existing entry
 * (which keeps everything else), or a `no-review` entry when the daily review has not recorded the
 * day. A stale ledger adds the dead man's switch section, loudly.
 */
export function cadenceEntry(changelog: string, day: string, cadence: CadenceSection, body: RootContent[], fresh?: Freshness): DayEntry {
  const existing = parseChangelog(changelog).days.find((d) => d.date === day);
  const entry: DayEntry = existing ? parseDayEntry(existing.text).entry : { date: day, kind: "no-review", result: NO_REVIEW_RESULT };
  let notes = withCadenceSection(entry.notes, cadence, body);
  // A fresh ledger leaves an earlier run's alarm of the same day in place: it happened.
  if (fresh?.stale) notes = withCadenceSection(notes, "freshness", freshnessBody(fresh));
  return { ...entry, ...(notes ? { notes } : {}) };
}

/**
 * The notes of the daily review's entry: the sections other runs (or an earlier run of the day)
 * wrote, carried over — an alarm raised earlier in the day stays, since a re-run finds the ledger
 * fresh again — plus this run's agent section, and the dead man's switch section when the ledger
 * is stale now.
 */
export function dailyNotes(changelog: string, day: string, fresh: Freshness | undefined, agent?: AgentNotes): string | undefined {
  const existing = parseChangelog(changelog).days.find((d) => d.date === day);
  let notes = existing ? cadenceSectionsOf(parseDayEntry(existing.text).entry.notes) : undefined;
  if (agent) notes = withCadenceSection(notes, "agent", renderAgentNotes(agent).slice(1));
  return fresh?.stale ? withCadenceSection(notes, "freshness", freshnessBody(fresh)) : notes;
}

function freshnessBody(fresh: Freshness | undefined): RootContent[] | undefined {
  if (!fresh?.stale) return undefined;
  return [
    paragraph({ type: "strong", children: [text(fresh.message)] }),
    paragraph(text("Escalated to BACKLOG.md (review silence). Until the cause is known, treat every day without an entry as unobserved, not as healthy.")),
  ];
}
