import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Writes composed files into a working tree (null removes one); returns their paths for the commit. */
export async function writeFiles(dir: string, files: Record<string, string | null>): Promise<string[]> {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    if (content === null) {
      await rm(full, { force: true });
    } else {
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, content);
    }
  }
  return Object.keys(files);
}
