import type { ActingCommand } from "../core/commands/command.ts";
import type { Forge } from "../adapters/github/forge.ts";
import type { EffectOutcome, OpsRepoAccess } from "./handler-deps.ts";

export interface CommandSite {
  /** The issue or pull request number the comment is on. */
  number: number;
  isPullRequest: boolean;
  open: boolean;
  item: { kind: "backlog" | "idea"; id: string } | undefined;
  by: string;
  /** A link to the comment, recorded with holds and the kill switch. */
  ref: string;
  at: Date;
}

/**
 * Runs the commands of one comment in order and returns one reply line per command. A command that
 * fails says why and the next one still runs; nothing here decides who may run them (the caller did).
 */
export async function runCommands(commands: ActingCommand[], site: CommandSite, ops: OpsRepoAccess, forge: Forge): Promise<string[]> {
  const lines: string[] = [];
  let closes = false;
  for (const command of commands) {
    try {
      const outcome = await runOne(command, site, ops);
      lines.push(`- \`/${command.name}\`: ${outcome.message}${outcome.changed ? "" : " — nothing changed"}`);
      if (outcome.changed && ["accept", "reject", "drop", "done"].includes(command.name)) closes = true;
    } catch (error) {
      lines.push(`- \`/${command.name}\`: not done — ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // A decided idea or a closed item leaves nothing to discuss on its issue or pull request.
  if (closes && site.open) await forge.closeIssue(site.number);
  return lines;
}

async function runOne(command: ActingCommand, site: CommandSite, { effects, changes }: OpsRepoAccess): Promise<EffectOutcome> {
  const { item, by, at } = site;
  const needs = (kind: "backlog" | "idea", what: string): string => {
    if (item?.kind === kind) return item.id;
    const where =
      kind === "idea" ? "an idea's issue (its body carries `<!-- rounds:idea I-NNNN -->`)" : "a backlog item's pull request or issue (branch `rounds/B-NNNN`)";
    throw new Error(`${what} works on ${where}; this ${site.isPullRequest ? "pull request" : "issue"} is not one`);
  };
  switch (command.name) {
    case "accept":
      return effects.acceptIdea(needs("idea", "`/accept`"), by, command.note, at);
    case "reject":
      return effects.rejectIdea(needs("idea", "`/reject`"), by, command.reason, at);
    case "drop":
      return effects.dropItem(needs("backlog", "`/drop`"), by, command.reason, at);
    case "done":
      return effects.markDone(needs("backlog", "`/done`"), by, at);
    case "hold":
      return effects.hold(needs("backlog", "`/hold`"), by, site.ref, at);
    case "release":
      return effects.release(needs("backlog", "`/release`"), by, at);
    case "stop":
      return effects.engageKillSwitch(by, command.reason ?? "no reason given", site.ref, at);
    case "continue": {
      const backlogId = needs("backlog", "`/continue`");
      if (!site.isPullRequest) throw new Error("`/continue` works on the merged escalation pull request of a phased change");
      const { summary } = await changes.continuePhasedChange({ backlogId, pr: site.number, by, at });
      return { changed: true, message: summary };
    }
  }
}
