import type { ListItem, RootContent } from "mdast";
import { HEALTHY_RESULT, type AppliedChange, type DayEntry, type Overhead } from "./day-entry.ts";
import { code, heading, link, list, listItem, paragraph, table, text } from "./mdast-build.ts";
import { oneLine, parseMarkdown, renderMarkdown } from "./markdown.ts";

/** The Markdown of one day, starting with its `## YYYY-MM-DD · kind` heading; same value, same bytes. */
export function renderDayEntry(entry: DayEntry): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date)) throw new TypeError(`day entry date "${entry.date}" is not YYYY-MM-DD`);
  const result = entry.kind === "healthy" ? HEALTHY_RESULT : entry.result;
  if (result === undefined || result.trim() === "") throw new TypeError(`a ${entry.kind} day entry needs a result line`);
  // The change budget is counted from the change headings: a kind that contradicts them would lie.
  const changes = entry.changes?.length ?? 0;
  if ((entry.kind === "change-applied" || entry.kind === "failed-rolled-back") && changes === 0)
    throw new TypeError(`a ${entry.kind} day entry needs the change it made`);
  if (entry.kind === "healthy" && changes > 0) throw new TypeError("a healthy day entry records no change; use change-applied");
  const nodes: RootContent[] = [heading(2, text(`${entry.date} · ${entry.kind}`)), paragraph(text(oneLine(result)))];
  (entry.changes ?? []).forEach((change, i) => nodes.push(...renderChange(change, i + 1)));
  if (entry.held?.length) {
    nodes.push(
      heading(3, text("Held")),
      table(
        ["Change", "Reason"],
        entry.held.map((h) => [h.what, h.reason].map(oneLine)),
      ),
    );
  }
  if (entry.hosts?.length) {
    nodes.push(
      heading(3, text("Verification")),
      table(
        ["Host", "Checks", "Result", "Notes"],
        entry.hosts.map((h) => [h.host, String(h.checks), h.result, h.notes ?? ""].map(oneLine)),
      ),
    );
  }
  if (entry.watchItems?.length) {
    nodes.push(
      heading(3, text("Watch items")),
      table(
        ["Id", "Status", "Item", "Detail"],
        entry.watchItems.map((w) => [w.id, w.status, w.description, w.detail ?? ""].map(oneLine)),
      ),
    );
  }
  if (entry.escalations?.length) {
    nodes.push(
      heading(3, text("Escalations")),
      table(
        ["Id", "Title", "Reason"],
        entry.escalations.map((e) => [e.id, e.title, e.reason].map(oneLine)),
      ),
    );
  }
  if (entry.recoveries?.length) {
    nodes.push(
      heading(3, text("Recoveries")),
      table(
        ["Id", "Title", "Status", "Evidence"],
        entry.recoveries.map((r) => [r.id, r.title, r.status, r.detail].map(oneLine)),
      ),
    );
  }
  if (entry.trends?.length) {
    nodes.push(
      heading(3, text("Trends")),
      table(
        ["Subject", "Metric", "Yesterday", "Today", "Week ago"],
        entry.trends.map((t) => [t.subject, t.metric, t.yesterday, t.today, t.weekAgo ?? "—"].map(oneLine)),
      ),
    );
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
    listItem(text(`Host: ${oneLine(change.host)}`)),
    listItem(text("Snapshot: "), code(change.snapshot)),
    rollback(change.rollbackCommand),
    { ...listItem(text("Verification:")), children: [paragraph(text("Verification:")), list(change.verification.map((v) => listItem(text(oneLine(v)))))] },
  ];
  if (change.approvalHash) fields.push(listItem(text("Approval: "), code(change.approvalHash)));
  if (change.pr) fields.push(listItem(text("PR: "), link(change.pr)));
  return [heading(3, text(`Change ${n} (${change.mode}) — ${oneLine(change.what)}`)), list(fields)];
}

/** Exact numbers (receipts), grouped by thousands without a locale so the bytes never vary. */
export /** The exact command: inline when it is one line, else a code block, so no newline is lost. */
function rollback(command: string): ListItem {
  if (!command.includes("\n")) return listItem(text("Rollback: "), code(command));
  return { type: "listItem", spread: false, children: [paragraph(text("Rollback:")), { type: "code", lang: "sh", value: command.replace(/\n+$/, "") }] };
}

function renderOverhead(o: Overhead): string {
  return `Duration ${group(o.durationMs)} ms · ${group(o.commands)} commands sent · ${group(o.bytesIn)} bytes in · ${group(o.bytesOut)} bytes out`;
}

function group(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Notes are Markdown, but may not open a heading that would end the day or its sections. */
function notesNodes(notes: string): RootContent[] {
  return parseMarkdown(notes).children.map((node) => (node.type === "heading" && node.depth < 4 ? { ...node, depth: 4 } : node));
}
