import type { Effect } from "../../effects.ts";
import { optionValues, parseOptions, type OptionSpec } from "../options.ts";
import { checkWrite } from "../paths.ts";
import { assignmentProblem } from "../assignments.ts";
import { effect, opaque, type Handler, type Invocation } from "../shell-context.ts";
import type { ShellWord } from "../shell-model.ts";

/**
 * Programs that run another program. Each is unwrapped and the program it runs is classified as
 * if it stood alone, so `sudo -n /sbin/reboot` is a reboot. A wrapper with an option the
 * vocabulary does not know is opaque: the option could change what runs, or as whom.
 */

const DYNAMIC: ShellWord = { text: "{}" };

function wrapper(spec: OptionSpec, rule: string, check?: (call: Invocation, options: Map<string, string[]>) => Effect | undefined): Handler {
  return (call) => {
    const parsed = parseOptions(call.argv.slice(1), { ...spec, stopAtOperand: true });
    if (!parsed.ok) return [opaque(call, `${rule} options`, parsed.reason)];
    const refused = check?.(call, parsed.value.options);
    if (refused) return [refused];
    const inner = parsed.value.operands;
    if (inner.length === 0) return [effect(call, "read", rule, "runs nothing")];
    return call.inner(inner);
  };
}

/** `timeout DURATION CMD`, `nice -n N CMD`: a first operand that is the wrapper's own. */
function wrapperWithOperand(spec: OptionSpec, rule: string): Handler {
  return (call) => {
    const parsed = parseOptions(call.argv.slice(1), { ...spec, stopAtOperand: true });
    if (!parsed.ok) return [opaque(call, `${rule} options`, parsed.reason)];
    const [own, ...inner] = parsed.value.operands;
    if (own?.value === undefined || inner.length === 0) return [opaque(call, rule, "expects a static argument and a command")];
    return call.inner(inner);
  };
}

/** `su -c 'CMD'` and `runuser -l USER -c 'CMD'`: the string is a command line, parsed one level deeper. */
function commandString(rule: string): Handler {
  return (call) => {
    const parsed = parseOptions(call.argv.slice(1), {
      flags: "lmpf",
      valued: "cgGsuw",
      long: { login: "flag", command: "value", "preserve-environment": "flag", group: "value", user: "value", pty: "flag", "whitelist-environment": "value" },
    });
    if (!parsed.ok) return [opaque(call, `${rule} options`, parsed.reason)];
    const p = parsed.value;
    if (optionValues(p, "s").length > 0) return [opaque(call, `${rule} -s`, "runs the command with a shell of its choosing")];
    const strings = optionValues(p, "c", "command");
    if (strings.length === 1) return call.env.shell(strings[0]!);
    // `runuser -u USER -- CMD …` is a plain wrapper.
    const operands = p.operands;
    if (rule === "runuser" && optionValues(p, "u", "user").length > 0 && operands.length > 0) return call.inner(operands);
    return [opaque(call, rule, "opens a shell that reads commands the classifier cannot see")];
  };
}

const env: Handler = (call) => {
  const parsed = parseOptions(call.argv.slice(1), {
    stopAtOperand: true,
    flags: "i0",
    valued: "u",
    long: { "ignore-environment": "flag", unset: "value", null: "flag" },
  });
  if (!parsed.ok) return [opaque(call, "env options", parsed.reason)];
  const words = [...parsed.value.operands];
  while (words[0]?.value?.includes("=") && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].value)) {
    const [name] = words.shift()!.value!.split("=");
    const problem = assignmentProblem(name!);
    if (problem) return [opaque(call, "env NAME=value", problem)];
  }
  if (words.length === 0) return [effect(call, "read", "env", "prints the environment")];
  return call.inner(words);
};

/** `xargs CMD`: CMD runs with arguments read from standard input, which are never static. */
const xargs: Handler = (call) => {
  const parsed = parseOptions(call.argv.slice(1), {
    stopAtOperand: true,
    flags: "0rtx",
    valued: "nILPdsE",
    long: { null: "flag", "no-run-if-empty": "flag", "max-args": "value", "max-procs": "value", delimiter: "value", verbose: "flag" },
  });
  if (!parsed.ok) return [opaque(call, "xargs options", parsed.reason)];
  // -I STR replaces STR anywhere in the command, its name included: what runs is not static.
  if (parsed.value.options.has("I")) return [opaque(call, "xargs -I", "the replacement can change the command itself")];
  const inner = parsed.value.operands.length > 0 ? parsed.value.operands : [{ text: "echo", value: "echo" }];
  return call.inner([...inner, DYNAMIC]);
};

const FIND_TESTS =
  /^-(name|iname|path|ipath|wholename|regex|iregex|type|xtype|mtime|mmin|atime|amin|ctime|cmin|newer|size|perm|user|group|uid|gid|maxdepth|mindepth|links|inum|samefile|fstype|empty|readable|writable|executable|nouser|nogroup|true|false|prune|xdev|mount|depth|follow|daystart|regextype|print|print0|printf|ls|quit|not|a|and|o|or)$/;

