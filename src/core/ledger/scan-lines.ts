/** One source line; `start`/`end` are offsets into the text (`end` excludes the newline). */
export interface SourceLine {
  line: number;
  start: number;
  end: number;
  text: string;
  /** Inside a fenced code block (fence lines included): headings there are not headings. */
  inFence: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Walks the text line by line without building a tree, so a caller can stop at the first lines it
 * needs (the CHANGELOG prepend reads only the head of a file of any size).
 */
export function* scanLines(text: string, from = 0, firstLine = 1): Generator<SourceLine> {
  let fence: string | undefined;
  let start = from;
  let line = firstLine;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const content = text.slice(start, end);
    const marker = FENCE.exec(content)?.[1];
    const opensOrCloses = marker !== undefined && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length));
    const inFence = fence !== undefined || opensOrCloses;
    if (opensOrCloses) fence = fence === undefined ? marker : undefined;
    yield { line, start, end, text: content, inFence };
    start = end + 1;
    line += 1;
  }
}

/** The 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line += 1;
  return line;
}
