import type { RootContent } from "mdast";
import { heading, list, listItem, paragraph, text } from "../ledger/mdast-build.ts";
import { oneLine } from "../ledger/markdown.ts";

export interface AgentNotes {
  /** The agent's narrative, when its answer passed validation. */
  summary?: string;
  /** Why its answer was not used (the rules-based path stood). */
  fallback?: string;
  dropped: string[];
  /** What the policy said to each of its picks. */
  picks: string[];
}

/** The agent's part of a run's section: its words marked as its own, and everything that was refused. */
export function renderAgentNotes(notes: AgentNotes): RootContent[] {
  const nodes: RootContent[] = [heading(4, text("Agent"))];
  if (notes.fallback) nodes.push(paragraph(text(`The agent's answer was not used (${oneLine(notes.fallback)}); this entry is the rules-based one.`)));
  if (notes.summary) nodes.push(paragraph(text(`The agent's summary (untrusted narrative, not a finding): ${oneLine(notes.summary)}`)));
  const refused = [...notes.dropped.map((d) => `dropped: ${d}`), ...notes.picks];
  if (refused.length) nodes.push(list(refused.map((r) => listItem(text(oneLine(r))))));
  return nodes;
}
