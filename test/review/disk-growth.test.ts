// The disk growth the article escalated: db01's root disk fills with data. Over five evenings the
// lab's disk grows ~90 MB/day while the real PostgreSQL database grows by real inserts; the review
// attributes the growth to the database and table, forecasts the time to 80 %, and escalates with
// options — data is behind the guardrail, so nothing is "freed".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDiskUsed } from "../../src/demo/host-sandbox.ts";
import { headings, startReviewLab, type ReviewLab } from "./review-lab.ts";

let lab: ReviewLab;
beforeAll(async () => {
  lab = await startReviewLab();
  await lab.db.admin("CREATE TABLE ticks (id bigserial PRIMARY KEY, symbol text, payload text)", "market");
});
afterAll(async () => {
  await lab?.close();
});

const SIZE_KB = 10_000_000;
const MB = 1_000;

describe("disk growth caused by data", () => {
  it("is escalated with the database and table, the time to 80 % and options — never freed", async () => {
    for (let day = 1; day <= 5; day++) {
      // ~57 MB of rows a day into market.ticks, and the disk grows ~92 MB/day, reaching 68 % on day 5.
      await lab.db.admin("INSERT INTO ticks (symbol, payload) SELECT 'SYM' || (g % 500), repeat(md5(g::text), 12) FROM generate_series(1, 120000) g", "market");
      await setDiskUsed(lab.hosts.db01!.sandbox, SIZE_KB, 6_350_000 + day * 90 * MB);
      const result = await lab.review(`2026-11-0${day}T22:00:00Z`);
      expect(result.code, result.stderr).toBe(0);
    }
    const changelog = await lab.changelog();
    expect(headings(changelog)[0]).toBe("2026-11-05 · escalated-only");
    const backlog = await lab.backlog();
    const item = backlog.split(/\n(?=### B-)/).find((i) => i.includes("Fingerprint: `database-growth:db01:market.public.ticks`")) ?? "";
    expect(item).toMatch(/### B-\d{4} — market\.public\.ticks on db01 grows [\d.]+ MB\/day and fills \//);
    expect(item).toMatch(/time-to-80 = 1[2-4](\.\d)? days — 80% in \\?~2 weeks \(\d+–\d+ days\)/);
    expect(item).toContain("growth is data: market.public.ticks grows");
    expect(item).toContain("- Reason: the disk fills with data");
    expect(item).toMatch(/- 2026-11-05 · used = 68 % —/);
    expect(item).toContain("**Compress (TimescaleDB native compression)**");
    expect(item).toContain("a full rollback needs");
    expect(item).toContain("**Retention (drop data older than a cut-off)**");
    expect(item).toContain("**More disk**");
    // Nothing was run on db01 but the observer's probe.
    expect(lab.hosts.db01!.host.commands.every((c) => c.includes("@@rounds section"))).toBe(true);
  });
});
