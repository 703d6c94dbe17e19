import { z } from "zod";
import type { Observation } from "../observations/index.ts";

/**
 * One run as kept in `state/observations/YYYY-MM-DD.json`: the run's observations, compacted. The
 * shape is the findings' `HistoryRun` (`at`, `observations`, `reviewed`), so yesterday's run is
 * judged by today's rules exactly as today's run is.
 */
export interface HistoryRecord {
  version: 1;
  /** The run's day in the guardrails' time zone: the file name. */
  day: string;
  /** ISO time of the run. */
  at: string;
  /** True when a review reported this run's findings; false for a bare `rounds observe --record`. */
  reviewed: boolean;
  observations: Observation[];
}

export const DAY = /^\d{4}-\d{2}-\d{2}$/;
const QUERY_CHARS = 120;

/**
 * Drops what is only useful on the day it was seen (output samples, response bodies, the text of
 * long-running queries beyond a prefix), so a year of history stays small; every number and name
 * the rules and forecasts read is kept.
 */
export function compactRun(observations: readonly Observation[], run: { day: string; at: string; reviewed: boolean }): HistoryRecord {
  return { version: 1, day: run.day, at: run.at, reviewed: run.reviewed, observations: observations.map(compactObservation) };
}

function compactObservation(o: Observation): Observation {
  switch (o.kind) {
    case "fault": {
      const { sample: _sample, ...fault } = o.fault;
      return { ...o, fault };
    }
    case "check": {
      if (o.result.type !== "http") return o;
      const { bodySample: _body, ...result } = o.result;
      return { ...o, result };
    }
    case "postgres":
      return { ...o, facts: { ...o.facts, longTransactions: o.facts.longTransactions.map((t) => ({ ...t, query: t.query.slice(0, QUERY_CHARS) })) } };
    default:
      return o;
  }
}

const observationShape = z.looseObject({
  kind: z.enum(["host", "prometheus", "postgres", "check", "fault"]),
  at: z.string(),
  host: z.string(),
});

/** What a history file must hold to be read back; a hand-edited or truncated file fails here, by name. */
export const historyRecordSchema = z.object({
  version: z.literal(1),
  day: z.string().regex(DAY),
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: "must be an ISO-8601 time" }),
  reviewed: z.boolean(),
  observations: z.array(observationShape),
});

/**
 * A re-run on the same day replaces the day's record, except that an unreviewed run never replaces
 * a reviewed one: the reviewed record is what self-critique reads as "already reported".
 */
export function replacesRecord(existing: Pick<HistoryRecord, "reviewed"> | undefined, incoming: Pick<HistoryRecord, "reviewed">): boolean {
  return !existing || incoming.reviewed || !existing.reviewed;
}
