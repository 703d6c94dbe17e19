import { dump } from "js-yaml";
import { z } from "zod";
import { name, strict } from "../../config/schemas/strict.ts";
import { validateYaml } from "../../config/validate-schema.ts";
import type { ConfigIssue } from "../../errors.ts";

export const BACKLOG_ID = /^B-\d{4,}$/;

/** `changes/B-NNNN.yml`: the attended change a merged escalation PR approves. */
export const changeRequestSchema = strict({
  backlogId: z.string().regex(BACKLOG_ID, { error: "must be a backlog id such as B-0007" }),
  playbook: name,
  host: name,
  params: z.record(z.string(), z.string()).default({}),
  /** When the change may run, in words a person checks at review (the guardrails' attended windows still apply). */
  window: z.string().min(1).optional(),
});
export type ChangeRequest = z.infer<typeof changeRequestSchema>;

export function changeRequestPath(backlogId: string): string {
  return `changes/${backlogId}.yml`;
}

/** The change request file's text; stable for the same request, so re-rendering it changes nothing. */
export function renderChangeRequest(request: ChangeRequest): string {
  const header = [
    `# ${changeRequestPath(request.backlogId)} — the attended change this pull request asks to approve.`,
    "# Merging the pull request is the approval: Rounds then applies exactly this change, with the",
    "# playbook and guardrails read from the default branch at the merge commit.",
  ].join("\n");
  const body: Record<string, unknown> = { backlogId: request.backlogId, playbook: request.playbook, host: request.host, params: request.params };
  if (request.window !== undefined) body.window = request.window;
  return `${header}\n${dump(body, { lineWidth: -1, sortKeys: false })}`;
}

/** Reads a change request; issues name the file and key, like every other ops-repo file. */
export function parseChangeRequest(file: string, text: string): { value?: ChangeRequest; issues: ConfigIssue[] } {
  const result = validateYaml(file, text, changeRequestSchema);
  if (!result.value) return result;
  if (file !== changeRequestPath(result.value.backlogId)) {
    return {
      issues: [{ file, path: "backlogId", message: `names ${result.value.backlogId}, but the file is not ${changeRequestPath(result.value.backlogId)}` }],
    };
  }
  return result;
}
