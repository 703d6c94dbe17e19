import { scanLines } from "./scan-lines.ts";

/** A level-2 ATX heading of the CHANGELOG; `date` is set when it is a day heading. */
export interface Level2Heading {
  line: number;
  start: number;
  text: string;
  date?: string;
  kind?: string;
}

const LEVEL2 = /^ {0,3}##(?:[ \t]+(.*?))?[ \t#]*\r?$/;
const DAY = /^(\d{4}-\d{2}-\d{2})(?:\s+·\s+(\S+))?$/;

/** Level-2 headings in order, outside code fences; lazy so callers can stop early. */
export function* level2Headings(text: string, from = 0, firstLine = 1): Generator<Level2Heading> {
  for (const line of scanLines(text, from, firstLine)) {
    if (line.inFence || !line.text.startsWith("##", line.text.search(/\S/))) continue;
    const match = LEVEL2.exec(line.text);
    if (!match) continue;
    const title = (match[1] ?? "").trim();
    const day = DAY.exec(title);
    yield day ? { line: line.line, start: line.start, text: title, date: day[1]!, kind: day[2] } : { line: line.line, start: line.start, text: title };
  }
}

/** The title heading (`# Changelog`) must come before the first day; true when it does. */
export function hasTitle(text: string, end: number, title: string): boolean {
  for (const line of scanLines(text.slice(0, end))) {
    if (!line.inFence && new RegExp(`^ {0,3}# +${title}\\s*#*\\s*$`, "i").test(line.text.replace(/\r$/, ""))) return true;
  }
  return false;
}
