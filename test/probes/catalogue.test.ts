import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogueCommands, isCatalogueCommand, isCatalogueWrite } from "../../src/core/probes/catalogue.ts";
import { DIAGNOSTIC_SCRIPTS } from "../../src/core/probes/diagnostic-scripts.ts";
import { hostProbeScript } from "../../src/core/probes/host-probe-script.ts";
import { makeTempDirCommand, scriptPath, tempScriptCommands } from "../../src/core/probes/temp-script-commands.ts";

const probe = hostProbeScript({ docker: true, systemd: true });
const token = "abcdefghij012345";
const dir = `/tmp/rounds-diag.${token}`;
const shapes = tempScriptCommands(dir, "top-processes");

/** Ways to smuggle a command in behind, around or inside an allowed one. */
function smuggled(allowed: string): string[] {
  return [
    `${allowed}; rm -rf /`,
    `${allowed} && rm -rf /`,
    `${allowed} | sh`,
    `${allowed}\nrm -rf /`,
    `${allowed}\r\nrm -rf /`,
    `rm -rf /; ${allowed}`,
    `${allowed}\n`,
    ` ${allowed}`,
    `${allowed} `,
    `${allowed}\t`,
    `${allowed}\u0000rm -rf /`,
    `${allowed}\u200b`,
    allowed.replace(" ", "  "),
    allowed.replace(" ", "\t"),
    allowed.replace(" ", "\u00a0"),
    allowed.replace("c", "\u0441"), // Cyrillic es
    allowed.replace("e", "\u0435"), // Cyrillic ie
    allowed.toUpperCase(),
    `$(${allowed})`,
    `\`${allowed}\``,
    `sh -c '${allowed}'`,
  ].filter((c) => c !== allowed);
}

describe("the probe catalogue", () => {
  it("holds the host probe for every combination of optional sections", () => {
    expect(catalogueCommands()).toHaveLength(4);
    for (const docker of [false, true]) for (const systemd of [false, true]) expect(isCatalogueCommand(hostProbeScript({ docker, systemd }))).toBe(true);
  });

  it("allows the temporary-script commands only in their exact shape", () => {
    for (const command of [makeTempDirCommand(token), shapes.run, shapes.remove, shapes.verifyRemoved]) expect(isCatalogueCommand(command)).toBe(true);
    expect(isCatalogueCommand(tempScriptCommands("/home/rounds/tmp/rounds-diag.0123456789abcdef", "recent-errors").run)).toBe(true);
  });

  it("refuses every smuggling variant of every allowed command", () => {
    for (const allowed of [probe, makeTempDirCommand(token), shapes.run, shapes.remove, shapes.verifyRemoved]) {
      for (const attempt of smuggled(allowed)) expect(isCatalogueCommand(attempt), JSON.stringify(attempt.slice(-60))).toBe(false);
    }
  });

  it("refuses temp-script commands that name another directory or script", () => {
    const refused = [
      "rm -rf -- /",
      "rm -rf -- /tmp",
      "rm -rf -- /tmp/rounds-diag.abcdefghij012345/../../etc",
      "rm -rf -- /tmp/../etc/rounds-diag.abcdefghij012345",
      "rm -rf -- /tmp/rounds-diag.abcdefghij012345 /etc",
      "rm -rf -- /tmp/rounds-diag.*",
      "rm -rf -- /tmp/rounds-diag.ABCDEFGHIJ012345",
      "rm -rf -- /tmp/rounds-diag.abc",
      "rm -rf -- $HOME/rounds-diag.abcdefghij012345",
      "rm -rf -- /tmp/$(id)/rounds-diag.abcdefghij012345",
      `sh ${dir}/evil.sh`,
      `sh ${dir}/top-processes.sh; id`,
      `sh ${dir}/../x/top-processes.sh`,
      `bash ${dir}/top-processes.sh`,
      `test -e ${dir} || rm -rf /`,
      `mkdir -m 777 -- "\${TMPDIR:-/tmp}/rounds-diag.${token}" && echo "\${TMPDIR:-/tmp}/rounds-diag.${token}"`,
      `mkdir -m 700 -- "\${TMPDIR:-/tmp}/rounds-diag.${token}" && echo "\${TMPDIR:-/tmp}/rounds-diag.${token}"; id`,
      `mkdir -m 700 -- "\${TMPDIR:-/tmp}/rounds-diag.$(id)" && echo "\${TMPDIR:-/tmp}/rounds-diag.$(id)"`,
      "",
      "uptime",
      "cat /proc/uptime",
    ];
    for (const command of refused) expect(isCatalogueCommand(command), command).toBe(false);
  });

  it("refuses any single-character edit of an allowed command", () => {
    const allowed = [probe, makeTempDirCommand(token), shapes.run, shapes.remove, shapes.verifyRemoved];
    fc.assert(
      fc.property(
        fc.constantFrom(...allowed),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 3, unit: "grapheme" }),
        fc.boolean(),
        (command, at, text, replace) => {
          const i = at % (command.length + 1);
          const edited = command.slice(0, i) + text + command.slice(replace ? i + 1 : i);
          fc.pre(!allowed.includes(edited) && !isTempShape(edited));
          expect(isCatalogueCommand(edited)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("lets the observer upload only a catalogue script, byte for byte, into a temp dir", () => {
    const content = DIAGNOSTIC_SCRIPTS["top-processes"]!;
    expect(isCatalogueWrite(scriptPath(dir, "top-processes"), content)).toBe(true);
    expect(isCatalogueWrite(scriptPath(dir, "top-processes"), `${content}rm -rf /\n`)).toBe(false);
    expect(isCatalogueWrite(scriptPath(dir, "top-processes"), DIAGNOSTIC_SCRIPTS["recent-errors"]!)).toBe(false);
    expect(isCatalogueWrite("/etc/cron.d/top-processes.sh", content)).toBe(false);
    expect(isCatalogueWrite(`${dir}/../top-processes.sh`, content)).toBe(false);
    expect(isCatalogueWrite(`${dir}/evil.sh`, content)).toBe(false);
  });
});

/** An edit that lands on another valid token or directory is still an allowed shape, not a smuggle. */
function isTempShape(command: string): boolean {
  return (
    /^(mkdir -m 700 -- "\$\{TMPDIR:-\/tmp\}\/rounds-diag\.([a-z0-9]{16})" && echo "\$\{TMPDIR:-\/tmp\}\/rounds-diag\.\2"|sh (\/[A-Za-z0-9._-]+)*\/rounds-diag\.[a-z0-9]{16}\/(top-processes|listening-sockets|recent-errors)\.sh|rm -rf -- (\/[A-Za-z0-9._-]+)*\/rounds-diag\.[a-z0-9]{16}|test -e (\/[A-Za-z0-9._-]+)*\/rounds-diag\.[a-z0-9]{16} \|\| echo removed)$/.test(
      command,
    ) &&
    !command.includes("/../") &&
    !command.includes("/./")
  );
}
