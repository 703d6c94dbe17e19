import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/core/commands/parse-commands.ts";

describe("parseCommands", () => {
  it("reads every command, one per line at the line start, with its note or reason", () => {
    const body = [
      "/accept looks right",
      "/reject too risky for now",
      "/drop superseded by B-0009",
      "/done",
      "/hold",
      "/release",
      "/continue",
      "/stop rollback looks wrong",
      "/help",
      "/ACCEPT",
    ].join("\n");
    expect(parseCommands(body)).toEqual({
      commands: [
        { name: "accept", note: "looks right" },
        { name: "reject", reason: "too risky for now" },
        { name: "drop", reason: "superseded by B-0009" },
        { name: "done" },
        { name: "hold" },
        { name: "release" },
        { name: "continue" },
        { name: "stop", reason: "rollback looks wrong" },
        { name: "help" },
        { name: "accept" },
      ],
      problems: [],
    });
  });

  it("ignores commands in quotes, fenced, indented and inline code, and mid-line", () => {
    const body = [
      "> /stop",
      "  > /drop quoted",
      "```",
      "/stop",
      "```",
      "~~~sh",
      "/done",
      "~~~",
      "    /hold",
      "\t/release",
      "`/stop`",
      "please /stop now",
      "````",
      "```",
      "/stop inside a longer fence",
      "````",
      "/usr/bin/env is a path, not a command",
    ].join("\n");
    expect(parseCommands(body)).toEqual({ commands: [], problems: [] });
  });

  it("answers an unknown command with the help text and a reasonless /reject or /drop with its usage", () => {
    const { commands, problems } = parseCommands("/merge\r\n/reject\r\n/drop   \r\n/accept");
    expect(commands).toEqual([{ name: "accept" }]);
    expect(problems.map((p) => p.kind)).toEqual(["unknown", "usage", "usage"]);
    expect(problems[0]!.reply).toContain("`/merge` is not a Rounds command");
    expect(problems[0]!.reply).toContain("`/accept [note]`");
    expect(problems[1]!.reply).toContain("`/reject` needs a reason");
    expect(problems[2]!.reply).toContain("`/drop` needs a reason");
  });

  it("finds nothing in an ordinary comment", () => {
    expect(parseCommands("LGTM, thanks!\n\nSee https://example.com/a/b")).toEqual({ commands: [], problems: [] });
  });

  // Issue 13: a command counts only where GitHub shows it as the start of a line of a top-level paragraph.
  it.each([
    ["an HTML comment", "<!--\n/stop now\n-->"],
    ["an HTML comment with blank lines inside", "<!--\n\n/stop now\n\n-->"],
    ["an unterminated HTML comment", "fine\n\n<!--\n/stop now"],
    ["a <details> block", "<details>\n<summary>logs</summary>\n\n/stop now\n\n</details>"],
    ["a <details> block on one line", "<details><summary>x</summary>/stop</details>"],
    ["a hidden div", "<div hidden>\n\n/done\n\n</div>"],
    ["inline HTML on the line", "<span hidden>/stop</span>"],
    ["an inline comment that spans lines", "hello <!--\n/stop\n-->"],
    ["a list item", "- /stop"],
    ["a numbered list item", "1. /done"],
    ["a heading", "# /stop"],
    ["a setext heading", "/stop\n---"],
    ["a table cell", "| a |\n| - |\n| /stop |"],
    ["a quote, lazily continued", "> quoted\n/stop"],
    ["a link's text", "[/stop](https://example.com)"],
  ])("ignores a command in %s", (_what, body) => {
    expect(parseCommands(body)).toEqual({ commands: [], problems: [] });
  });

  it("reads a command after a closed HTML block, with a link in its reason, and on each visible line of a paragraph", () => {
    const body = "<details><summary>context</summary>\n\nold logs\n\n</details>\n\n/reject see https://example.com/x for why\n/hold";
    expect(parseCommands(body).commands).toEqual([{ name: "reject", reason: "see https://example.com/x for why" }, { name: "hold" }]);
  });
});
