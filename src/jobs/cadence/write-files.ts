import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Writes composed files into the working tree; returns their paths for the commit. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<string[]> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return Object.keys(files);
}
