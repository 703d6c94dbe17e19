import type { Effect } from "../effects.ts";
import type { Parsers } from "../parsers.ts";
import { assignmentProblem } from "./assignments.ts";
import { FILE_COMMANDS } from "./commands/files.ts";
import { fixedEffect } from "./commands/fixed.ts";
import { NETWORK_COMMANDS } from "./commands/network.ts";
import { POSTGRES_COMMANDS } from "./commands/postgres.ts";
import { READ_COMMANDS } from "./commands/read.ts";
import { SERVICE_COMMANDS } from "./commands/services.ts";
import { VALIDATE_COMMANDS } from "./commands/validate.ts";
import { WRAPPER_COMMANDS } from "./commands/wrappers.ts";
import { checkRead, checkWrite } from "./paths.ts";
import { commandName, effect, opaque, type Handler, type Invocation, type ShellEnv } from "./shell-context.ts";
import type { ShellCommand, ShellRedirect, ShellWord } from "./shell-model.ts";

/**
 * The vocabulary: every command Rounds understands, by name. A command that is not here is
 * opaque, whatever it is called; a command that is here is classified by its handler, which
 * checks every argument that names something. Grown by review of this project, never by an ops repo.
 */
export const VOCABULARY: Record<string, Handler> = {
  ...READ_COMMANDS,
  ...FILE_COMMANDS,
  ...SERVICE_COMMANDS,
  ...NETWORK_COMMANDS,
  ...POSTGRES_COMMANDS,
  ...VALIDATE_COMMANDS,
  ...WRAPPER_COMMANDS,
};

/** Nested command lines (`su -c`, `ssh host 'cmd'`, wrappers of wrappers) deeper than this are opaque. */
const MAX_DEPTH = 6;

/**
 * Classifies a shell step: parses it with the real shell parser (through the port), then walks
 * every simple command — in lists, pipelines, subshells, groups, loops and substitutions — and
 * every redirection. Pure, and closed on failure: a step it cannot parse is one opaque effect.
 */
export function classifyShell(source: string, env: Omit<ShellEnv, "shell">, parsers: Pick<Parsers, "shell">, depth = 0): Effect[] {
  const whole = { text: source };
  if (depth > MAX_DEPTH) return [opaque(whole, "nesting", `command lines nested more than ${MAX_DEPTH} deep`)];
  let script;
  try {
    script = parsers.shell(source);
  } catch (error) {
    return [opaque(whole, "shell parse", `the shell parser rejects the step: ${(error as Error).message}`)];
  }
  const full: ShellEnv = { ...env, shell: (text) => classifyShell(text, env, parsers, depth + 1) };
  const effects: Effect[] = script.constructs.map((c) => opaque({ text: c.text }, "construct", `${c.kind} is outside what the classifier models`));
  for (const command of script.commands) {
    try {
      effects.push(...classifyCommand(command, full, depth));
    } catch (error) {
      // A handler that breaks on an input it did not expect refuses it (fail closed), with the reason.
      effects.push(opaque({ text: command.text }, "classifier error", `the classifier failed on this command: ${(error as Error).message}`));
    }
  }
  if (effects.length === 0) effects.push(effect(whole, "read", "empty", "runs nothing"));
  return effects;
}

function classifyCommand(command: ShellCommand, env: ShellEnv, depth: number): Effect[] {
  const text = command.text;
  const effects: Effect[] = [];
  for (const { name } of command.assigns) {
    const problem = assignmentProblem(name);
    if (problem) effects.push(opaque({ text }, "assignment", problem));
  }
  effects.push(...command.redirects.flatMap((r) => classifyRedirect(r, text, env)));
  if (command.args.length === 0) return effects.length > 0 ? effects : [effect({ text }, "read", "assignment", "sets a script variable")];
  // Standard input is what the last redirection of fd 0 gives (`<<< a <<< b` reads b); two are doubtful.
  const inputs = command.redirects.filter((r) => (r.fd === undefined || r.fd === "0") && (r.op === "<" || r.op === "<<" || r.op === "<<-" || r.op === "<<<"));
  if (inputs.length > 1) return [...effects, opaque({ text }, "standard input", "more than one redirection of standard input")];
  const heredoc = inputs.find((r) => r.heredoc || r.op === "<<<");
  const piped = command.pipedFrom ? printed(command.pipedFrom) : undefined;
  const stdin: Invocation["stdin"] = heredoc
    ? { literal: heredoc.heredoc ? heredoc.heredoc.value : heredoc.target.value }
    : command.redirects.some((r) => r.op === "<")
      ? "file"
      : piped !== undefined
        ? { literal: piped }
        : command.piped
          ? "pipe"
          : "terminal";
  return [...effects, ...invoke(command.args, text, stdin, env, depth)];
}

