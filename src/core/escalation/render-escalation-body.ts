import type { Step } from "../../config/schemas/playbook.ts";
import { describeStep } from "../policy/render.ts";
import type { RenderedPlan } from "./approval-payload.ts";
import type { ChangeRequest } from "./change-request.ts";
import { backlogMarker } from "./markers.ts";

/** GitHub refuses a pull request or issue body longer than this many characters. */
export const GITHUB_BODY_LIMIT = 65_536;

export interface EscalationOption {
  title: string;
  /** What it costs and what it risks: the reader decides on these. */
  tradeoffs: string;
  recommended?: boolean;
}

export interface Escalation {
  backlogId: string;
  title: string;
  /** Why a human is needed: the rule or the judgement that stopped the bot. */
  reason: string;
  /** Dated evidence, oldest first, as in the backlog item. */
  evidence: { date: string; text: string }[];
  options: EscalationOption[];
  changeRequest?: ChangeRequest;
  plan?: RenderedPlan;
  /** Hosts and services the change can affect. */
  blastRadius: string[];
  /** What a rollback would cost: time, free space, a restart. */
  rollbackCost: string;
  /** Where the full backlog item lives (BACKLOG.md on the default branch). */
  ledgerUrl: string;
  /** The date of the review that wrote this body (passed in; the core reads no clock). */
  updated: string;
}

/**
 * The escalation pull request's body. Everything needed to decide is in it; when the evidence would
 * push it past GitHub's limit, the oldest evidence is cut first and the ledger link carries the rest.
 */
export function renderEscalationBody(escalation: Escalation, limit = GITHUB_BODY_LIMIT): string {
  const evidence = escalation.evidence.map((e) => `- ${e.date}: ${oneLine(e.text)}`);
  const withNewest = (keep: number) => compose(escalation, evidence.slice(evidence.length - keep), evidence.length - keep);
  const full = withNewest(evidence.length);
  if (full.length <= limit) return full;
  // The body grows with every entry kept: search for the most that fit.
  let [low, high] = [0, evidence.length - 1];
  if (withNewest(0).length <= limit) {
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (withNewest(mid).length <= limit) low = mid;
      else high = mid - 1;
    }
    return withNewest(low);
  }
  // Even without evidence it is too long (a huge plan): cut at a line and point at the ledger.
  const tail = `\n\n… cut to fit GitHub's limit; the full item is in [BACKLOG.md](${escalation.ledgerUrl}).\n`;
  const head = compose(escalation, [], evidence.length).slice(0, limit - tail.length);
  return head.slice(0, head.lastIndexOf("\n")) + tail;
}

function compose(e: Escalation, evidence: string[], omitted: number): string {
  const out = [backlogMarker(e.backlogId), `## ${e.backlogId}: ${oneLine(e.title)}`, "", `**Why a human decides:** ${e.reason}`, ""];
  out.push("### Evidence", "", ...(evidence.length > 0 ? evidence : ["- (see the ledger)"]));
  if (omitted > 0) out.push(`- … ${omitted} older entr${omitted === 1 ? "y" : "ies"} in [BACKLOG.md](${e.ledgerUrl})`);
  out.push("", "### Options", "");
  for (const [i, option] of e.options.entries()) {
    out.push(`${i + 1}. **${oneLine(option.title)}**${option.recommended ? " (recommended)" : ""} — ${oneLine(option.tradeoffs)}`);
  }
  if (e.options.length === 0) out.push("- No option within the bot's playbooks; this needs your judgement.");
  if (e.changeRequest && e.plan) out.push("", ...planSection(e.changeRequest, e.plan));
  out.push("", "### Blast radius", "", ...(e.blastRadius.length > 0 ? e.blastRadius.map((b) => `- ${b}`) : ["- none beyond the target"]));
  out.push("", "### Rollback cost", "", e.rollbackCost);
  out.push("", "### How to decide", "");
  if (e.changeRequest) {
    out.push(
      `- **Approve:** merge this pull request. Rounds then applies exactly the plan above — playbook and guardrails read from the default branch at the merge commit — and reports here.`,
    );
  } else {
    out.push("- **Act:** no playbook can do this, so it is yours: comment `/done` when it is handled.");
  }
  out.push(
    e.changeRequest
      ? "- **Decline:** close it, or comment `/drop <reason>`; the item is dropped with the date and your reason."
      : "- **Decline:** comment `/drop <reason>`; the item is dropped with the date and your reason.",
  );
  out.push("- `/hold` keeps Rounds away from the target meanwhile; `/help` lists every command.");
  out.push("", `<sub>Updated by Rounds on ${e.updated}. The full item: [BACKLOG.md](${e.ledgerUrl}).</sub>`, "");
  return out.join("\n");
}

function planSection(request: ChangeRequest, plan: RenderedPlan): string[] {
  const params =
    Object.entries(request.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ") || "none";
  const out = [
    "### The exact plan",
    "",
    `Playbook \`${request.playbook}\` on \`${request.host}\` (parameters: ${params})${request.window ? `, window: ${request.window}` : ""}.`,
    "",
  ];
  const block = (title: string, steps: Step[]) => (steps.length === 0 ? [] : [`**${title}**`, "", "```", ...steps.map(describeStep), "```", ""]);
  out.push(...block("1. Snapshot", plan.snapshot), ...block("2. Apply", plan.apply));
  for (const [i, phase] of (plan.phases ?? []).entries()) {
    out.push(
      ...block(`Phase ${i + 1}: ${phase.name} — apply`, phase.apply),
      ...block(`Phase ${i + 1}: ${phase.name} — verify (then wait for \`/continue\`)`, phase.verify),
    );
    if (phase.rollback) out.push(...block(`Phase ${i + 1}: ${phase.name} — rollback`, phase.rollback));
  }
  out.push(...block("3. Verify", plan.verify), ...block("4. Rollback (if verify fails)", plan.rollback));
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
