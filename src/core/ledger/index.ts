// The ledgers' public API: CHANGELOG.md, BACKLOG.md and IDEAS.md as typed models with pure edits.

export { LedgerError, formatProblem, formatViolation, type LedgerProblem, type LedgerViolation } from "./ledger-error.ts";
export { checkLedger, LEDGER_FILES } from "./check-ledger.ts";
export { lintLedgers, type LedgerPair } from "./lint-ledgers.ts";
export { backlogViolations, changelogViolations, ideasViolations } from "./ledger-invariants.ts";

export * from "./day-entry.ts";
export { renderDayEntry } from "./render-day-entry.ts";
export { parseDayEntry } from "./parse-day-entry.ts";
export { upsertDayEntry } from "./upsert-day-entry.ts";
export { countChanges } from "./count-changes.ts";
export { recentDays } from "./recent-days.ts";
export { parseChangelog, CHANGELOG_FILE, type ChangelogDoc, type ChangelogDay } from "./parse-changelog.ts";

export type { Evidence, Link, Option, StatusChange } from "./item-lines.ts";
export { BACKLOG_FILE, BACKLOG_STATUSES, OPEN_STATUSES, PRIORITIES, type BacklogDoc, type BacklogItem, type BacklogStatus, type Priority } from "./backlog.ts";
export { parseBacklog } from "./parse-backlog.ts";
export { renderBacklogItem, type RenderableBacklogItem } from "./render-backlog-item.ts";
export { addLink, appendEvidence, ensureItem, findItemByFingerprint, findItemById, setStatus, type BacklogEdit, type NewBacklogItem } from "./backlog-edits.ts";
export { rank, updateItem, type BacklogItemUpdate } from "./rank-backlog.ts";

export { IDEAS_FILE, IDEA_STATUSES, type Idea, type IdeaStatus, type IdeasDoc } from "./ideas.ts";
export { parseIdeas } from "./parse-ideas.ts";
export { renderIdea, type RenderableIdea } from "./render-idea.ts";
export {
  decide,
  ensureIdea,
  findIdeaByFingerprint,
  findIdeaById,
  graduate,
  rejectionEvidence,
  type EnsureIdeaOutcome,
  type IdeasEdit,
  type NewIdea,
} from "./idea-edits.ts";
export { isMateriallyNew, type MaterialChange } from "./is-materially-new.ts";
