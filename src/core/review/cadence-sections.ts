import type { RootContent } from "mdast";
import { heading, text } from "../ledger/mdast-build.ts";
import { parseMarkdown, plainText, renderMarkdown } from "../ledger/markdown.ts";

// The CHANGELOG holds one entry per day. A weekly or research run on a day that already has an
// entry adds its own section to that entry's notes (`#### Weekly deep-dive`, `#### Research run`);
// the daily review carries these sections over when it rewrites the day, so no run erases another.
// `#### Agent` is the daily review's own agent section (the weekly runs keep theirs inside their own).

export const CADENCE_TITLES = { weekly: "Weekly deep-dive", research: "Research run", agent: "Agent", freshness: "Dead man's switch" } as const;
export type CadenceSection = keyof typeof CADENCE_TITLES;

const TITLES = new Set<string>(Object.values(CADENCE_TITLES));

interface Block {
  title?: string;
  nodes: RootContent[];
}

function blocks(notes: string | undefined): Block[] {
  const out: Block[] = [{ nodes: [] }];
  for (const node of notes ? parseMarkdown(notes).children : []) {
    const title = node.type === "heading" && node.depth === 4 ? plainText(node).trim() : undefined;
    if (title && TITLES.has(title)) out.push({ title, nodes: [node] });
    else out.at(-1)!.nodes.push(node);
  }
  return out;
}

function render(list: Block[]): string | undefined {
  const nodes = list.flatMap((b) => b.nodes);
  return nodes.length ? renderMarkdown(nodes) : undefined;
}

/** Notes with the cadence's section replaced (or added, in a fixed order), the rest untouched; `undefined` removes it. */
export function withCadenceSection(notes: string | undefined, cadence: CadenceSection, body: RootContent[] | undefined): string | undefined {
  const title = CADENCE_TITLES[cadence];
  const list = blocks(notes).filter((b) => b.title !== title);
  if (body) list.push({ title, nodes: [heading(4, text(title)), ...body.map(demote)] });
  const order = Object.values(CADENCE_TITLES) as string[];
  const [free, ...sections] = list;
  sections.sort((a, b) => order.indexOf(a.title!) - order.indexOf(b.title!));
  return render([free!, ...sections]);
}

/** Only the cadence sections of a day's notes: what the daily review carries over when it rewrites the day. */
export function cadenceSectionsOf(notes: string | undefined, except: CadenceSection[] = []): string | undefined {
  const skip = new Set<string>(except.map((c) => CADENCE_TITLES[c]));
  return render(blocks(notes).filter((b) => b.title !== undefined && !skip.has(b.title)));
}

/** Headings inside a section sit below it, so they cannot end it. */
function demote(node: RootContent): RootContent {
  return node.type === "heading" && node.depth <= 4 ? { ...node, depth: 5 } : node;
}
