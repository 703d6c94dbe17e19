/**
 * The commands around a temporary diagnostic script: make a private directory under the host's
 * $TMPDIR (or /tmp), run the script, remove the directory, prove it is gone. The directory name
 * carries a random token chosen by the runner; the catalogue recognizes these commands only in
 * exactly this shape.
 */

const TOKEN = "[a-z0-9]{16}";
/** A plain absolute base directory (no `..`, nothing a shell would expand). */
const TEMP_DIR = new RegExp(`^(?:/[A-Za-z0-9._-]+)*/rounds-diag\\.${TOKEN}$`);
export const TOKEN_PATTERN = new RegExp(`^${TOKEN}$`);
export const SCRIPT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,40}$/;

/** Creates the directory and prints its absolute path, which the other commands then name. */
export function makeTempDirCommand(token: string): string {
  const dir = `"\${TMPDIR:-/tmp}/rounds-diag.${token}"`;
  return `mkdir -m 700 -- ${dir} && echo ${dir}`;
}

export function scriptPath(dir: string, name: string): string {
  return `${dir}/${name}.sh`;
}

export interface TempScriptCommands {
  run: string;
  remove: string;
  verifyRemoved: string;
}

export function tempScriptCommands(dir: string, name: string): TempScriptCommands {
  return {
    run: `sh ${scriptPath(dir, name)}`,
    remove: `rm -rf -- ${dir}`,
    // Prints the mark only when the directory is gone.
    verifyRemoved: `test -e ${dir} || echo ${REMOVED_MARK}`,
  };
}

export const REMOVED_MARK = "removed";

/** A directory the temp-script commands may name: plain, absolute, free of `..`. */
export function isTempDir(dir: string): boolean {
  return TEMP_DIR.test(dir) && !dir.split("/").includes("..");
}
