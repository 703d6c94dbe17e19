import type { BacklogItem, Priority } from "../ledger/index.ts";
import { shiftDay } from "../history/lookups.ts";

/** What the last re-rank proposed, kept in `state/rank.json`: how a person's own order is told apart. */
export interface RankMemory {
  day: string;
  /** The open items' order in BACKLOG.md when the re-rank was proposed. */
  base: string[];
  /** The order proposed. */
  proposed: string[];
  /** Evidence lines per item when the re-rank was proposed: more since means the evidence changed. */
  evidence: Record<string, number>;
}

export interface ItemScore {
  id: string;
  score: number;
  /** The parts of the score, in words, for the pull request body. */
  why: string[];
}

export interface Rerank {
  /** The proposed order of the open items. */
  order: string[];
  scores: ItemScore[];
  /** True when a person re-ordered the backlog since the last re-rank: their order stands for unchanged items. */
  humanOrder: boolean;
  /** Items placed by score (all of them unless a person's order is kept). */
  placed: string[];
  changed: boolean;
}

const PRIORITY_POINTS: Record<Priority, number> = { P1: 40, P2: 30, P3: 20, P4: 10 };
const RECURRENCE_WINDOW_DAYS = 28;

/**
 * Scores an open item from its evidence: its priority; urgency from a forecast (days until a
 * threshold: 30 points within a week, 20 within two, 10 within a month); age (a point a week, at
 * most 10); recurrence (2 points per day with evidence in the last four weeks, at most 20).
 */
export function scoreItem(item: BacklogItem, today: string, etaDays: number | undefined): ItemScore {
  const why: string[] = [`${item.priority} (+${PRIORITY_POINTS[item.priority]})`];
  let score = PRIORITY_POINTS[item.priority];
  if (etaDays !== undefined) {
    const urgency = etaDays <= 7 ? 30 : etaDays <= 14 ? 20 : etaDays <= 30 ? 10 : 0;
    if (urgency) why.push(`threshold in ~${Math.round(etaDays)} d (+${urgency})`);
    score += urgency;
  }
  const opened = item.history.find((h) => h.status === "open")?.date ?? item.history[0]?.date ?? today;
  const weeks = Math.floor((Date.parse(today) - Date.parse(opened)) / (7 * 86_400_000));
  const age = Math.min(10, Math.max(0, weeks));
  if (age) why.push(`open ${weeks} wk (+${age})`);
  score += age;
  const since = shiftDay(today, -RECURRENCE_WINDOW_DAYS);
  const days = new Set(item.evidence.filter((e) => e.date > since).map((e) => e.date)).size;
  const recurrence = Math.min(20, 2 * days);
  if (recurrence) why.push(`evidence on ${days} day(s) in 4 wk (+${recurrence})`);
  score += recurrence;
  return { id: item.id, score, why };
}

/**
 * The weekly re-rank. Without a person's intervention every open item is placed by score (ties
 * keep the current order). When the backlog's order is neither the one the last re-rank found nor
 * the one it proposed, a person ordered it by hand: those items keep their relative order, and
 * only items whose evidence changed since (or that are new) are placed by score among them.
 */
export function rerank(open: readonly BacklogItem[], today: string, eta: ReadonlyMap<string, number>, memory: RankMemory | undefined): Rerank {
  const current = open.map((i) => i.id);
  const scores = open.map((i) => scoreItem(i, today, eta.get(i.fingerprint)));
  const scoreOf = new Map(scores.map((s) => [s.id, s.score]));
  const byScore = (ids: string[]) => [...ids].sort((a, b) => scoreOf.get(b)! - scoreOf.get(a)! || current.indexOf(a) - current.indexOf(b));
  const humanOrder = memory !== undefined && !sameOrder(current, memory.base) && !sameOrder(current, memory.proposed);
  if (!humanOrder) {
    const order = byScore(current);
    return { order, scores, humanOrder, placed: order, changed: !order.every((id, i) => id === current[i]) };
  }
  const changed = (item: BacklogItem) => memory.evidence[item.id] === undefined || item.evidence.length > memory.evidence[item.id]!;
  const anchored = open.filter((i) => !changed(i)).map((i) => i.id);
  const placed = byScore(open.filter(changed).map((i) => i.id));
  // A placed item goes before the first anchored item that scores lower; anchored items never swap.
  const order: string[] = [];
  let next = 0;
  for (const id of anchored) {
    while (next < placed.length && scoreOf.get(placed[next]!)! > scoreOf.get(id)!) order.push(placed[next++]!);
    order.push(id);
  }
  order.push(...placed.slice(next));
  return { order, scores, humanOrder, placed, changed: !order.every((id, i) => id === current[i]) };
}

/** Same relative order of the ids both lists hold (items opened or closed since do not count as a re-order). */
function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  const common = a.filter((id) => b.includes(id));
  const other = b.filter((id) => a.includes(id));
  return common.every((id, i) => id === other[i]);
}

export function rankMemory(open: readonly BacklogItem[], proposed: string[], day: string): RankMemory {
  return { day, base: open.map((i) => i.id), proposed, evidence: Object.fromEntries(open.map((i) => [i.id, i.evidence.length])) };
}
