import { ensureIdea, type Idea, type IdeasDoc } from "../ledger/index.ts";
import type { ProposedIdea } from "./propose-ideas.ts";

export interface RecordedIdea {
  idea: Idea;
  proposal: ProposedIdea;
  outcome: "created" | "existing" | "repitched";
}

export interface HeldBackIdea {
  idea: Idea;
  proposal: ProposedIdea;
  /** Why it was not proposed again: the re-pitch rule's own words. */
  reason: string;
}

/**
 * Files the run's ideas in IDEAS.md through the ledger's re-pitch rule: new ideas are proposed,
 * open ones collect the new evidence, a rejected one comes back only on materially new evidence —
 * otherwise it is held back, with the reason, for the run's entry.
 */
export function recordIdeas(
  doc: IdeasDoc,
  proposals: readonly ProposedIdea[],
  date: string,
  factor: number,
): { doc: IdeasDoc; recorded: RecordedIdea[]; heldBack: HeldBackIdea[] } {
  let current = doc;
  const recorded: RecordedIdea[] = [];
  const heldBack: HeldBackIdea[] = [];
  for (const proposal of proposals) {
    const result = ensureIdea(current, { fingerprint: proposal.fingerprint, title: proposal.title, date, by: "research", evidence: proposal.evidence }, factor);
    current = result.doc;
    if (result.outcome === "declined")
      heldBack.push({
        idea: result.idea,
        proposal,
        reason: `rejected ${result.idea.history.filter((h) => h.status === "rejected").at(-1)?.date ?? ""}: ${result.material?.reason ?? "no materially new evidence"}`,
      });
    else recorded.push({ idea: result.idea, proposal, outcome: result.outcome });
  }
  return { doc: current, recorded, heldBack };
}
