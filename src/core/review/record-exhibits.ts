import { ALERT_PAGING_ITEM, type CritiqueEvidence } from "../judgement/self-critique.ts";
import { appendEvidence, ensureItem, type BacklogDoc, type BacklogItem } from "../ledger/index.ts";

const LABELLED = /^(.*) — exhibit ([A-Z]+)$/s;

/** An exhibit as the ledger holds it: the failure's line and the label it was given when first recorded. */
interface Exhibit {
  line: string;
  label: string;
}

const labelled = (e: Exhibit) => `${e.line} — exhibit ${e.label}`;

function exhibitsOf(item: BacklogItem): Exhibit[] {
  return item.evidence.flatMap((e) => {
    const m = LABELLED.exec(e.text);
    return m ? [{ line: m[1]!, label: m[2]! }] : [];
  });
}

/** A, B, … Z, AA, AB, …: index 0 is A. */
function exhibitLabel(index: number): string {
  let n = index;
  let out = "";
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** The inverse of exhibitLabel: A is 0, AA is 26. */
function labelIndex(label: string): number {
  return [...label].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
}

/**
 * Files the day's self-critique on the alert-paging item (created from ALERT_PAGING_ITEM when missing).
 * A failure already on the item keeps the label it was recorded with, read back from the ledger; a
 * new one gets the label after the highest in use, so no exhibit is ever relabelled. Pure; returns the
 * document, the item, and the day's exhibits as labelled lines, in label order.
 */
export function recordExhibits(doc: BacklogDoc, critique: readonly CritiqueEvidence[], date: string): { doc: BacklogDoc; item?: BacklogItem; lines: string[] } {
  if (critique.length === 0) return { doc, lines: [] };
  const paging = ensureItem(doc, {
    fingerprint: ALERT_PAGING_ITEM.fingerprint,
    title: ALERT_PAGING_ITEM.title,
    priority: "P2",
    date,
    reason: ALERT_PAGING_ITEM.why,
    note: "opened by self-critique",
  });
  let current = paging.doc;
  const known = exhibitsOf(paging.item);
  let next = Math.max(-1, ...known.map((e) => labelIndex(e.label))) + 1;
  const today: Exhibit[] = [];
  for (const c of critique) {
    const recorded = known.find((e) => e.line === c.text);
    if (recorded) {
      today.push(recorded);
      continue;
    }
    const exhibit = { line: c.text, label: exhibitLabel(next++) };
    current = appendEvidence(current, paging.item.id, { date: c.date, kind: "undetected-hours", value: c.value, unit: c.unit, text: labelled(exhibit) }).doc;
    known.push(exhibit);
    today.push(exhibit);
  }
  const lines = today.sort((a, b) => labelIndex(a.label) - labelIndex(b.label)).map(labelled);
  return { doc: current, item: current.items.find((i) => i.id === paging.item.id)!, lines };
}
