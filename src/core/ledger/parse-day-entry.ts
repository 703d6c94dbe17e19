import type { List, Nodes, RootContent, Table } from "mdast";
import {
  HEALTHY_RESULT,
  RECOVERY_STATUSES,
  RESULT_KINDS,
  type AppliedChange,
  type ChangeMode,
  type DayEntry,
  type Recovery,
  type ResultKind,
} from "./day-entry.ts";
import { parseMarkdown, plainText } from "./markdown.ts";

const HEADING = /^(\d{4}-\d{2}-\d{2})(?:\s+·\s+(\S+))?$/;
const CHANGE = /^Change \d+ \((unattended|attended)\) — (.*)$/s;
const OVERHEAD = /^Duration ([\d,]+) ms · ([\d,]+) commands sent · ([\d,]+) bytes in · ([\d,]+) bytes out$/;

/**
 * One day's Markdown (as parseChangelog's `days[].text` holds it) back into a DayEntry, for the
 * next review (yesterday's watch items, the last result). What Rounds did not write — a person's
 * note inside the day, a section it does not know — comes back verbatim in `humanContent`.
 */
export function parseDayEntry(text: string): { entry: DayEntry; humanContent: string[] } {
  const nodes = parseMarkdown(text).children;
  const humanContent: string[] = [];
  const source = (node: RootContent) => text.slice(node.position!.start.offset!, node.position!.end.offset!);
  const entry: DayEntry = { date: "", kind: "healthy" };
  let section: string | undefined;
  let change: AppliedChange | undefined;
  for (const [index, node] of nodes.entries()) {
    const plain = plainText(node).trim();
    if (node.type === "heading" && node.depth === 2 && !entry.date) {
      const match = HEADING.exec(plain);
      entry.date = match?.[1] ?? plain;
      entry.kind = RESULT_KINDS.includes(match?.[2] as ResultKind) ? (match![2] as ResultKind) : "healthy";
    } else if (node.type === "heading" && node.depth === 3) {
      const match = CHANGE.exec(plain);
      change = match ? newChange(match[1] as ChangeMode, match[2]!) : undefined;
      if (change) (entry.changes ??= []).push(change);
      section = match ? "Change" : plain;
      if (section === "Notes") {
        const rest = text.slice(node.position!.end.offset!).trim();
        if (rest) entry.notes = rest;
        break;
      }
    } else if (section === undefined && node.type === "paragraph" && entry.result === undefined && entry.kind !== "healthy") {
      entry.result = plain;
    } else if (section === undefined && node.type === "paragraph" && plain === HEALTHY_RESULT && index === 1) {
      // The healthy line is implied by the kind.
    } else if (!readSection(entry, section, change, node)) {
      humanContent.push(source(node));
    }
  }
  return { entry, humanContent };
}

function newChange(mode: ChangeMode, what: string): AppliedChange {
  return { mode, what, why: "", playbook: "", host: "", snapshot: "", rollbackCommand: "", verification: [] };
}

/** Reads the node into its section of the entry; false when the node is not Rounds' own. */
function readSection(entry: DayEntry, section: string | undefined, change: AppliedChange | undefined, node: RootContent): boolean {
  if (change && node.type === "list") return readChangeFields(change, node);
  if (node.type === "table") {
    const rows = tableRows(node);
    if (section === "Verification")
      entry.hosts = rows.map(([host, checks, result, notes]) => ({ host: host!, checks: Number(checks), result: result!, ...(notes ? { notes } : {}) }));
    else if (section === "Watch items")
      entry.watchItems = rows.map(([id, status, description, detail]) => ({
        id: id!,
        status: status === "closed" ? "closed" : "carried-over",
        description: description!,
        ...(detail ? { detail } : {}),
      }));
    else if (section === "Escalations") entry.escalations = rows.map(([id, title, reason]) => ({ id: id!, title: title!, reason: reason! }));
    else if (section === "Recoveries")
      entry.recoveries = rows.map(([id, title, status, detail]) => ({ id: id!, title: title!, status: recoveryStatus(status), detail: detail! }));
    else if (section === "Trends")
      entry.trends = rows.map(([subject, metric, yesterday, today, weekAgo]) => ({
        subject: subject!,
        metric: metric!,
        yesterday: yesterday!,
        today: today!,
        ...(weekAgo && weekAgo !== "—" ? { weekAgo } : {}),
      }));
    else if (section === "Held") entry.held = rows.map(([what, reason]) => ({ what: what!, reason: reason! }));
    else return false;
    return true;
  }
  const overhead = section === "Overhead" && node.type === "paragraph" ? OVERHEAD.exec(plainText(node).trim()) : null;
  if (!overhead) return false;
  const [durationMs, commands, bytesIn, bytesOut] = overhead.slice(1).map((n) => Number(n.replace(/,/g, "")));
  entry.overhead = { durationMs: durationMs!, commands: commands!, bytesIn: bytesIn!, bytesOut: bytesOut! };
  return true;
}

function readChangeFields(change: AppliedChange, list: List): boolean {
  for (const item of list.children) {
    const [first, second] = item.children as Nodes[];
    const line = first ? plainText(first).trim() : "";
    const [key, ...rest] = line.split(": ");
    const value = rest.join(": ");
    if (key === "Why") change.why = value;
    else if (key === "Playbook") change.playbook = value;
    else if (key === "Host") change.host = value;
    else if (key === "Snapshot") change.snapshot = value;
    else if (line === "Rollback:" && second?.type === "code") change.rollbackCommand = second.value;
    else if (key === "Rollback") change.rollbackCommand = value;
    else if (line === "Verification:" && second?.type === "list") change.verification = second.children.map((v) => plainText(v).trim());
    else if (key === "Approval") change.approvalHash = value;
    else if (key === "PR") change.pr = value;
    else return false;
  }
  return true;
}

/** A status a person retyped is kept as "recovering" rather than lost; the detail still says what happened. */
function recoveryStatus(status: string | undefined): Recovery["status"] {
  return RECOVERY_STATUSES.find((s) => s === status) ?? "recovering";
}

function tableRows(table: Table): string[][] {
  return table.children.slice(1).map((row) => row.children.map((cell) => plainText(cell).trim()));
}
