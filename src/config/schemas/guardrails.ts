import { z } from "zod";
import { envName, name, strict, weeklyWindow } from "./strict.ts";

/** Action classes that must never be applied without a human: the unattended "forbidden" list. */
export const forbiddenClass = z.enum(["data", "schema", "retention", "reboot", "stateful-restart"]);
export type ForbiddenClass = z.infer<typeof forbiddenClass>;

/** DESIGN invariant 3: these are never applied unattended, whatever a file says. */
export const ALWAYS_FORBIDDEN: readonly ForbiddenClass[] = forbiddenClass.options;

const busyPeriod = strict({
  name: z.string().min(1),
  reason: z.string().optional(),
  /** Hosts (and optionally services) the period locks; the bot holds unattended changes there. */
  hosts: z.array(name).min(1),
  services: z.array(z.string()).optional(),
  when: z.array(weeklyWindow).min(1),
});

const agent = strict({
  enabled: z.boolean().default(false),
  url: z.url().default("http://127.0.0.1:11434/v1/chat/completions"),
  model: z.string().default("llama3.1"),
  apiKeyEnv: envName.optional(),
  timeoutMs: z.number().int().positive().default(30_000),
  maxTokensPerRun: z.number().int().positive().default(20_000),
  redact: z.array(z.string()).default([]),
});

export const guardrailsSchema = strict({
  version: z.literal(1),
  /** IANA time zone that defines "a day" for the change budget and the windows. */
  timezone: z.string().min(1).refine(isTimeZone, { error: "is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)" }),
  protected: strict({
    /** Hosts never automated at all: no probe-driven change, attended or not. */
    hosts: z.array(name).default([]),
    /** Business-logic surface per host: glob patterns on container and unit names. */
    services: z.record(name, z.array(z.string().min(1))).default({}),
    /** The firewall is not an operations target: these command families are refused everywhere. */
    firewall: z.boolean().default(true),
  }),
  unattended: strict({
    /** Written out so the boundary reads complete; it cannot shrink (invariant 3). */
    forbidden: z.array(forbiddenClass).default([...ALWAYS_FORBIDDEN])
      .refine((list) => ALWAYS_FORBIDDEN.every((c) => list.includes(c)), { error: `must list all of ${ALWAYS_FORBIDDEN.join(", ")}: these are never applied unattended; a change of these classes goes through an attended PR` }),
    maxChangesPerDay: z.number().int().min(0).max(10).default(1),
    windows: z.array(weeklyWindow).default([]),
  }),
  attended: strict({
    windows: z.array(weeklyWindow).default([]),
    /** When a PR is merged outside the attended window, wait for it instead of refusing. */
    waitForWindow: z.boolean().default(true),
    /** Require an approving review by someone other than the person who merged. */
    twoPersonRule: z.boolean().default(false),
  }).default({ windows: [], waitForWindow: true, twoPersonRule: false }),
  busy: z.array(busyPeriod).default([]),
  killSwitch: strict({
    /** Engaged while this file exists at the ops repo's root. */
    file: z.string().min(1).default("STOP"),
    /** Engaged while this environment variable is set to a non-empty value. */
    env: envName.default("ROUNDS_STOP"),
  }).default({ file: "STOP", env: "ROUNDS_STOP" }),
  /** A failure found later than this is evidence for the alerting/paging backlog item. */
  detectionLatencyHours: z.number().positive().default(4),
  /** A change's verification is re-run as a watch item for this many days after it is made. */
  reverifyDays: z.number().int().min(0).default(3),
  /**
   * A backlog item the daily review escalated, whose condition has then been observed absent for
   * reverifyDays days: `auto` marks it done with that evidence, `await-done` says it is ready to close
   * and leaves `/done` to a person.
   */
  closeOnRecovery: z.enum(["auto", "await-done"]).default("auto"),
  /** A rejected idea may be re-proposed when a numeric evidence value moved by more than this factor. */
  materialChangeFactor: z.number().gt(1).default(1.5),
  /**
   * A review's overall time budget, on a real clock from its start: after it no step of a change
   * starts, a verify still waiting fails and its change is rolled back, and the entry says so.
   */
  reviewBudgetMinutes: z.number().int().min(1).max(24 * 60).default(30),
  /** Dead man's switch: no review entry for longer than this is loud, and escalated. */
  freshnessHours: z.number().positive().default(36),
  agent: agent.default({ enabled: false, url: "http://127.0.0.1:11434/v1/chat/completions", model: "llama3.1", timeoutMs: 30_000, maxTokensPerRun: 20_000, redact: [] }),
});

export type Guardrails = z.infer<typeof guardrailsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
