/**
 * The history's retention rule: every daily file of the last `dailyDays` days is kept; older than
 * that, the first recorded day of each month is kept for `monthlyMonths` months (a monthly point is
 * enough for a long-range trend); everything else is pruned. Days are `YYYY-MM-DD` strings.
 */
export interface RetentionRule {
  dailyDays: number;
  monthlyMonths: number;
}

export const DEFAULT_RETENTION: RetentionRule = { dailyDays: 90, monthlyMonths: 24 };

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const monthNumber = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

export function planRetention(days: readonly string[], today: string, rule: RetentionRule = DEFAULT_RETENTION): { keep: string[]; prune: string[] } {
  const sorted = [...new Set(days)].sort();
  const keep: string[] = [];
  const prune: string[] = [];
  const monthsKept = new Set<number>();
  for (const day of sorted) {
    const age = dayNumber(today) - dayNumber(day);
    const monthsAgo = monthNumber(today) - monthNumber(day);
    if (age < rule.dailyDays) {
      keep.push(day);
    } else if (monthsAgo <= rule.monthlyMonths && !monthsKept.has(monthNumber(day))) {
      monthsKept.add(monthNumber(day));
      keep.push(day);
    } else {
      prune.push(day);
    }
  }
  return { keep, prune };
}
