export interface HttpCheckResult {
  type: "http";
  url: string;
  /** null when no answer came at all (DNS, refused, timeout). */
  status: number | null;
  expectStatus: number;
  latencyMs: number;
  error?: string;
  /** The start of the body when the status was not the expected one (a 403 page says why). */
  bodySample?: string;
}
