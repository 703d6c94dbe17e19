import type { RootContent } from "mdast";
import type { BacklogItem } from "../ledger/index.ts";
import { heading, paragraph, table, text } from "../ledger/mdast-build.ts";
import { oneLine, renderMarkdown } from "../ledger/markdown.ts";
import type { AuditLine } from "./audit-modules.ts";
import type { Rerank } from "./rerank.ts";
import type { WeeklyDelta } from "./weekly-deltas.ts";

export interface DeepDiveReport {
  rerank: Rerank;
  open: readonly BacklogItem[];
  audit: AuditLine[];
  deltas: WeeklyDelta[];
  /** Where the re-rank was proposed (a PR URL, or "printed" without GitHub). */
  proposal?: string;
}

function rankTable(report: DeepDiveReport): RootContent {
  const title = new Map(report.open.map((i) => [i.id, i.title]));
  const score = new Map(report.rerank.scores.map((s) => [s.id, s]));
  const before = report.open.map((i) => i.id);
  return table(
    ["Rank", "Was", "Id", "Title", "Score", "Why"],
    report.rerank.order.map((id, i) =>
      [String(i + 1), String(before.indexOf(id) + 1), id, title.get(id) ?? "", String(score.get(id)?.score ?? 0), score.get(id)?.why.join("; ") ?? ""].map(
        oneLine,
      ),
    ),
  );
}

function rankSummary(report: DeepDiveReport): string {
  const { rerank } = report;
  if (report.open.length === 0) return "No open backlog items to rank.";
  const kept = rerank.humanOrder
    ? ` A person re-ordered the backlog since the last re-rank: their order stands; only ${rerank.placed.length} item(s) with new evidence were placed by score.`
    : "";
  const where = rerank.changed
    ? ` Proposed as one pull request${report.proposal ? ` (${report.proposal})` : ""}: merging it accepts the new order.`
    : " The current order already matches the evidence; nothing to propose.";
  return `${report.open.length} open item(s) scored from priority, forecast urgency, age and recurrence.${kept}${where}`;
}

/** The deep-dive's section of the day's CHANGELOG entry. */
export function renderDeepDive(report: DeepDiveReport): RootContent[] {
  const nodes: RootContent[] = [heading(4, text("Backlog re-rank")), paragraph(text(rankSummary(report)))];
  if (report.open.length) nodes.push(rankTable(report));
  nodes.push(heading(4, text("Module audit")));
  nodes.push(
    report.audit.length
      ? table(
          ["Module", "Subject", "Finding"],
          report.audit.map((a) => [a.module, a.subject, a.finding].map(oneLine)),
        )
      : paragraph(text("Clean: every host probed, every exporter alerted on, every playbook exercised, no watch item overdue.")),
  );
  nodes.push(heading(4, text("Week over week")));
  nodes.push(
    report.deltas.length
      ? table(
          ["Subject", "Metric", "Week ago", "Now", "Delta"],
          report.deltas.map((d) => [d.subject, d.metric, d.weekAgo, d.now, d.delta].map(oneLine)),
        )
      : paragraph(text("No recorded history to compare yet.")),
  );
  return nodes;
}

/** The body of the re-rank pull request: the order with its reasons; merging it is the acceptance. */
export function rerankPullRequestBody(report: DeepDiveReport, day: string): string {
  return renderMarkdown([
    paragraph(text(`Weekly deep-dive ${day}: ${rankSummary(report)}`)),
    rankTable(report),
    paragraph(
      text(
        "Merge to accept this order; close to keep yours. Re-ordering BACKLOG.md by hand is always respected: the next re-rank keeps a person's order for every item whose evidence has not changed.",
      ),
    ),
  ]);
}
