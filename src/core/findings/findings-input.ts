import type { OpsConfig } from "../../config/ops-config.ts";
import type { Observation } from "../observations/index.ts";

/**
 * One earlier run's observations, as the history in `state/` gives them back. `reviewed` is false for
 * runs whose findings were not reported (a bare `rounds observe`); it only matters for self-critique,
 * which asks when a failure was first *reported*, not merely seen.
 */
export interface HistoryRun {
  at: string;
  observations: Observation[];
  reviewed?: boolean;
}

/** Earlier runs, any order; findAll sorts them. Empty on a first run. */
export interface FindingsHistory {
  runs: HistoryRun[];
}

/** The result of re-running a change's verify steps today (done by the executor, passed in as data). */
export interface WatchCheck {
  ok: boolean;
  at: string;
  steps: { text: string; ok: boolean; detail?: string }[];
}

/** An open watch item: a change being re-verified, or a condition someone asked to keep an eye on. */
export interface WatchItem {
  id: string;
  /** The fingerprint of what is watched (the finding a change remedied, for a change's watch item). */
  fingerprint: string;
  description: string;
  /** ISO time the item was opened. */
  since: string;
  /** Host of the watched thing; taken from the fingerprint when absent. */
  host?: string;
  /** The playbook whose verification is re-run, for a change's watch item. */
  playbook?: string;
  check?: WatchCheck;
}

export interface FindingsInput {
  now: Date;
  observations: Observation[];
  history: FindingsHistory;
  config: OpsConfig;
  watchItems: WatchItem[];
}
