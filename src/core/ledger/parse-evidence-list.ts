import { parseEvidence, type Evidence } from "./item-lines.ts";
import type { ItemBlock } from "./item-structure.ts";

/** The `#### Evidence` list; a line that does not read as evidence is a problem, reported through `at`. */
export function parseEvidenceList(block: ItemBlock, at: (line: number, message: string) => void): Evidence[] {
  const evidence: Evidence[] = [];
  for (const entry of block.subsections.get("Evidence")?.list?.entries ?? []) {
    const parsed = parseEvidence(entry);
    if (parsed) evidence.push(parsed);
    else at(entry.line, `"${entry.text}" is not an evidence line ("YYYY-MM-DD — text" or "YYYY-MM-DD · kind = value unit — text")`);
  }
  return evidence;
}
