import { z } from "zod";
import { fetchFault, ProbeFault } from "./probe-fault.ts";

/**
 * The parts of Prometheus' HTTP API (`/api/v1/…`) the probe reads, as loose schemas: unknown
 * fields are ignored (Prometheus adds fields between versions), missing ones we rely on are a
 * "probe output not understood" fault with a sample, never a crash.
 */
const rule = z.object({
  type: z.enum(["alerting", "recording"]),
  name: z.string(),
  health: z.string().default("unknown"),
  lastError: z.string().optional(),
  query: z.string().optional(),
});
export const rulesData = z.object({ groups: z.array(z.object({ name: z.string(), file: z.string(), rules: z.array(rule) })) });
/** `/api/v1/label/__name__/values`: every metric name with series. */
export const labelValuesData = z.array(z.string());

export const targetsData = z.object({
  activeTargets: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      scrapePool: z.string().optional(),
      health: z.string(),
      lastError: z.string().default(""),
      lastScrape: z.string().default(""),
    }),
  ),
});

export const alertsData = z.object({
  alerts: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      state: z.string(),
      activeAt: z.string().default(""),
    }),
  ),
});

const sample = z.tuple([z.number(), z.string()]);
export const instantData = z.discriminatedUnion("resultType", [
  z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sample })) }),
  z.object({ resultType: z.literal("scalar"), result: sample }),
]);
export const rangeData = z.object({
  resultType: z.literal("matrix"),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(sample) })),
});

const envelope = z.object({ status: z.string(), data: z.unknown().optional(), error: z.string().optional(), errorType: z.string().optional() });

const SAMPLE_CHARS = 300;

/**
 * GETs one API path and validates `data` against `schema`. Unreachable, timed out, an API error
 * (e.g. a bad PromQL query) and a body that is not the API's shape each become a ProbeFault.
 */
export async function prometheusGet<T extends z.ZodType>(
  base: string,
  path: string,
  params: Record<string, string>,
  schema: T,
  timeoutMs: number,
): Promise<z.output<T>> {
  const url = new URL(`api/v1/${path}`, base.endsWith("/") ? base : `${base}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  let text: string;
  let status: number;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw fetchFault(error, `prometheus at ${base}`, timeoutMs);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProbeFault(
      "not-understood",
      `prometheus at ${base}: /api/v1/${path} answered HTTP ${status} with a body that is not JSON`,
      text.slice(0, SAMPLE_CHARS),
    );
  }
  const parsed = envelope.safeParse(body);
  if (parsed.success && parsed.data.status === "error") {
    throw new ProbeFault("error", `prometheus at ${base}: /api/v1/${path}: ${parsed.data.errorType ?? "error"}: ${parsed.data.error ?? "no message"}`);
  }
  const data = parsed.success ? schema.safeParse(parsed.data.data) : undefined;
  if (!data?.success) {
    throw new ProbeFault(
      "not-understood",
      `prometheus at ${base}: /api/v1/${path} answered in a shape the probe does not understand`,
      text.slice(0, SAMPLE_CHARS),
    );
  }
  return data.data;
}
