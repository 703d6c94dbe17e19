export interface PostgresFacts {
  version: string;
  databases: { name: string; sizeBytes: number }[];
  largestTables: { database: string; table: string; sizeBytes: number }[];
  connections: { used: number; max: number };
  longTransactions: { pid: number; seconds: number; state: string; query: string }[];
  replication: { client: string; lagBytes: number | null; lagSeconds: number | null }[];
  /** Present only where the timescaledb extension exists. */
  timescale?: { hypertables: { name: string; sizeBytes: number; compressedChunks: number; totalChunks: number; compressionRatio: number | null }[] };
}
