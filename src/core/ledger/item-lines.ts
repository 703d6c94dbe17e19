import type { PhrasingContent } from "mdast";
import type { ListEntry } from "./item-structure.ts";
import { code, link, list, listItem, text } from "./mdast-build.ts";
import { oneLine, plainText, renderMarkdown } from "./markdown.ts";

// The one-line formats inside items, shared by BACKLOG.md and IDEAS.md:
//   evidence:  - 2026-11-25 · disk-used = 68 % — Root disk of db01 crossed 68 %.
//              - 2026-11-25 · http-403 — All five feeds answered 403.      (a kind, no number)
//              - 2026-11-25 — Free text.                                   (neither)
//   status:    - 2026-11-25 · rejected by @alice — Too costly for now. [PR #12](https://…)
//              - 2026-11-26 · awaiting-approval [PR #13](https://…)               (a link, no note)
//   option:    - **Compress** — keeps history; needs an attended window.
//   link:      - [PR #12](https://github.com/…)

export interface Evidence {
  date: string;
  text: string;
  /** What was measured or seen, as a slug (`disk-used`, `http-403`): the re-pitch rule compares kinds. */
  kind?: string;
  value?: number;
  unit?: string;
}

export interface Link {
  label: string;
  url: string;
}

export interface StatusChange<S extends string> {
  date: string;
  status: S;
  by?: string;
  note?: string;
  link?: Link;
}

export interface Option {
  title: string;
  tradeoffs: string;
}

const EVIDENCE = /^(\d{4}-\d{2}-\d{2})(?: · ([a-z0-9][a-z0-9._-]*)(?: = (-?\d+(?:\.\d+)?)(?: ([^\s—]+))?)?)? — (.+)$/s;
const STATUS = /^(\d{4}-\d{2}-\d{2} · )?([a-z-]+)(?: by (\S+))?(?: — (.*))?$/s;

/** One list line, as remark renders it (escapes included), without the trailing newline. */
export function renderLine(...children: PhrasingContent[]): string {
  return renderMarkdown([list([listItem(...children)])]).trimEnd();
}

export function renderEvidence(e: Evidence): string {
  const measured = e.kind === undefined ? "" : ` · ${e.kind}${e.value === undefined ? "" : ` = ${e.value}${e.unit ? ` ${e.unit}` : ""}`}`;
  return renderLine(text(`${e.date}${measured} — ${oneLine(e.text)}`));
}

export function parseEvidence(entry: ListEntry): Evidence | undefined {
  const m = EVIDENCE.exec(entry.text);
  if (!m) return undefined;
  const e: Evidence = { date: m[1]!, text: m[5]! };
  if (m[2] !== undefined) e.kind = m[2];
  if (m[3] !== undefined) e.value = Number(m[3]);
  if (m[4] !== undefined) e.unit = m[4];
  return e;
}

export function renderStatus<S extends string>(s: StatusChange<S>): string {
  const head = `${s.date} · ${s.status}${s.by ? ` by ${s.by}` : ""}`;
  const note = s.note ? ` — ${oneLine(s.note)}` : "";
  return renderLine(text(`${head}${note}${s.link ? " " : ""}`), ...(s.link ? [link(s.link.url, s.link.label)] : []));
}

/** A status line; `date` is undefined when a person wrote one without a date (a problem). */
export function parseStatus(entry: ListEntry): (Omit<StatusChange<string>, "date"> & { date?: string }) | undefined {
  const children = entry.paragraph?.children ?? [];
  const last = children.at(-1);
  const trailingLink = last?.type === "link" ? { label: plainText(last).trim(), url: last.url } : undefined;
  const body = trailingLink ? plainText({ type: "paragraph", children: children.slice(0, -1) }).trim() : entry.text;
  const m = STATUS.exec(body);
  if (!m) return undefined;
  const s: Omit<StatusChange<string>, "date"> & { date?: string } = { status: m[2]! };
  if (m[1]) s.date = m[1].slice(0, 10);
  if (m[3]) s.by = m[3];
  if (m[4]) s.note = m[4].trim();
  if (trailingLink) s.link = trailingLink;
  return s;
}

export function renderOption(o: Option): string {
  return renderLine({ type: "strong", children: [text(oneLine(o.title))] }, text(` — ${oneLine(o.tradeoffs)}`));
}

export function parseOption(entry: ListEntry): Option {
  const first = entry.paragraph?.children[0];
  if (first?.type === "strong") {
    const title = plainText(first).trim();
    return {
      title,
      tradeoffs: entry.text
        .slice(title.length)
        .replace(/^\s*—\s*/, "")
        .trim(),
    };
  }
  return { title: entry.text, tradeoffs: "" };
}

export function renderLink(l: Link): string {
  return renderLine(link(l.url, l.label));
}

export function parseLink(entry: ListEntry): Link | undefined {
  const node = entry.paragraph?.children.find((c) => c.type === "link");
  return node?.type === "link" ? { label: plainText(node).trim(), url: node.url } : undefined;
}

/** `- Key: value`, with the value in code when it is an identifier-like string. */
export function renderField(key: string, value: string, asCode = false): string {
  return asCode ? renderLine(text(`${key}: `), code(value)) : renderLine(text(`${key}: ${oneLine(value)}`));
}
