import { COMMAND_NAMES, type Command, type CommandName, type CommandProblem } from "./command.ts";
import { USAGE, helpText } from "./help-text.ts";

const COMMAND_LINE = /^\/([A-Za-z][A-Za-z-]*)(?:[ \t]+(.*))?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export interface ParsedComment {
  commands: Command[];
  problems: CommandProblem[];
}

/**
 * Reads the commands in a comment body: one per line, at the start of the line. Lines inside
 * fenced code, indented code, quotes (`> `) and inline code are not commands, so quoting someone's
 * `/stop` to discuss it never stops anything.
 */
export function parseCommands(body: string): ParsedComment {
  const commands: Command[] = [];
  const problems: CommandProblem[] = [];
  let fence: string | undefined;
  for (const raw of body.replace(/\r\n?/g, "\n").split("\n")) {
    const fenceMatch = FENCE.exec(raw);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      continue;
    }
    // Indented four spaces or a tab is a code block; a leading `>` is a quote.
    if (/^( {4}|\t)/.test(raw) || /^\s*>/.test(raw)) continue;
    const line = raw.trim();
    const match = COMMAND_LINE.exec(line);
    if (!match) continue;
    const parsed = toCommand(match[1]!.toLowerCase(), (match[2] ?? "").trim(), line);
    if ("reply" in parsed) problems.push(parsed);
    else commands.push(parsed);
  }
  return { commands, problems };
}

function toCommand(name: string, text: string, line: string): Command | CommandProblem {
  if (!isCommandName(name)) return { line, kind: "unknown", reply: `\`/${name}\` is not a Rounds command.\n\n${helpText()}` };
  switch (name) {
    case "accept":
      return text ? { name, note: text } : { name };
    case "reject":
    case "drop":
      if (!text) return { line, kind: "usage", reply: `\`/${name}\` needs a reason, so the decision can be read later: ${USAGE[name]}` };
      return { name, reason: text };
    case "stop":
      return text ? { name, reason: text } : { name };
    default:
      return { name };
  }
}

function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}
