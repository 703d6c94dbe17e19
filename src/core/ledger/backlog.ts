import type { Evidence, Link, Option, StatusChange } from "./item-lines.ts";
import type { LedgerProblem } from "./ledger-error.ts";
import type { ItemStructure, LedgerSpec } from "./item-structure.ts";

export const BACKLOG_FILE = "BACKLOG.md";
export const BACKLOG_STATUSES = ["open", "awaiting-approval", "in-progress", "done", "dropped"] as const;
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];
export const OPEN_STATUSES: readonly BacklogStatus[] = ["open", "awaiting-approval", "in-progress"];
export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const BACKLOG_SUBSECTIONS = ["Status", "Evidence", "Options", "Links"];

export function backlogSpec(file: string): LedgerSpec {
  return { file, title: "Backlog", prefix: "B", sections: ["Open", "Closed"], subsections: BACKLOG_SUBSECTIONS };
}

export interface BacklogItem {
  id: string;
  title: string;
  priority: Priority;
  /** 1-based position among the open items, in file order (the human's order unless re-ranked). */
  rank?: number;
  /** The last entry of `history`. */
  status: BacklogStatus;
  history: StatusChange<BacklogStatus>[];
  /** What the item is about, independent of its wording (e.g. `disk-growth:db01:/`). */
  fingerprint: string;
  evidence: Evidence[];
  options: Option[];
  /** Why the bot will not fix it itself. */
  reason?: string;
  links: Link[];
  /** Paragraphs, notes and unknown subsections a person added, verbatim. */
  humanContent: string[];
  section: "Open" | "Closed";
  line: number;
}

export interface BacklogDoc {
  file: string;
  text: string;
  items: BacklogItem[];
  problems: LedgerProblem[];
  /** Source positions the edits splice at. */
  structure: ItemStructure;
}
