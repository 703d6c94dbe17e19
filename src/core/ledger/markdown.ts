import type { Nodes, Root, RootContent } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkStringify from "remark-stringify";
import { unified } from "unified";

// Pinned so a render never depends on remark's defaults: a default change upstream would otherwise
// rewrite every ledger (`-` ↔ `*`, `_` ↔ `*`) and break byte stability.
const processor = unified().use(remarkParse).use(remarkGfm, { tablePipeAlign: false }).use(remarkStringify, {
  bullet: "-",
  bulletOther: "*",
  emphasis: "_",
  strong: "*",
  fence: "`",
  fences: true,
  listItemIndent: "one",
  rule: "-",
  ruleRepetition: 3,
  setext: false,
  closeAtx: false,
  incrementListMarker: true,
  resourceLink: false,
  tightDefinitions: true,
});

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/** Renders top-level nodes; output ends with one newline. */
export function renderMarkdown(children: RootContent[]): string {
  return processor.stringify({ type: "root", children });
}

/** The text a reader sees: inline markup dropped, escapes resolved. */
export function plainText(node: Nodes): string {
  if ("value" in node && typeof node.value === "string") return node.type === "html" ? "" : node.value;
  if ("children" in node) return (node.children as Nodes[]).map(plainText).join("");
  return "";
}

/** Text is one line in a ledger: newlines would split a list item or a table cell. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
