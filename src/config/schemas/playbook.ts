import { z } from "zod";
import { tooWide } from "../../core/policy/shell/paths.ts";
import { name, strict } from "./strict.ts";

/**
 * The vocabulary a parameter may take. Every value is checked against the inventory before it is
 * rendered into a command: a value that is not a known host, service or database never runs.
 */
export const parameterType = z.enum(["host", "container", "unit", "service", "database", "path", "integer", "enum", "identifier", "address", "cidr", "url"]);
export type ParameterType = z.infer<typeof parameterType>;

const parameter = strict({
  type: parameterType,
  description: z.string().optional(),
  default: z.union([z.string(), z.number()]).optional(),
  /** For `enum`: the allowed values. */
  values: z.array(z.string()).optional(),
  /** For `integer`: the bounds. For `cidr`, `min` is the shortest prefix accepted (the widest network). */
  min: z.number().int().optional(),
  max: z.number().int().optional(),
}).refine((p) => p.type !== "enum" || (p.values?.length ?? 0) > 0, { error: "an enum parameter lists its values" });

const comparison = z.string().regex(/^(==|!=|>=|<=|>|<)\s*-?\d+(\.\d+)?$/, { error: "must be a comparison such as \"== 1\" or \"< 0.8\"" });

/** One step: a shell command over SSH, SQL over PostgreSQL, a file written, or an assertion. */
export const step = z.union([
  strict({ ssh: z.string().min(1), as: z.enum(["operator", "observer"]).default("operator"), note: z.string().optional() }),
  strict({ sql: z.string().min(1), database: z.string().min(1).default("postgres"), note: z.string().optional() }),
  strict({ write: strict({ path: z.string().min(1), content: z.string(), mode: z.string().regex(/^0?[0-7]{3}$/).default("0644") }), note: z.string().optional() }),
  /** Copies a file aside before apply; the executor checks the copy's checksum before it goes on. */
  strict({ backup: z.string().min(1), note: z.string().optional() }),
  strict({ prometheus: strict({ query: z.string().min(1), expect: comparison, within: z.number().int().min(0).default(0) }), note: z.string().optional() }),
  strict({ http: strict({ url: z.string().min(1), expectStatus: z.number().int().min(100).max(599) }), note: z.string().optional() }),
  /**
   * Restarts a service the inventory declares on the host, the way it runs there: rendered to
   * `docker restart`, `systemctl restart` or `pkill -F <pidFile>` (SIGTERM) before anything classifies it.
   */
  strict({ restart: z.string().min(1), note: z.string().optional() }),
], { error: "a step is exactly one of: ssh, sql, write, backup, prometheus, http, restart" });
/** A step as written in a playbook. */
export type PlaybookStep = z.infer<typeof step>;
/** A step as rendered for one host: what is classified, run and recorded (a restart has become its ssh command). */
export type Step = Exclude<PlaybookStep, { restart: string }>;

const phase = strict({
  name: z.string().min(1),
  apply: z.array(step).min(1),
  verify: z.array(step).min(1),
  rollback: z.array(step).optional(),
});

export const playbookSchema = strict({
  id: name,
  title: z.string().min(1),
  description: z.string().optional(),
  class: z.enum(["reversible", "stateful", "data"]),
  mode: z.enum(["unattended", "attended"]),
  /** Extra action classes this playbook touches, for the policy (a data playbook that also alters schema). */
  touches: z.array(z.enum(["data", "schema", "retention", "reboot", "stateful-restart", "privilege", "network", "destructive", "server", "remote"])).default([]),
  /** The finding kind this playbook remedies. */
  remedies: z.string().min(1).optional(),
  targets: strict({ hosts: z.array(name).default([]), roles: z.array(name).default([]) })
    .refine((t) => t.hosts.length + t.roles.length > 0, { error: "name at least one host or role" }),
  /** Paths the playbook may create or remove; `rm -rf` outside them is refused by the audit. */
  paths: z.array(z.string().startsWith("/").superRefine((path, ctx) => {
    const why = tooWide(path);
    if (why) ctx.addIssue({ code: "custom", message: `${why}: a playbook writes only under narrow, declared directories` });
  })).default([]),
  parameters: z.record(name, parameter).default({}),
  steps: strict({
    snapshot: z.array(step).min(1, { error: "a change without a snapshot is refused: give at least one snapshot step" }),
    apply: z.array(step).default([]),
    verify: z.array(step).min(1, { error: "a change must be verified: give at least one verify step" }),
    rollback: z.array(step).min(1, { error: "a change without a rollback is refused: give at least one rollback step" }),
  }),
  phases: z.array(phase).optional(),
}).refine((p) => p.steps.apply.length > 0 || (p.phases?.length ?? 0) > 0, { error: "give apply steps, or phases", path: ["steps", "apply"] })
  .refine((p) => !p.phases || p.mode === "attended", { error: "phases (with gates between them) are for attended playbooks", path: ["phases"] });

export type Playbook = z.infer<typeof playbookSchema>;
