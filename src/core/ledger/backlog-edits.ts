import { BACKLOG_SUBSECTIONS, OPEN_STATUSES, PRIORITIES, type BacklogDoc, type BacklogItem, type BacklogStatus, type Priority } from "./backlog.ts";
import { renderEvidence, renderLink, renderStatus, type Evidence, type Link, type Option } from "./item-lines.ts";
import { appendToSubsection, insertBlock, nextId, removeBlock } from "./item-edit.ts";
import type { ItemBlock } from "./item-structure.ts";
import { refuse, refuseBadDate, refuseDamaged } from "./ledger-error.ts";
import { oneLine } from "./markdown.ts";
import { parseBacklog } from "./parse-backlog.ts";
import { renderBacklogItem } from "./render-backlog-item.ts";

// Pure edits of BACKLOG.md: each takes a parsed document and returns the re-parsed result. They
// refuse (LedgerError) to touch a damaged file, and are idempotent: running one twice changes
// nothing the second time.

export interface BacklogEdit {
  doc: BacklogDoc;
  changed: boolean;
}

export interface NewBacklogItem {
  fingerprint: string;
  title: string;
  priority: Priority;
  /** YYYY-MM-DD: the date of the `open` status line. */
  date: string;
  /** Why the bot will not fix it itself. */
  reason?: string;
  /** The note on the `open` status line. */
  note?: string;
  evidence?: Evidence[];
  options?: Option[];
  links?: Link[];
}

/** The item with this id and its source block, or a refusal naming the file. */
export function locate(doc: BacklogDoc, id: string): { item: BacklogItem; block: ItemBlock } {
  refuseDamaged(doc);
  const index = doc.items.findIndex((i) => i.id === id);
  if (index === -1) refuse(doc.file, 1, `there is no backlog item ${id}`);
  return { item: doc.items[index]!, block: doc.structure.items[index]! };
}

export function findItemByFingerprint(doc: BacklogDoc, fingerprint: string): BacklogItem | undefined {
  const matches = doc.items.filter((i) => i.fingerprint === fingerprint);
  return matches.find((i) => OPEN_STATUSES.includes(i.status)) ?? matches[0];
}

export function findItemById(doc: BacklogDoc, id: string): BacklogItem | undefined {
  return doc.items.find((i) => i.id === id);
}

/**
 * The item about `fingerprint` (an open one first, else the latest closed one — reopening is the
 * caller's decision), created with the next free id when there is none. New items go among the
 * open items by priority — before the first open item of a lower priority — without reordering any.
 * Evidence given is appended idempotently either way.
 */
export function ensureItem(doc: BacklogDoc, input: NewBacklogItem): BacklogEdit & { item: BacklogItem; created: boolean } {
  refuseDamaged(doc);
  refuseBadDate(doc.file, input.date);
  if (!PRIORITIES.includes(input.priority)) refuse(doc.file, 1, `priority "${input.priority}" is not one of ${PRIORITIES.join(", ")}`);
  const existing = findItemByFingerprint(doc, input.fingerprint);
  if (existing) {
    let current = doc;
    for (const e of input.evidence ?? []) current = appendEvidence(current, existing.id, e).doc;
    return { doc: current, changed: current.text !== doc.text, item: findItemById(current, existing.id)!, created: false };
  }
  const id = nextId(
    "B",
    doc.items.map((i) => i.id),
  );
  const block = renderBacklogItem({
    id,
    title: input.title,
    priority: input.priority,
    fingerprint: input.fingerprint,
    reason: input.reason,
    history: [{ date: input.date, status: "open", ...(input.note ? { note: input.note } : {}) }],
    evidence: dedupe(input.evidence ?? []),
    options: input.options ?? [],
    links: input.links ?? [],
  });
  const next = parseBacklog(insertBlock(doc.text, openPosition(doc, input.priority), block), doc.file);
  return { doc: next, changed: true, item: findItemById(next, id)!, created: true };
}

/** Appends a dated evidence line; the same date and text twice is a no-op. Evidence is never rewritten. */
export function appendEvidence(doc: BacklogDoc, id: string, evidence: Evidence): BacklogEdit {
  const { item, block } = locate(doc, id);
  refuseBadDate(doc.file, evidence.date);
  if (item.evidence.some((e) => e.date === evidence.date && e.text === oneLine(evidence.text))) return { doc, changed: false };
  return { doc: parseBacklog(appendToSubsection(doc.text, block, "Evidence", BACKLOG_SUBSECTIONS, renderEvidence(evidence)), doc.file), changed: true };
}

/** Adds a link (to a change, a PR) unless one with the same URL is there. */
export function addLink(doc: BacklogDoc, id: string, link: Link): BacklogEdit {
  const { item, block } = locate(doc, id);
  if (item.links.some((l) => l.url === link.url)) return { doc, changed: false };
  return { doc: parseBacklog(appendToSubsection(doc.text, block, "Links", BACKLOG_SUBSECTIONS, renderLink(link)), doc.file), changed: true };
}

/**
 * Records a status change with its date (and the PR, also added to Links). Done and dropped items
 * move to the top of `## Closed`; a reopened item goes back among the open ones by priority. The
 * same status again is a no-op.
 */
export function setStatus(doc: BacklogDoc, id: string, status: BacklogStatus, date: string, options: { note?: string; link?: Link } = {}): BacklogEdit {
  const { item, block } = locate(doc, id);
  refuseBadDate(doc.file, date);
  if (item.status === status) return { doc, changed: false };
  const line = renderStatus({ date, status, ...options });
  let next = parseBacklog(appendToSubsection(doc.text, block, "Status", BACKLOG_SUBSECTIONS, line), doc.file);
  // Until the move below, the item sits in the wrong section: a problem only for that moment.
  if (options.link && !item.links.some((l) => l.url === options.link!.url)) {
    next = parseBacklog(appendToSubsection(next.text, blockOf(next, id), "Links", BACKLOG_SUBSECTIONS, renderLink(options.link)), doc.file);
  }
  if (OPEN_STATUSES.includes(status) !== OPEN_STATUSES.includes(item.status)) next = move(next, id, item.priority, OPEN_STATUSES.includes(status));
  return { doc: next, changed: true };
}

function blockOf(doc: BacklogDoc, id: string): ItemBlock {
  return doc.structure.items.find((b) => b.id === id)!;
}

function move(doc: BacklogDoc, id: string, priority: Priority, toOpen: boolean): BacklogDoc {
  const block = blockOf(doc, id);
  const source = doc.text.slice(block.start, block.end).replace(/\n+$/, "\n");
  const without = parseBacklog(removeBlock(doc.text, block), doc.file);
  const closed = without.structure.sections.find((s) => s.title === "Closed")!;
  const at = toOpen ? openPosition(without, priority) : (closed.items[0]?.start ?? closed.end);
  return parseBacklog(insertBlock(without.text, at, source), doc.file);
}

/** Before the first open item of a lower priority, else at the end of `## Open`. */
function openPosition(doc: BacklogDoc, priority: Priority): number {
  const open = doc.structure.sections.find((s) => s.title === "Open")!;
  const lower = open.items.find((block) => PRIORITIES.indexOf(findItemById(doc, block.id)!.priority) > PRIORITIES.indexOf(priority));
  return lower?.start ?? open.end;
}

function dedupe(evidence: Evidence[]): Evidence[] {
  return evidence.filter((e, i) => evidence.findIndex((o) => o.date === e.date && o.text === e.text) === i);
}
