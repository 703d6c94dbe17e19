import type { Fault, FaultKind } from "../core/observations/index.ts";
import { redactText } from "../log.ts";

/**
 * Thrown inside a probe to say what kind of fault it met; the probe's entry point catches it and
 * returns it as a fault observation, so no probe ever throws at its caller.
 */
export class ProbeFault extends Error {
  constructor(
    readonly kind: FaultKind,
    message: string,
    readonly sample?: string,
  ) {
    super(message);
    this.name = "ProbeFault";
  }
}

/** Turns anything a probe threw into a Fault, with secrets removed from the message. */
export function toFault(error: unknown): Fault {
  if (error instanceof ProbeFault) {
    return { kind: error.kind, message: redactText(error.message), ...(error.sample === undefined ? {} : { sample: redactText(error.sample) }) };
  }
  return { kind: "error", message: redactText(error instanceof Error ? error.message : String(error)) };
}

/** Classifies a failed fetch: refused, timed out or otherwise unreachable. */
export function fetchFault(error: unknown, what: string, timeoutMs: number): ProbeFault {
  if (error instanceof ProbeFault) return error;
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return new ProbeFault("timeout", `${what} did not answer within ${timeoutMs} ms`);
  const code = err.cause?.code;
  const detail = err.cause?.message ?? err.message ?? String(error);
  return new ProbeFault(code === "ECONNREFUSED" ? "refused" : "unreachable", `${what} unreachable: ${detail}`);
}
