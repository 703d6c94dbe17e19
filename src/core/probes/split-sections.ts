import { EXIT_MARK, SECTION_MARK } from "./host-probe-script.ts";

/** One section of the host probe's output: its text and the exit status of its command. */
export interface Section {
  text: string;
  /** null when the exit line is missing (output cut short). */
  exit: number | null;
}

/** Splits the host probe's output into named sections; text outside any section is ignored. */
export function splitSections(output: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: { name: string; lines: string[] } | undefined;
  const finish = (exit: number | null) => {
    if (current) sections.set(current.name, { text: current.lines.join("\n").trim(), exit });
    current = undefined;
  };
  for (const line of output.split(/\r?\n/)) {
    if (line.startsWith(SECTION_MARK)) {
      finish(null);
      current = { name: line.slice(SECTION_MARK.length).trim(), lines: [] };
    } else if (line.startsWith(EXIT_MARK)) {
      const code = Number(line.slice(EXIT_MARK.length).trim());
      finish(Number.isInteger(code) ? code : null);
    } else current?.lines.push(line);
  }
  finish(null);
  return sections;
}
