import type { RootContent } from "mdast";
import { HEALTHY_RESULT, type AppliedChange, type DayEntry, type Overhead } from "./day-entry.ts";
import { code, heading, link, list, listItem, paragraph, table, text } from "./mdast-build.ts";
import { oneLine, parseMarkdown, renderMarkdown } from "./markdown.ts";

/** The Markdown of one day, starting with its `## YYYY-MM-DD · kind` heading; same value, same bytes. */
export function renderDayEntry(entry: DayEntry): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date)) throw new TypeError(`day entry date "${entry.date}" is not YYYY-MM-DD`);
  const result = entry.kind === "healthy" ? HEALTHY_RESULT : entry.result;
  if (result === undefined || result.trim() === "") throw new TypeError(`a ${entry.kind} day entry needs a result line`);
  const nodes: RootContent[] = [heading(2, text(`${entry.date} · ${entry.kind}`)), paragraph(text(oneLine(result)))];
  (entry.changes ?? []).forEach((change, i) => nodes.push(...renderChange(change, i + 1)));
  if (entry.held?.length) {
    nodes.push(heading(3, text("Held")), list(entry.held.map((h) => listItem(text(`${oneLine(h.what)} — ${oneLine(h.reason)}`)))));
  }
  if (entry.hosts?.length) {
    nodes.push(heading(3, text("Verification")), table(["Host", "Checks", "Result", "Notes"], entry.hosts.map((h) => [h.host, String(h.checks), oneLine(h.result), oneLine(h.notes ?? "")])));
  }
  if (entry.watchItems?.length) {
    nodes.push(heading(3, text("Watch items")), list(entry.watchItems.map((w) => listItem(text(`${w.id} · ${w.status} — ${oneLine(w.description)}${w.detail ? `: ${oneLine(w.detail)}` : ""}`)))));
  }
  if (entry.escalations?.length) {
    nodes.push(heading(3, text("Escalations")), list(entry.escalations.map((e) => listItem(text(`${e.id} — ${oneLine(e.title)}: ${oneLine(e.reason)}`)))));
  }
  if (entry.trends?.length) {
    nodes.push(heading(3, text("Trends")), table(["Subject", "Metric", "Yesterday", "Today", "Week ago"], entry.trends.map((t) => [t.subject, t.metric, t.yesterday, t.today, t.weekAgo ?? "—"].map(oneLine))));
  }
  if (entry.overhead) nodes.push(heading(3, text("Overhead")), paragraph(text(renderOverhead(entry.overhead))));
  if (entry.notes?.trim()) nodes.push(heading(3, text("Notes")), ...notesNodes(entry.notes));
  return renderMarkdown(nodes);
}

/** The heading carries the mode: countChanges reads the change budget from it. */
function renderChange(change: AppliedChange, n: number): RootContent[] {
  const fields = [
    listItem(text(`Why: ${oneLine(change.why)}`)),
    listItem(text("Playbook: "), code(change.playbook)),
    listItem(text(`Host: ${change.host}`)),
    listItem(text("Snapshot: "), code(change.snapshot)),
    listItem(text("Rollback: "), code(change.rollbackCommand)),
    { ...listItem(text("Verification:")), children: [paragraph(text("Verification:")), list(change.verification.map((v) => listItem(text(oneLine(v)))))] },
  ];
  if (change.approvalHash) fields.push(listItem(text("Approval: "), code(change.approvalHash)));
  if (change.pr) fields.push(listItem(text("PR: "), link(change.pr)));
  return [heading(3, text(`Change ${n} (${change.mode}) — ${oneLine(change.what)}`)), list(fields)];
}

function renderOverhead(o: Overhead): string {
  return `Duration ${(o.durationMs / 1000).toFixed(1)} s · ${o.commands} commands sent · ${formatBytes(o.bytesIn)} in · ${formatBytes(o.bytesOut)} out`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Notes are Markdown, but may not open a heading that would end the day or its sections. */
function notesNodes(notes: string): RootContent[] {
  return parseMarkdown(notes).children.map((node) => (node.type === "heading" && node.depth < 4 ? { ...node, depth: 4 } : node));
}
