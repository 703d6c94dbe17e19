import { z } from "zod";
import { didYouMean } from "../did-you-mean.ts";

/**
 * A strict object whose unknown-key error names the key and suggests the closest known one.
 * Every object in the ops-repo schemas is built with it: a typo must never be silently ignored.
 */
export function strict<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      return issue.keys.map((key) => `unknown key "${key}"${didYouMean(key, known)}`).join("; ");
    },
  });
}

/** Names an environment variable; rejects values that look like the secret itself. */
export const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, {
    error: "must be the NAME of an environment variable (A-Z, 0-9, _), not the secret itself: secrets never live in the ops repo",
  });

/** `HH:MM`, 24-hour clock, in the guardrails' time zone. */
export const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, { error: "must be a time of day as HH:MM (24-hour)" });

export const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
export type Weekday = z.infer<typeof weekday>;

/** A recurring weekly interval; `end` before `start` means it runs past midnight. */
export const weeklyWindow = strict({
  days: z.array(weekday).min(1).default(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
  start: clockTime,
  end: clockTime,
});
export type WeeklyWindow = z.infer<typeof weeklyWindow>;

/** Host, container, unit and role names: a conservative alphabet that never needs quoting. */
export const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, { error: "must be a plain name (letters, digits, _ . @ -)" });
