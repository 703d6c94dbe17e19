import { EVENT_ID, YAMLException, load, parseEvents, type Event } from "js-yaml";
import type { ConfigIssue } from "../errors.ts";

export type YamlResult = { ok: true; value: unknown; lineOf: (path: PropertyKey[]) => number | undefined } | { ok: false; issue: ConfigIssue };

/**
 * Parses one YAML document and keeps a map from key paths to line numbers, so that schema errors
 * found later can point at the line the user has to edit.
 */
export function parseYaml(file: string, text: string): YamlResult {
  if (text.trim() === "") return { ok: false, issue: { file, path: "", message: "the file is empty" } };
  if (text.split("\n").every((line) => /^\s*(#.*)?$/.test(line)))
    return { ok: false, issue: { file, path: "", message: "the file is empty (it holds only comments)" } };
  let value: unknown;
  let lines: Map<string, number>;
  try {
    value = load(text, { filename: file });
    lines = mapLines(text, parseEvents(text, { filename: file }));
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const reason = error.message.split(' in "')[0]?.split(" (")[0] ?? error.message;
    return { ok: false, issue: { file, path: "", line: error.mark ? error.mark.line + 1 : undefined, message: `not valid YAML: ${reason}` } };
  }
  if (value === null || value === undefined) return { ok: false, issue: { file, path: "", message: "the file holds no YAML document" } };
  return { ok: true, value, lineOf: (path) => nearestLine(lines, path) };
}

/** Formats a key path the way users write it: `hosts[2].probes.postgres`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

function nearestLine(lines: Map<string, number>, path: PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const line = lines.get(formatPath(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return undefined;
}

type Frame = { kind: "map"; path: PropertyKey[]; key: PropertyKey | undefined; expectKey: boolean } | { kind: "seq"; path: PropertyKey[]; index: number };

/** Walks js-yaml's event stream and records the line of every key and sequence item. */
function mapLines(text: string, events: Event[]): Map<string, number> {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  // Returns the path of the node that is about to start, and advances the parent frame.
  const enter = (offset: number): PropertyKey[] | undefined => {
    const top = stack.at(-1);
    if (!top) return [];
    if (top.kind === "seq") {
      const path = [...top.path, top.index++];
      lines.set(formatPath(path), lineAt(offset));
      return path;
    }
    if (top.expectKey) return undefined;
    top.expectKey = true;
    return [...top.path, top.key ?? "?"];
  };
  for (const event of events) {
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      const path = enter(event.start) ?? [];
      stack.push(event.type === EVENT_ID.MAPPING ? { kind: "map", path, key: undefined, expectKey: true } : { kind: "seq", path, index: 0 });
    } else if (event.type === EVENT_ID.SCALAR || event.type === EVENT_ID.ALIAS) {
      const offset = event.type === EVENT_ID.SCALAR ? event.valueStart : event.anchorStart;
      const top = stack.at(-1);
      if (top?.kind === "map" && top.expectKey) {
        top.key = event.type === EVENT_ID.SCALAR ? text.slice(event.valueStart, event.valueEnd).replace(/^["']|["']$/g, "") : "*";
        top.expectKey = false;
        lines.set(formatPath([...top.path, top.key]), lineAt(offset));
      } else {
        enter(offset);
      }
    } else if (event.type === EVENT_ID.POP) {
      stack.pop();
    }
  }
  return lines;
}