function invoke(argv: ShellWord[], text: string, stdin: Invocation["stdin"], env: ShellEnv, depth: number): Effect[] {
  if (depth > MAX_DEPTH) return [opaque({ text }, "nesting", `wrappers nested more than ${MAX_DEPTH} deep`)];
  if (argv.length === 0) return [opaque({ text }, "no command", "a wrapper with no command to run")];
  const { name, why } = commandName(argv[0]!);
  if (name === undefined) return [opaque({ text }, "command position", why!)];
  const handler = VOCABULARY[name] ?? fixedEffect(name) ?? (name === "set" ? shellOptions : undefined);
  if (!handler) return [opaque({ text }, "unknown command", `${name} is not in the vocabulary of known effects`)];
  const call: Invocation = {
    argv: [{ ...argv[0]!, value: name }, ...argv.slice(1)],
    text,
    stdin,
    env,
    inner: (inner) => invoke(inner, text, stdin, env, depth + 1),
  };
  const found = handler(call);
  return found.length > 0 ? found : [opaque({ text }, name, "the handler found no effect (a bug: refused)")];
}

/**
 * What a pipe's producer writes, when it is a plain `echo` or a `printf` of one literal with no
 * format directive or escape: the reader (psql) then gets static text. Anything else: undefined.
 */
function printed(producer: ShellWord[]): string | undefined {
  const words = producer.map((w) => w.value);
  if (words.some((w) => w === undefined)) return undefined;
  const [name, ...rest] = words as string[];
  const base = name!.slice(name!.lastIndexOf("/") + 1);
  if (base === "echo" && !rest.some((w) => /^-[neE]+$/.test(w))) return rest.join(" ");
  if (base === "printf" && rest.length === 1 && !/[%\\]/.test(rest[0]!)) return rest[0];
  return undefined;
}

/** `set -euo pipefail` and friends change only how this script fails. */
const shellOptions: Handler = (call) => {
  const words = call.argv.slice(1).map((w) => w.value ?? "");
  let ok = words.length > 0;
  for (let i = 0; i < words.length && ok; i++) {
    if (/^[-+][eux]+$/.test(words[i]!)) continue;
    ok = /^[-+][eux]*o$/.test(words[i]!) && /^(pipefail|errexit|nounset|xtrace)$/.test(words[++i] ?? "");
  }
  return [
    ok
      ? effect(call, "read", "set", "sets the script's own error handling")
      : opaque(call, "set", "only set -e, -u, -x and -o pipefail/errexit/nounset/xtrace are in the vocabulary"),
  ];
};

function classifyRedirect(redirect: ShellRedirect, text: string, env: ShellEnv): Effect[] {
  const call = { text };
  const { op, target } = redirect;
  // bash opens /dev/tcp/HOST/PORT and /dev/udp/… itself, for reading or writing: a connection.
  if (target.value !== undefined && /^\/dev\/(tcp|udp)\//.test(target.value))
    return [effect(call, "network", `redirection ${op}`, `${target.value} opens a network connection`, { reaches: target.value.split("/")[3] ?? "" })];
  if (target.value === undefined && /\/dev\/(tcp|udp)/.test(target.text)) return [opaque(call, `redirection ${op}`, "a network redirection that expands")];
  // Reopening fd 1 or 2 (or another) from a file, or read-write opens: /dev/stdout then writes there.
  if ((op === "<" && redirect.fd !== undefined && redirect.fd !== "0") || op === "<>")
    return [opaque(call, `redirection ${redirect.fd ?? ""}${op}`, "opens a file on an output descriptor, or for reading and writing")];
  if (op === "<<" || op === "<<-" || op === "<<<") return [];
  if (op === "<") {
    if (target.value === undefined) return [opaque(call, "redirection <", `the file "${target.text}" is not static`)];
    const verdict = checkRead(target.value);
    return verdict.ok ? [] : [effect(call, verdict.effect, "redirection <", verdict.why)];
  }
  if ((op === ">&" || op === "<&") && target.value !== undefined && /^(\d+|-)$/.test(target.value)) return [];
  if (target.value === undefined) return [opaque(call, `redirection ${op}`, `the target "${target.text}" is not static`)];
  const verdict = checkWrite(target.value, env.writable);
  return [verdict.ok ? effect(call, "write", `redirection ${op}`, `writes ${target.value}`) : effect(call, verdict.effect, `redirection ${op}`, verdict.why)];
}
