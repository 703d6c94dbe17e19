import { ensureItem, findItemById, setStatus } from "../ledger/backlog-edits.ts";
import { decide, findIdeaById, graduate } from "../ledger/idea-edits.ts";
import { parseBacklog } from "../ledger/parse-backlog.ts";
import { parseIdeas } from "../ledger/parse-ideas.ts";

// The ledger edits the comment commands make, as pure text transforms over BACKLOG.md and IDEAS.md.
// Each is idempotent (`changed: false` on a repeat) and refuses a damaged ledger (LedgerError)
// rather than lose content; `message` is what the reply says.

export interface LedgerEditor {
  acceptIdea(
    texts: { ideas: string; backlog: string },
    input: { id: string; by: string; note: string | undefined; date: string },
  ): { ideas: string; backlog: string; changed: boolean; message: string };
  rejectIdea(ideas: string, input: { id: string; by: string; reason: string; date: string }): { ideas: string; changed: boolean; message: string };
  closeItem(
    backlog: string,
    input: { id: string; status: "done" | "dropped"; by: string; note: string; date: string },
  ): { backlog: string; changed: boolean; message: string };
}

/** Priority a graduated idea starts at; people re-rank the backlog by hand. */
const GRADUATED_PRIORITY = "P3";

export const ledgerCommands: LedgerEditor = {
  /** Accepts the idea and graduates it: a backlog item with the idea's fingerprint and evidence, linked both ways. */
  acceptIdea({ ideas, backlog }, { id, by, note, date }) {
    let ideasDoc = parseIdeas(ideas);
    const idea = findIdeaById(ideasDoc, id);
    const decided = decide(ideasDoc, id, "accepted", by, date, note ?? "accepted");
    ideasDoc = decided.doc;
    const known = idea?.graduatedTo ? findItemById(parseBacklog(backlog), idea.graduatedTo) : undefined;
    const item = known
      ? { doc: parseBacklog(backlog), changed: false, item: known }
      : ensureItem(parseBacklog(backlog), {
          fingerprint: idea!.fingerprint,
          title: idea!.title,
          priority: GRADUATED_PRIORITY,
          date,
          note: `graduated from ${id}, accepted by ${by}`,
          evidence: idea!.evidence,
        });
    const graduated = graduate(ideasDoc, id, item.item.id);
    const changed = decided.changed || item.changed || graduated.changed;
    const message = changed ? `${id} is accepted and graduated to backlog item ${item.item.id}` : `${id} was already accepted (backlog item ${item.item.id})`;
    return { ideas: graduated.doc.text, backlog: item.doc.text, changed, message };
  },

  rejectIdea(ideas, { id, by, reason, date }) {
    const decided = decide(parseIdeas(ideas), id, "rejected", by, date, reason);
    return {
      ideas: decided.doc.text,
      changed: decided.changed,
      message: decided.changed ? `${id} is rejected; it will not be proposed again without materially new evidence` : `${id} was already rejected`,
    };
  },

  closeItem(backlog, { id, status, by, note, date }) {
    const edit = setStatus(parseBacklog(backlog), id, status, date, { note: `${note} (${by})` });
    return { backlog: edit.doc.text, changed: edit.changed, message: edit.changed ? `${id} is ${status} as of ${date}` : `${id} was already ${status}` };
  },
};