/** `find` looks, unless an action changes something: -delete removes, -exec runs a command, -fprint writes. */
const find: Handler = (call) => {
  const args = call.argv.slice(1);
  const start = args.findIndex((w) => w.value === undefined || w.value.startsWith("-") || w.value === "(" || w.value === "!");
  const given = (start < 0 ? args : args.slice(0, start)).map((w) => w.value);
  // With no start path find walks ".", wherever the step happens to be.
  const roots = given.length > 0 ? given : ["."];
  const effects: Effect[] = [effect(call, "read", "find", "lists files")];
  for (let i = start < 0 ? args.length : start; i < args.length; i++) {
    const word = args[i]!.value;
    if (word === undefined) return [opaque(call, "find", "an expression word is not static")];
    if (word === "(" || word === ")" || word === "!" || word === ",") continue;
    if (word === "-delete") {
      for (const root of roots) {
        const verdict = root === undefined ? undefined : checkWrite(root, call.env.writable);
        effects.push(
          verdict?.ok
            ? effect(call, "write", "find -delete", `removes files under ${root}`)
            : effect(call, verdict?.effect ?? "opaque", "find -delete", verdict && !verdict.ok ? verdict.why : "a start path is not static"),
        );
      }
      continue;
    }
    if (/^-(exec|execdir|ok|okdir)$/.test(word)) {
      // -exec ends at ";" — or at "+" only right after "{}" (any other "+" is an argument).
      const end = args.findIndex((w, j) => j > i && (w.value === ";" || (w.value === "+" && args[j - 1]?.value === "{}")));
      if (end < 0) return [opaque(call, "find -exec", "the command has no terminating ; or +")];
      const inner = args.slice(i + 1, end).map((w) => (w.value?.includes("{}") ? DYNAMIC : w));
      effects.push(...call.inner(inner));
      i = end;
      continue;
    }
    if (/^-(fprint|fprint0|fls|fprintf)$/.test(word)) {
      const target = args[++i]?.value;
      const verdict = target === undefined ? undefined : checkWrite(target, call.env.writable);
      effects.push(
        verdict?.ok
          ? effect(call, "write", word, `writes ${target}`)
          : effect(call, verdict?.effect ?? "opaque", `find ${word}`, verdict && !verdict.ok ? verdict.why : "the file is not static"),
      );
      continue;
    }
    if (!FIND_TESTS.test(word)) return [opaque(call, "find", `the primary ${word} is not in the vocabulary`)];
    // Tests that take a value skip it.
    if (
      /^-(name|iname|path|ipath|wholename|regex|iregex|type|xtype|mtime|mmin|atime|amin|ctime|cmin|newer|size|perm|user|group|uid|gid|maxdepth|mindepth|links|inum|samefile|fstype|regextype|printf)$/.test(
        word,
      )
    )
      i++;
  }
  return effects;
};

const SUDO: OptionSpec = {
  flags: "nEHkSPA",
  valued: "ugpCTh",
  long: {
    "non-interactive": "flag",
    "preserve-env": "flag",
    "set-home": "flag",
    user: "value",
    group: "value",
    prompt: "value",
    "close-from": "value",
    "command-timeout": "value",
    stdin: "flag",
  },
};

export const WRAPPER_COMMANDS: Record<string, Handler> = {
  sudo: wrapper(SUDO, "sudo"),
  doas: wrapper({ flags: "n", valued: "uC" }, "doas"),
  nohup: wrapper({}, "nohup"),
  exec: wrapper({}, "exec"),
  command: (call) => {
    const first = call.argv[1]?.value;
    if (first === "-v" || first === "-V") return [effect(call, "read", "command -v", "looks a command up")];
    return wrapper({ flags: "p" }, "command")(call);
  },
  time: wrapper({ flags: "pv" }, "time"),
  setsid: wrapper({ flags: "fw", long: { fork: "flag", wait: "flag" } }, "setsid"),
  stdbuf: wrapper({ valued: "ioe", long: { input: "value", output: "value", error: "value" } }, "stdbuf"),
  nice: wrapper({ numeric: true, valued: "n", long: { adjustment: "value" } }, "nice"),
  ionice: wrapper({ flags: "t", valued: "cn", long: { class: "value", classdata: "value", ignore: "flag" } }, "ionice"),
  timeout: wrapperWithOperand(
    { flags: "v", valued: "sk", long: { signal: "value", "kill-after": "value", "preserve-status": "flag", foreground: "flag", verbose: "flag" } },
    "timeout",
  ),
  busybox: (call) => (call.argv.length > 1 ? call.inner(call.argv.slice(1)) : [effect(call, "read", "busybox", "lists applets")]),
  env,
  xargs,
  find,
  su: commandString("su"),
  runuser: commandString("runuser"),
};
