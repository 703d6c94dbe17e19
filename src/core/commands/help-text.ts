import type { CommandName } from "./command.ts";

/** One line per command: what a collaborator writes and what it does. */
export const USAGE: Record<CommandName, string> = {
  accept: "`/accept [note]` — accept this idea; it graduates to the backlog",
  reject: "`/reject <reason>` — reject this idea; it is not re-pitched without materially new evidence",
  drop: "`/drop <reason>` — drop this backlog item (dated, with your reason) and close the pull request",
  done: "`/done` — mark this backlog item done (you did it by hand)",
  hold: "`/hold` — hold this item's target: Rounds makes no unattended change there until `/release`",
  release: "`/release` — lift a `/hold`",
  continue: "`/continue` — let a phased attended change go on past its current gate",
  stop: "`/stop [reason]` — engage the kill switch: no change of any kind until a reviewed PR removes it",
  help: "`/help` — this list",
};

/** The reply to `/help` and to an unknown command. */
export function helpText(): string {
  const lines = Object.values(USAGE).map((line) => `- ${line}`);
  return [
    "Rounds obeys these commands, one per line at the start of a line, from people with write access (write, maintain or admin):",
    "",
    ...lines,
    "",
    "Commands inside quotes or code are ignored.",
  ].join("\n");
}
