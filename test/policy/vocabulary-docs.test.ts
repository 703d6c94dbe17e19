// The README's vocabulary table is the documentation of the allow-list: every command a handler
// knows in the families below must be listed there, so the table cannot fall behind the code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FILE_COMMANDS } from "../../src/core/policy/shell/commands/files.ts";
import { NETWORK_COMMANDS } from "../../src/core/policy/shell/commands/network.ts";
import { SERVICE_COMMANDS } from "../../src/core/policy/shell/commands/services.ts";
import { VALIDATE_COMMANDS } from "../../src/core/policy/shell/commands/validate.ts";
import { WRAPPER_COMMANDS } from "../../src/core/policy/shell/commands/wrappers.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const row = (family: string) => readme.split("\n").find((line) => line.startsWith(`| ${family} |`)) ?? "";

describe("the README documents the vocabulary", () => {
  it.each([
    ["files", FILE_COMMANDS],
    ["services", SERVICE_COMMANDS],
    ["network", NETWORK_COMMANDS],
    ["validate", VALIDATE_COMMANDS],
    ["wrappers", WRAPPER_COMMANDS],
  ] as const)("every %s command is in its row", (family, commands) => {
    const missing = Object.keys(commands).filter((name) => !row(family).includes(`\`${name}`));
    expect(missing).toEqual([]);
  });
});
