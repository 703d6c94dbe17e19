import type { Step } from "../../config/schemas/playbook.ts";
import type { ChangeRequest } from "./change-request.ts";

/** The steps of an attended change exactly as they will run (placeholders filled in). */
export interface RenderedPlan {
  snapshot: Step[];
  apply: Step[];
  verify: Step[];
  rollback: Step[];
  phases?: { name: string; apply: Step[]; verify: Step[]; rollback?: Step[] }[];
  /**
   * Where the steps run, as the runner reaches it: an approval is of these steps on this machine,
   * so a later edit of the host's address, port, user, jump path, pinned key, operator DSN variable
   * or the snapshot root changes the hash (and the change is not run).
   */
  target?: {
    host: string;
    address: string;
    port: number;
    user: string;
    jump: { host: string; address: string; port: number }[];
    hostKey?: string;
    operatorDsnEnv?: string;
    snapshotRoot: string;
  };
}

/**
 * The text a merge approves: the change request and the rendered steps as canonical JSON (keys
 * sorted, no whitespace), so the same change always gives the same bytes and any difference in what
 * would run — a parameter, a command, a step's order — gives different ones. The digest of this text
 * is the approval hash; it is computed at the edge (node:crypto) and recorded in the CHANGELOG.
 */
export function approvalPayload(request: ChangeRequest, plan: RenderedPlan): string {
  return canonicalJson({ version: 1, changeRequest: request, plan });
}

/** JSON with object keys sorted at every depth and `undefined` members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}
