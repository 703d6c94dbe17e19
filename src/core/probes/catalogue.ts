/**
 * The probe catalogue: every command the observer identity may send, and every file it may write.
 * The SSH and local transports refuse anything else before a byte leaves the runner. Matching is
 * by exact string (host probe) or by rendering the one allowed shape from the parts a candidate
 * claims and comparing the whole string (temporary diagnostic scripts, whose only free parts are a
 * random token and a plain directory) — never by prefix, never after trimming.
 */
import { DIAGNOSTIC_SCRIPTS } from "./diagnostic-scripts.ts";
import { hostProbeScript } from "./host-probe-script.ts";
import { isTempDir, makeTempDirCommand, scriptPath, tempScriptCommands, TOKEN_PATTERN } from "./temp-script-commands.ts";

const HOST_PROBES = new Set([false, true].flatMap((docker) => [false, true].map((systemd) => hostProbeScript({ docker, systemd }))));

/** The fixed commands of the catalogue (the temp-script commands are shapes, see below). */
export function catalogueCommands(): string[] {
  return [...HOST_PROBES];
}

function isMakeTempDir(command: string): boolean {
  const token = /rounds-diag\.([a-z0-9]+)"/.exec(command)?.[1];
  return token !== undefined && TOKEN_PATTERN.test(token) && command === makeTempDirCommand(token);
}

/** The directory a run/remove/verify command names, if it has exactly one of the allowed shapes. */
function isTempScriptCommand(command: string): boolean {
  const dir = /^(?:sh |rm -rf -- |test -e )(\/\S*?rounds-diag\.[a-z0-9]+)(?:\/|$| )/.exec(command)?.[1];
  if (dir === undefined || !isTempDir(dir)) return false;
  const names = Object.keys(DIAGNOSTIC_SCRIPTS);
  const shapes = names.map((name) => tempScriptCommands(dir, name));
  return shapes.some((s) => command === s.run || command === s.remove || command === s.verifyRemoved);
}

export function isCatalogueCommand(command: string): boolean {
  return HOST_PROBES.has(command) || isMakeTempDir(command) || isTempScriptCommand(command);
}

/** The observer may write only a catalogue diagnostic script, byte for byte, into a temp dir. */
export function isCatalogueWrite(path: string, content: string): boolean {
  for (const [name, text] of Object.entries(DIAGNOSTIC_SCRIPTS)) {
    const suffix = `/${name}.sh`;
    if (!path.endsWith(suffix)) continue;
    const dir = path.slice(0, -suffix.length);
    return isTempDir(dir) && path === scriptPath(dir, name) && content === text;
  }
  return false;
}
