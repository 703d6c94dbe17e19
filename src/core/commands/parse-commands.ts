import { COMMAND_NAMES, type Command, type CommandName, type CommandProblem } from "./command.ts";
import type { PhrasingContent } from "mdast";
import { parseMarkdown, plainText } from "../ledger/markdown.ts";
import { USAGE, helpText } from "./help-text.ts";

const COMMAND_LINE = /^\/([A-Za-z][A-Za-z-]*)(?:[ \t]+(.*))?$/;

export interface ParsedComment {
  commands: Command[];
  problems: CommandProblem[];
}

/** Elements whose content HTML never shows in a comment as text, or shows only on request. */
const VOID = new Set(["br", "hr", "img", "input", "wbr", "area", "base", "col", "embed", "link", "meta", "source", "track", "param"]);

/**
 * Reads the commands in a comment as GitHub renders it (remark + GFM, the ledgers' parser): a
 * command is a line of a top-level paragraph that begins with its text, `/name`, at the start of
 * the line. Nothing counts inside code, quotes, lists, headings, tables, HTML comments or raw HTML
 * (a `<details>` block included), nor on a line with inline HTML — so neither quoting a command
 * to discuss it nor text GitHub does not show can ever run one.
 */
export function parseCommands(body: string): ParsedComment {
  const commands: Command[] = [];
  const problems: CommandProblem[] = [];
  let insideHtml = 0;
  for (const node of parseMarkdown(body.replace(/\r\n?/g, "\n")).children) {
    if (node.type === "html") {
      insideHtml = Math.max(0, insideHtml + htmlDepth(node.value));
      continue;
    }
    // Anything after an unclosed raw HTML element is inside it as far as a reader is concerned.
    if (insideHtml > 0 || node.type !== "paragraph") continue;
    for (const line of visibleLines(node.children)) {
      const match = COMMAND_LINE.exec(line);
      if (!match) continue;
      const parsed = toCommand(match[1]!.toLowerCase(), (match[2] ?? "").trim(), line);
      if ("reply" in parsed) problems.push(parsed);
      else commands.push(parsed);
    }
  }
  return { commands, problems };
}

/**
 * A paragraph's lines as a reader sees them, keeping only those that start with plain text: a line
 * with inline HTML anywhere in it is dropped (it can hide or rewrite what is shown).
 */
function visibleLines(children: PhrasingContent[]): string[] {
  const lines: { text: string; startsWithText: boolean; html: boolean }[] = [{ text: "", startsWithText: false, html: false }];
  const current = () => lines[lines.length - 1]!;
  for (const child of children) {
    if (child.type === "break") {
      lines.push({ text: "", startsWithText: false, html: false });
    } else if (child.type === "text") {
      child.value.split("\n").forEach((part, i) => {
        if (i > 0) lines.push({ text: "", startsWithText: false, html: false });
        if (current().text === "" && part !== "") current().startsWithText = true;
        current().text += part;
      });
    } else {
      if (child.type === "html") current().html = true;
      const text = plainText(child);
      if (text.includes("\n")) current().html = true; // an inline node spanning lines is not a command line
      current().text += text;
    }
  }
  return lines.filter((l) => l.startsWithText && !l.html).map((l) => l.text.trim());
}

/** How many elements an HTML block leaves open (comments and void or self-closed tags open none). */
function htmlDepth(html: string): number {
  const text = html.replace(/<!--[\s\S]*?(-->|$)/g, "");
  if (/^\s*<!--/.test(html) && !html.includes("-->")) return 1;
  let depth = 0;
  for (const tag of text.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(\/?)>/g)) {
    if (VOID.has(tag[2]!.toLowerCase()) || tag[3] === "/") continue;
    depth += tag[1] === "/" ? -1 : 1;
  }
  return depth;
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
