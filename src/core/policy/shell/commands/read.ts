import type { Effect } from "../../effects.ts";
import { checkRead, checkWrite } from "../paths.ts";
import { effect, type Handler, type Invocation } from "../shell-context.ts";

/**
 * Commands that only look. Each was read option by option: none of their options writes a file,
 * runs a program or changes the system, so any option and any operand is allowed (files that hold
 * secrets excepted). Commands with a writing or setting form have a handler below instead.
 */
const LOOK_ONLY = [
  ":", "[", "basename", "base64", "cat", "cksum", "cmp", "comm", "cut", "df", "diff", "dirname", "du", "echo",
  "egrep", "expand", "false", "fgrep", "file", "fold", "free", "getent", "grep", "groups", "head", "hexdump", "id",
  "jq", "ls", "lsblk", "lsof", "md5sum", "nl", "nproc", "od", "paste", "pgrep", "pidof", "printenv", "printf", "ps",
  "pwd", "readlink", "realpath", "rev", "seq", "sha1sum", "sha256sum", "sha512sum", "sleep", "stat", "strings", "tac",
  "tail", "test", "tr", "true", "uname", "uptime", "w", "wc", "which", "whoami", "who", "zcat", "pg_isready",
  "getconf", "locale", "tty", "cd", "wait", "exit", "return",
];
/** Of those, the ones that never open the files they name (so naming a secret is not reading it). */
const NAMES_ONLY = new Set([":", "[", "basename", "cd", "df", "dirname", "du", "echo", "ls", "printf", "readlink", "realpath", "stat", "test", "which"]);

const look: Handler = (call) => {
  const effects: Effect[] = [];
  for (const word of NAMES_ONLY.has(name(call)) ? [] : call.argv.slice(1)) {
    if (word.value === undefined || !word.value.startsWith("/")) continue;
    const verdict = checkRead(word.value);
    if (!verdict.ok) effects.push(effect(call, verdict.effect, `${name(call)} reads a secret`, verdict.why));
  }
  return effects.length > 0 ? effects : [effect(call, "read", name(call), "looks without changing anything")];
};

function name(call: Invocation): string {
  const v = call.argv[0]?.value ?? "";
  return v.slice(v.lastIndexOf("/") + 1);
}

/** A read-only command unless one of its setting forms is used. */
function lookUnless(setting: (args: string[]) => string | undefined, kind: Effect["effect"] = "server"): Handler {
  return (call) => {
    const args = call.argv.slice(1).map((w) => w.value ?? "");
    const why = setting(args);
    return why ? [effect(call, kind, `${name(call)} (setting form)`, why)] : look(call);
  };
}

/** Writes the file named by the values of these options (or operands), which must be writable. */
function writesTo(call: Invocation, targets: string[], rule: string): Effect[] {
  const effects: Effect[] = [];
  for (const target of targets) {
    const verdict = checkWrite(target, call.env.writable);
    effects.push(verdict.ok ? effect(call, "write", rule, `writes ${target}, inside the declared paths`) : effect(call, verdict.effect, rule, verdict.why));
  }
  return effects;
}

function operandsAfterOptions(args: string[]): string[] {
  const end = args.indexOf("--");
  return end >= 0 ? args.slice(end + 1) : args.filter((a) => !a.startsWith("-"));
}

/**
 * bash's `printf -v NAME` and `test -v NAME` / `-R NAME` take a variable name whose subscript bash
 * evaluates as arithmetic — `printf -v 'a[$(cmd)]' x` runs cmd. Those forms are opaque, and so is
 * any form where an argument that expands could turn out to be such an option at run time.
 */
const printf: Handler = (call) => {
  const first = call.argv[1];
  if (first && (first.value === undefined || first.value.startsWith("-v"))) return [effect(call, "opaque", "printf -v", "the first argument is, or may expand to, -v NAME: bash evaluates the name's subscript as code")];
  return look(call);
};

/** Unary operators of test(1) that read no variable name. */
const UNARY_TESTS = /^-[abcdefgGhkLNOprsStuwxzn]$/;
const BINARY_TESTS = /^(=|==|!=|<|>|-eq|-ne|-lt|-le|-gt|-ge|-nt|-ot|-ef)$/;

const test: Handler = (call) => {
  const args = call.argv.slice(1);
  if (name(call) === "[" && args.at(-1)?.value === "]") args.pop();
  const values = args.map((w) => w.value);
  const opaqueTest = (why: string) => [effect(call, "opaque", `${name(call)} -v`, why)];
  if (values.some((v) => v === "-v" || v === "-R")) return opaqueTest("-v and -R take a variable name, whose subscript bash evaluates as code");
  const fixed = values.every((v) => v !== undefined)
    || values.length === 1
    || (values.length === 2 && UNARY_TESTS.test(values[0] ?? ""))
    || (values.length === 3 && BINARY_TESTS.test(values[1] ?? ""));
  return fixed ? look(call) : opaqueTest("an argument that expands could become -v NAME at run time; only the one-, two- and three-argument forms with a literal operator are in the vocabulary");
};

export const READ_COMMANDS: Record<string, Handler> = {
  ...Object.fromEntries(LOOK_ONLY.map((n) => [n, look])),
  printf,
  test,
  "[": test,
  date: lookUnless((args) => (args.some((a) => a === "-s" || a.startsWith("--set") || /^-[a-zA-Z]*s/.test(a)) || operandsAfterOptions(args).some((a) => !a.startsWith("+")) ? "sets the system clock" : undefined)),
  hostname: lookUnless((args) => (operandsAfterOptions(args).length > 0 || args.some((a) => /^-(F|b|-file|-boot)/.test(a)) ? "sets the host name" : undefined), "network"),
  dmesg: lookUnless((args) => (args.some((a) => /^-[a-zA-Z]*[cCDEn]|^--(clear|read-clear|console-)/.test(a)) ? "clears or reconfigures the kernel log" : undefined)),
  journalctl: lookUnless((args) => (args.some((a) => /^--(vacuum-|rotate|flush|sync|relinquish-var|smart-relinquish-var|setup-keys|update-catalog)/.test(a)) ? "removes or rotates the journal" : undefined)),
  ss: lookUnless((args) => (args.some((a) => /^-[a-zA-Z]*K|^--kill|^-[a-zA-Z]*D|^--diag/.test(a)) ? "kills sockets or writes a dump" : undefined), "network"),
  sort: (call) => {
    const args = call.argv.slice(1).map((w) => w.value ?? "");
    if (args.some((a) => a.startsWith("--compress-program"))) return [effect(call, "opaque", "sort --compress-program", "runs another program")];
    const outputs = args.flatMap((a, i) => (a === "-o" || a === "--output" ? [args[i + 1] ?? ""] : a.startsWith("--output=") ? [a.slice(9)] : /^-o./.test(a) ? [a.slice(2)] : []));
    return outputs.length > 0 ? writesTo(call, outputs, "sort -o") : look(call);
  },
  uniq: (call) => {
    const operands = operandsAfterOptions(call.argv.slice(1).map((w) => w.value ?? ""));
    return operands.length > 1 ? writesTo(call, operands.slice(1), "uniq INPUT OUTPUT") : look(call);
  },
};
