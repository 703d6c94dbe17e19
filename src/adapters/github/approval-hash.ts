import { createHash } from "node:crypto";
import { approvalPayload, type RenderedPlan } from "../../core/escalation/approval-payload.ts";
import type { ChangeRequest } from "../../core/escalation/change-request.ts";

/** sha256 of the canonical approval payload: binds a merge to exactly the change it approved. */
export function approvalHash(request: ChangeRequest, plan: RenderedPlan): string {
  return `sha256:${createHash("sha256").update(approvalPayload(request, plan), "utf8").digest("hex")}`;
}
