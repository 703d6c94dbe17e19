import type { Heading, List, ListItem, Paragraph, PhrasingContent, Table } from "mdast";

// Small builders: a ledger is rendered as an mdast tree so remark-stringify does the escaping.

export function text(value: string): PhrasingContent {
  return { type: "text", value };
}

export function code(value: string): PhrasingContent {
  return { type: "inlineCode", value };
}

export function link(url: string, label: string = url): PhrasingContent {
  return { type: "link", url, children: [text(label)] };
}

export function heading(depth: 1 | 2 | 3 | 4, ...children: PhrasingContent[]): Heading {
  return { type: "heading", depth, children };
}

export function paragraph(...children: PhrasingContent[]): Paragraph {
  return { type: "paragraph", children };
}

export function listItem(...children: PhrasingContent[]): ListItem {
  return { type: "listItem", spread: false, children: [paragraph(...children)] };
}

export function list(items: ListItem[]): List {
  return { type: "list", ordered: false, spread: false, children: items };
}

export function table(header: string[], rows: string[][]): Table {
  const row = (cells: string[]) => ({ type: "tableRow" as const, children: cells.map((cell) => ({ type: "tableCell" as const, children: [text(cell)] })) });
  return { type: "table", align: header.map(() => null), children: [row(header), ...rows.map(row)] };
}
