import type { List, ListItem, Paragraph, RootContent } from "mdast";
import type { LedgerProblem } from "./ledger-error.ts";
import { parseMarkdown, plainText } from "./markdown.ts";
import { textProblems } from "./text-problems.ts";

// The shared skeleton of BACKLOG.md and IDEAS.md: `# Title`, `## Section`s, `### X-0001 — title`
// items, a field list (`- Key: value`) and `#### Subsection` lists. Everything else — paragraphs,
// unknown sections and subsections — is a person's, kept by source range and never re-rendered.

export interface LedgerSpec {
  file: string;
  title: string;
  prefix: "B" | "I";
  /** The `##` sections that hold items; every one must exist. */
  sections: string[];
  subsections: string[];
}

export interface Span {
  start: number;
  end: number;
  line: number;
}

export interface ListEntry extends Span {
  text: string;
  paragraph?: Paragraph;
}

export interface FieldEntry extends ListEntry {
  value: string;
}

export interface Subsection extends Span {
  list?: List & { entries: ListEntry[] };
}

export interface ItemBlock extends Span {
  id: string;
  title: string;
  section: string;
  heading: Span;
  fields: Map<string, FieldEntry>;
  fieldList?: Span & { spread: boolean };
  subsections: Map<string, Subsection>;
  humanContent: string[];
}

export interface SectionBlock extends Span {
  title: string;
  items: ItemBlock[];
}

export interface ItemStructure {
  sections: SectionBlock[];
  items: ItemBlock[];
  problems: LedgerProblem[];
}

const FIELD = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/s;

export function parseItemStructure(text: string, spec: LedgerSpec): ItemStructure {
  const { file } = spec;
  const problems = textProblems(file, text);
  const idPattern = new RegExp(`^(${spec.prefix}-\\d{4,})(?:\\s+[—–-]\\s+(.*))?$`, "s");
  const nodes = parseMarkdown(text).children;
  const sections: SectionBlock[] = [];
  const items: ItemBlock[] = [];
  let titleSeen = false;
  let section: SectionBlock | undefined;
  let item: ItemBlock | undefined;
  let subsection: string | undefined;
  const span = (node: RootContent): Span => ({ start: node.position!.start.offset!, end: node.position!.end.offset!, line: node.position!.start.line });
  const human = (node: RootContent) => item?.humanContent.push(text.slice(span(node).start, span(node).end));
  const close = (at: number, depth: number) => {
    if (item) item.end = at;
    item = undefined;
    subsection = undefined;
    if (depth <= 2 && section) section.end = at;
    if (depth <= 2) section = undefined;
  };
  for (const node of nodes) {
    const where = span(node);
    if (node.type === "heading" && node.depth <= 3) {
      close(where.start, node.depth);
      const title = plainText(node).trim();
      if (node.depth === 1) titleSeen ||= title.toLowerCase() === spec.title.toLowerCase();
      if (node.depth === 2) {
        section = { ...where, end: text.length, title, items: [] };
        if (spec.sections.includes(title)) sections.push(section);
      }
      if (node.depth !== 3) continue;
      const match = idPattern.exec(title);
      const inItemSection = section !== undefined && spec.sections.includes(section.title);
      if (!match) {
        if (inItemSection)
          problems.push({ file, line: where.line, message: `"### ${title}" has no item id; item headings read "### ${spec.prefix}-0001 — title"` });
        continue;
      }
      if (!inItemSection) {
        problems.push({ file, line: where.line, message: `${match[1]} is outside the item sections (${spec.sections.map((s) => `## ${s}`).join(", ")})` });
        continue;
      }
      item = {
        id: match[1]!,
        title: (match[2] ?? "").trim(),
        section: section!.title,
        ...where,
        end: text.length,
        heading: where,
        fields: new Map(),
        subsections: new Map(),
        humanContent: [],
      };
      section!.items.push(item);
      items.push(item);
      continue;
    }
    if (!item) continue;
    if (node.type === "heading") {
      const name = plainText(node).trim();
      subsection = spec.subsections.includes(name) ? name : undefined;
      if (subsection && item.subsections.has(name)) {
        problems.push({ file, line: where.line, message: `${item.id} has a second "#### ${name}" section; merge them` });
        subsection = undefined;
      }
      if (subsection) item.subsections.set(name, { ...where });
      else human(node);
      continue;
    }
    if (node.type === "list" && subsection === undefined && item.fieldList === undefined && item.subsections.size === 0) {
      item.fieldList = { ...where, spread: node.spread ?? false };
      for (const entry of listEntries(node)) {
        const field = FIELD.exec(entry.text);
        if (!field) problems.push({ file, line: entry.line, message: `${item.id}: "${entry.text}" is not a field ("Key: value")` });
        else if (item.fields.has(field[1]!)) problems.push({ file, line: entry.line, message: `${item.id} has a second "${field[1]}" field` });
        else item.fields.set(field[1]!, { ...entry, value: field[2]!.trim() });
      }
      continue;
    }
    const current = subsection === undefined ? undefined : item.subsections.get(subsection);
    if (current && node.type === "list" && current.list === undefined) {
      current.list = Object.assign(node, { entries: listEntries(node) });
      current.end = where.end;
      continue;
    }
    human(node);
  }
  close(text.length, 1);
  if (!titleSeen) problems.push({ file, line: 1, message: `the "# ${spec.title}" title heading is missing` });
  for (const name of spec.sections) {
    if (!sections.some((s) => s.title === name)) problems.push({ file, line: 1, message: `the "## ${name}" section heading is missing` });
  }
  const seen = new Map<string, number>();
  for (const it of items) {
    const earlier = seen.get(it.id);
    if (earlier !== undefined) problems.push({ file, line: it.line, message: `${it.id} appears twice (first at line ${earlier}); ids are unique` });
    seen.set(it.id, it.line);
  }
  return { sections, items, problems };
}

function listEntries(list: List): ListEntry[] {
  return list.children.map((li: ListItem) => {
    const first = li.children[0];
    const paragraph = first?.type === "paragraph" ? first : undefined;
    return {
      start: li.position!.start.offset!,
      end: li.position!.end.offset!,
      line: li.position!.start.line,
      text: paragraph ? plainText(paragraph).trim() : plainText(li).trim(),
      paragraph,
    };
  });
}
