import type { Evidence, StatusChange } from "./item-lines.ts";
import type { ItemStructure, LedgerSpec } from "./item-structure.ts";
import type { LedgerProblem } from "./ledger-error.ts";

export const IDEAS_FILE = "IDEAS.md";
export const IDEA_STATUSES = ["proposed", "accepted", "rejected"] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
export const IDEA_SUBSECTIONS = ["Status", "Evidence"];

export function ideasSpec(file: string): LedgerSpec {
  return { file, title: "Ideas", prefix: "I", sections: ["Ideas"], subsections: IDEA_SUBSECTIONS };
}

export interface Idea {
  id: string;
  title: string;
  /** The last entry of `history`. */
  status: IdeaStatus;
  /** Proposals and decisions, each dated; a decision names who decided (`by`) and why (`note`). */
  history: StatusChange<IdeaStatus>[];
  fingerprint: string;
  evidence: Evidence[];
  /** The backlog item an accepted idea graduated to. */
  graduatedTo?: string;
  humanContent: string[];
  line: number;
}

export interface IdeasDoc {
  file: string;
  text: string;
  ideas: Idea[];
  problems: LedgerProblem[];
  structure: ItemStructure;
}
