/** The comment commands Rounds obeys, and what each needs. */
export const COMMAND_NAMES = ["accept", "reject", "drop", "done", "hold", "release", "continue", "stop", "help"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** A command read from one line of a comment; `text` is the rest of the line (a note or a reason). */
export type Command =
  | { name: "accept"; note?: string }
  | { name: "reject"; reason: string }
  | { name: "drop"; reason: string }
  | { name: "stop"; reason?: string }
  | { name: "done" | "hold" | "release" | "continue" }
  | { name: "help" };

/** A command that acts on the ops repo (everything but `/help`), so it needs write access. */
export type ActingCommand = Exclude<Command, { name: "help" }>;

export function isActing(command: Command): command is ActingCommand {
  return command.name !== "help";
}

/** A line that looked like a command but cannot be obeyed as written. */
export interface CommandProblem {
  line: string;
  kind: "unknown" | "usage";
  /** What to write instead. */
  reply: string;
}
