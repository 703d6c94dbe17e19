export interface PostgresFacts {
  version: string;
  databases: { name: string; sizeBytes: number }[];
  largestTables: { database: string; table: string; sizeBytes: number }[];
  connections: { used: number; max: number };
  longTransactions: { pid: number; seconds: number; state: string; query: string }[];
  replication: { client: string; lagBytes: number | null; lagSeconds: number | null }[];
  /**
   * Row churn per table (inserted/updated/deleted since the statistics were last reset), busiest
   * first. Activity, not growth per day: growth comes from table sizes in the history.
   */
  tableActivity?: { database: string; table: string; inserted: number; updated: number; deleted: number; liveRows: number }[];
  /** Present only where the timescaledb extension exists. */
  timescale?: {
    hypertables: { database?: string; name: string; sizeBytes: number; compressedChunks: number; totalChunks: number; compressionRatio: number | null }[];
  };
}
