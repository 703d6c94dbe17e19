import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/core/commands/parse-commands.ts";

describe("parseCommands", () => {
  it("reads every command, one per line at the line start, with its note or reason", () => {
    const body = ["/accept looks right", "/reject too risky for now", "/drop superseded by B-0009", "/done", "/hold", "/release", "/continue", "/stop rollback looks wrong", "/help", "/ACCEPT"].join("\n");
    expect(parseCommands(body)).toEqual({
      commands: [
        { name: "accept", note: "looks right" }, { name: "reject", reason: "too risky for now" }, { name: "drop", reason: "superseded by B-0009" },
        { name: "done" }, { name: "hold" }, { name: "release" }, { name: "continue" }, { name: "stop", reason: "rollback looks wrong" }, { name: "help" },
        { name: "accept" },
      ],
      problems: [],
    });
  });

  it("ignores commands in quotes, fenced, indented and inline code, and mid-line", () => {
    const body = [
      "> /stop", "  > /drop quoted", "```", "/stop", "```", "~~~sh", "/done", "~~~", "    /hold", "\t/release", "`/stop`", "please /stop now",
      "````", "```", "/stop inside a longer fence", "````", "/usr/bin/env is a path, not a command",
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
});
