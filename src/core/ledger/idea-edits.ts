import { IDEA_SUBSECTIONS, type Idea, type IdeasDoc } from "./ideas.ts";
import { isMateriallyNew, type MaterialChange } from "./is-materially-new.ts";
import { renderEvidence, renderField, renderStatus, type Evidence } from "./item-lines.ts";
import { appendToSubsection, insertBlock, nextId, setField } from "./item-edit.ts";
import type { ItemBlock } from "./item-structure.ts";
import { refuse, refuseBadDate, refuseDamaged } from "./ledger-error.ts";
import { oneLine } from "./markdown.ts";
import { parseIdeas } from "./parse-ideas.ts";
import { renderIdea } from "./render-idea.ts";

export interface IdeasEdit {
  doc: IdeasDoc;
  changed: boolean;
}

export interface NewIdea {
  fingerprint: string;
  title: string;
  date: string;
  /** Who proposes it (`research`, `@alice`): one word. */
  by?: string;
  note?: string;
  evidence: Evidence[];
}

/** What ensureIdea did: `declined` means a rejected idea stays rejected (evidence not material). */
export type EnsureIdeaOutcome = "created" | "existing" | "repitched" | "declined";

export function findIdeaByFingerprint(doc: IdeasDoc, fingerprint: string): Idea | undefined {
  return doc.ideas.filter((i) => i.fingerprint === fingerprint).at(-1);
}

export function findIdeaById(doc: IdeasDoc, id: string): Idea | undefined {
  return doc.ideas.find((i) => i.id === id);
}

/** The evidence a rejection was decided on: everything dated up to its last rejection. */
export function rejectionEvidence(idea: Idea): Evidence[] {
  const rejected = idea.history.filter((h) => h.status === "rejected").at(-1);
  return rejected ? idea.evidence.filter((e) => e.date <= rejected.date) : [];
}

/**
 * The idea about `fingerprint`, proposed with the next free id when there is none. An open or
 * accepted idea gets the new evidence appended (idempotently). A rejected idea is re-proposed only
 * when the new evidence is materially new (isMateriallyNew with guardrails.materialChangeFactor);
 * otherwise nothing is written and the outcome is `declined`, with the reason.
 */
export function ensureIdea(doc: IdeasDoc, input: NewIdea, factor: number): IdeasEdit & { idea: Idea; outcome: EnsureIdeaOutcome; material?: MaterialChange } {
  refuseDamaged(doc);
  refuseBadDate(doc.file, input.date);
  const existing = findIdeaByFingerprint(doc, input.fingerprint);
  if (!existing) {
    const id = nextId(
      "I",
      doc.ideas.map((i) => i.id),
    );
    const section = doc.structure.sections.find((s) => s.title === "Ideas")!;
    const block = renderIdea({ id, title: input.title, fingerprint: input.fingerprint, history: [proposal(input)], evidence: input.evidence });
    const next = parseIdeas(insertBlock(doc.text, section.end, block), doc.file);
    return { doc: next, changed: true, idea: findIdeaById(next, id)!, outcome: "created" };
  }
  const fresh = input.evidence.filter((e) => !existing.evidence.some((o) => o.date === e.date && o.text === oneLine(e.text)));
  if (existing.status !== "rejected") {
    const next = fresh.reduce((d, e) => appendLine(d, existing.id, "Evidence", renderEvidence(e)), doc);
    return { doc: next, changed: next !== doc, idea: findIdeaById(next, existing.id)!, outcome: "existing" };
  }
  const material = isMateriallyNew(rejectionEvidence(existing), fresh, factor);
  if (!material.material) return { doc, changed: false, idea: existing, outcome: "declined", material };
  let next = fresh.reduce((d, e) => appendLine(d, existing.id, "Evidence", renderEvidence(e)), doc);
  next = appendLine(next, existing.id, "Status", renderStatus(proposal({ ...input, note: `re-proposed: ${material.reason}` })));
  return { doc: next, changed: true, idea: findIdeaById(next, existing.id)!, outcome: "repitched", material };
}

/** A human decision on a proposed idea, dated, with who and why. The same decision again is a no-op. */
export function decide(doc: IdeasDoc, id: string, decision: "accepted" | "rejected", by: string, date: string, reason: string): IdeasEdit {
  const { idea } = locate(doc, id);
  refuseBadDate(doc.file, date);
  if (!/^\S+$/.test(by)) refuse(doc.file, idea.line, `"${by}" is not one word (a login such as @alice)`);
  if (!reason.trim()) refuse(doc.file, idea.line, `a decision on ${id} needs its reason`);
  if (idea.status === decision) return { doc, changed: false };
  if (idea.status !== "proposed") refuse(doc.file, idea.line, `${id} is already ${idea.status}; only a proposed idea can be decided`);
  const next = appendLine(doc, id, "Status", renderStatus({ date, status: decision, by, note: reason }));
  return { doc: next, changed: true };
}

/** Links an accepted idea to the backlog item it became. */
export function graduate(doc: IdeasDoc, id: string, backlogId: string): IdeasEdit {
  const { idea, block } = locate(doc, id);
  if (!/^B-\d{4,}$/.test(backlogId)) refuse(doc.file, idea.line, `"${backlogId}" is not a backlog id (B-0001)`);
  if (idea.graduatedTo === backlogId) return { doc, changed: false };
  if (idea.status !== "accepted") refuse(doc.file, idea.line, `${id} is ${idea.status}; only an accepted idea graduates to the backlog`);
  if (idea.graduatedTo) refuse(doc.file, idea.line, `${id} already graduated to ${idea.graduatedTo}`);
  return { doc: parseIdeas(setField(doc.text, block, "Graduated to", renderField("Graduated to", backlogId)), doc.file), changed: true };
}

function locate(doc: IdeasDoc, id: string): { idea: Idea; block: ItemBlock } {
  refuseDamaged(doc);
  const index = doc.ideas.findIndex((i) => i.id === id);
  if (index === -1) refuse(doc.file, 1, `there is no idea ${id}`);
  return { idea: doc.ideas[index]!, block: doc.structure.items[index]! };
}

function appendLine(doc: IdeasDoc, id: string, subsection: string, line: string): IdeasDoc {
  return parseIdeas(appendToSubsection(doc.text, locate(doc, id).block, subsection, IDEA_SUBSECTIONS, line), doc.file);
}

function proposal(input: NewIdea) {
  return { date: input.date, status: "proposed" as const, ...(input.by ? { by: input.by } : {}), ...(input.note ? { note: input.note } : {}) };
}
