import type { HttpCheckResult } from "../core/observations/http.ts";
import { fetchFault, toFault } from "./probe-fault.ts";

export interface HttpCheckSpec {
  url: string;
  expectStatus: number;
  timeoutMs: number;
}

const SAMPLE_CHARS = 200;

/**
 * Requests a feed URL once and records what it answered: the status as the source sent it (a 403
 * stays a 403 — the source's decision, which no restart on our side would change), the latency,
 * and the start of the body when the status is not the expected one. Never throws: no answer at
 * all is `status: null` with the reason.
 */
export async function probeHttpCheck(spec: HttpCheckSpec): Promise<HttpCheckResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(spec.url, { signal: AbortSignal.timeout(spec.timeoutMs), headers: { "user-agent": "rounds-http-check" } });
    const latencyMs = latency();
    const result: HttpCheckResult = { type: "http", url: spec.url, status: response.status, expectStatus: spec.expectStatus, latencyMs };
    if (response.status === spec.expectStatus) {
      await response.body?.cancel();
      return result;
    }
    const body = await response.text().catch(() => "");
    return { ...result, bodySample: body.slice(0, SAMPLE_CHARS) };
  } catch (error) {
    const fault = toFault(fetchFault(error, spec.url, spec.timeoutMs));
    return { type: "http", url: spec.url, status: null, expectStatus: spec.expectStatus, latencyMs: latency(), error: `${fault.kind}: ${fault.message}` };
  }
}
