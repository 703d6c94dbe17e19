import type { Effect, EffectKind } from "../effects.ts";
import type { ShellWord } from "./shell-model.ts";

/** What the classifier knows about the step's host and playbook. */
export interface ShellEnv {
  /** Where the step may write: the playbook's declared paths and the change's snapshot directory. */
  writable: string[];
  /** Declared stateless on this host (and on every other name of the same machine). */
  isStateless(service: string): boolean;
  /** Containers and units the inventory declares on this host. */
  known(service: string): boolean;
  /** The process service whose declared pidFile is this path, if any. */
  processFor(pidFile: string): string | undefined;
  /** Classifies SQL (psql -c, here-documents); the SQL classifier behind the parsers port. */
  sql(text: string): Effect[];
  /** Classifies a nested command line (`su -c`, `ssh host 'cmd'`) one level deeper. */
  shell(text: string): Effect[];
}

/** One command being classified: its words (argv[0] first) and where to report. */
export interface Invocation {
  argv: ShellWord[];
  /** The command's text in the step, for findings. */
  text: string;
  /** Whether it reads a pipe or a here-document as standard input. */
  stdin: "terminal" | "pipe" | "file" | { literal: string | undefined };
  env: ShellEnv;
  /** Classifies the command a wrapper runs (`sudo CMD`, `docker exec C CMD`, `find -exec CMD`). */
  inner(argv: ShellWord[]): Effect[];
}

export type Handler = (call: Invocation) => Effect[];

export function effect(call: Pick<Invocation, "text">, kind: EffectKind, rule: string, detail: string, extra: Partial<Effect> = {}): Effect {
  return { effect: kind, rule, detail, command: call.text, ...extra };
}

export function opaque(call: Pick<Invocation, "text">, rule: string, detail: string): Effect {
  return effect(call, "opaque", rule, detail);
}

/** The static value of a word, or undefined. */
export function valueOf(word: ShellWord | undefined): string | undefined {
  return word?.value;
}

/** A command name as it resolves on the host: its basename, when it lives where system programs live. */
export function commandName(word: ShellWord): { name?: string; why?: string } {
  const value = word.value;
  if (value === undefined) return { why: `the command name "${word.text}" is not static (a variable, a substitution or a glob)` };
  if (!value.includes("/")) return { name: value };
  const dir = value.slice(0, value.lastIndexOf("/"));
  const trusted = /^(\/usr)?(\/local)?\/s?bin$|^\/usr\/lib\/postgresql\/\d+\/bin$/.test(dir);
  if (!trusted) return { why: `"${value}" runs a program outside the system's bin directories` };
  return { name: value.slice(value.lastIndexOf("/") + 1) };
}
