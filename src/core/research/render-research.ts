import type { RootContent } from "mdast";
import { heading, paragraph, table, text } from "../ledger/mdast-build.ts";
import { oneLine, renderMarkdown } from "../ledger/markdown.ts";
import type { HeldBackIdea, RecordedIdea } from "./record-ideas.ts";

const WORDS: Record<RecordedIdea["outcome"], string> = {
  created: "new",
  existing: "still open, evidence added",
  repitched: "re-proposed: materially new evidence",
};

/** The research run's section of the day's entry: what it proposed, and what it held back and why. */
export function renderResearch(recorded: readonly RecordedIdea[], heldBack: readonly HeldBackIdea[], issues: ReadonlyMap<string, string>): RootContent[] {
  const nodes: RootContent[] = [
    paragraph(
      text(
        "Proposals only: the research run reads the recorded history and the ledgers; it touches no host, and the policy denies every change in this cadence.",
      ),
    ),
  ];
  nodes.push(heading(4, text("Ideas")));
  nodes.push(
    recorded.length
      ? table(
          ["Id", "Idea", "Outcome", "Evidence", "Issue"],
          recorded.map((r) =>
            [
              r.idea.id,
              r.idea.title,
              r.idea.status === "proposed" ? WORDS[r.outcome] : `${r.idea.status}${r.idea.graduatedTo ? ` → ${r.idea.graduatedTo}` : ""}`,
              r.proposal.evidence.map((e) => e.text).join("; "),
              issues.get(r.idea.id) ?? "—",
            ].map(oneLine),
          ),
        )
      : paragraph(text("No rule found evidence for an idea this week.")),
  );
  nodes.push(heading(4, text("Held back")));
  nodes.push(
    heldBack.length
      ? table(
          ["Id", "Idea", "Why held back"],
          heldBack.map((h) => [h.idea.id, h.idea.title, h.reason].map(oneLine)),
        )
      : paragraph(text("None: no rejected idea came up again.")),
  );
  return nodes;
}

/** The body of an idea's issue: its evidence, and how to decide it. */
export function ideaIssueBody(recorded: RecordedIdea): string {
  return renderMarkdown([
    paragraph(text(`${recorded.idea.id} — ${recorded.idea.title}`)),
    heading(3, text("Evidence")),
    {
      type: "list",
      ordered: false,
      spread: false,
      children: recorded.idea.evidence.map((e) => ({
        type: "listItem",
        spread: false,
        children: [
          paragraph(text(`${e.date}${e.kind ? ` · ${e.kind}${e.value === undefined ? "" : ` = ${e.value}${e.unit ? ` ${e.unit}` : ""}`}` : ""} — ${e.text}`)),
        ],
      })),
    },
    paragraph(
      text(
        "Decide with a comment: /accept, or /reject <reason>. An accepted idea graduates to BACKLOG.md; a rejected one is not proposed again unless its evidence changes materially.",
      ),
    ),
  ]);
}
