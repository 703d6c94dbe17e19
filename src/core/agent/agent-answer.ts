import { z } from "zod";

// What an agent may say, and nothing else: a narrative, ideas with evidence, picks among catalogue
// playbooks for known findings, and risks. Strict objects: a field the schema does not know (a
// "command", a "shell") makes the whole answer garbage, and the run falls back to the rules.

const line = (max: number) => z.string().trim().min(1).max(max);

export const agentAnswerSchema = z.strictObject({
  summary: line(4000),
  ideas: z
    .array(
      z.strictObject({
        title: line(200),
        /** The inventory host the idea is about, if one. */
        host: line(100).optional(),
        evidence: z.array(line(500)).min(1).max(5),
      }),
    )
    .max(5)
    .default([]),
  picks: z
    .array(
      z.strictObject({
        /** The fingerprint of a finding the run reported. */
        finding: line(300),
        playbook: line(100),
        host: line(100),
        /** Checked by the policy like any parameter: against the playbook's declared kinds and the inventory. */
        params: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/), line(100)).default({}),
      }),
    )
    .max(5)
    .default([]),
  risks: z
    .array(
      z.strictObject({
        playbook: line(100).optional(),
        host: line(100).optional(),
        detail: line(300),
      }),
    )
    .max(10)
    .default([]),
});

export type AgentAnswer = z.infer<typeof agentAnswerSchema>;

/** The JSON shape, spelled out in the prompt. */
export const ANSWER_SHAPE = `{"summary": string, "ideas": [{"title": string, "host"?: string, "evidence": [string]}], "picks": [{"finding": string, "playbook": string, "host": string, "params"?: {name: string}}], "risks": [{"playbook"?: string, "host"?: string, "detail": string}]}`;
