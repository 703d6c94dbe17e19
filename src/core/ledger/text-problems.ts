import type { LedgerProblem } from "./ledger-error.ts";
import { scanLines } from "./scan-lines.ts";

const CONFLICT_START = /^<{7}(?: |$)/m;
const CONFLICT_LINE = /^(?:<{7}|>{7}|\|{7})(?: |$)|^={7}$/;
const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Damage a Markdown parser would silently "repair": a byte-order mark, CRLF line endings, merge
 * conflict markers and tables whose rows do not have the header's column count. Line-based, so it
 * also runs over a ten-year CHANGELOG without building a tree.
 */
export function textProblems(file: string, text: string, from = 0, firstLine = 1): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  if (from === 0 && text.startsWith("\uFEFF"))
    problems.push({ file, line: 1, message: "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM" });
  const cr = text.indexOf("\r", from);
  if (cr !== -1)
    problems.push({ file, line: firstLine + countNewlines(text, from, cr), message: "the file has CRLF (Windows) line endings; convert it to LF" });
  const conflicted = CONFLICT_START.test(from === 0 ? text : text.slice(from));
  let columns: number | undefined;
  let previous: { text: string; line: number; inFence: boolean } | undefined;
  for (const line of scanLines(text, from, firstLine)) {
    const content = line.text.replace(/\r$/, "");
    if (conflicted && !line.inFence && CONFLICT_LINE.test(content)) {
      problems.push({ file, line: line.line, message: `a merge-conflict marker ("${content.slice(0, 7)}"); resolve the conflict first` });
    }
    if (line.inFence || content.trim() === "" || !content.includes("|")) {
      columns = undefined;
    } else if (columns !== undefined) {
      const cells = countCells(content);
      if (cells !== columns) problems.push({ file, line: line.line, message: `this table row has ${cells} column(s) but the table header has ${columns}` });
    } else if (DELIMITER_ROW.test(content) && content.includes("-") && previous && !previous.inFence && previous.text.includes("|")) {
      const header = countCells(previous.text);
      const delimiter = countCells(content);
      if (delimiter !== header)
        problems.push({ file, line: line.line, message: `this table's delimiter row has ${delimiter} column(s) but its header has ${header}` });
      columns = header;
    }
    previous = { text: content, line: line.line, inFence: line.inFence };
  }
  return problems;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n += 1;
  return n;
}

/** GFM cells: split on unescaped pipes, ignoring the optional outer pipes. */
function countCells(row: string): number {
  const trimmed = row.trim();
  let cells = 1;
  for (let i = 0; i < trimmed.length; i += 1) {
    if (trimmed[i] === "\\") i += 1;
    else if (trimmed[i] === "|") cells += 1;
  }
  if (trimmed.startsWith("|")) cells -= 1;
  if (trimmed.endsWith("|") && !trimmed.endsWith("\\|") && trimmed.length > 1) cells -= 1;
  return cells;
}
