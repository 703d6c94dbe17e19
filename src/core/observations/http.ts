export interface HttpCheckResult {
  type: "http";
  url: string;
  /** null when no answer came at all (DNS, refused, timeout). */
  status: number | null;
  expectStatus: number;
  latencyMs: number;
  error?: string;
}
