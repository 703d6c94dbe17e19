import type { Effect } from "../../effects.ts";
import { checkRead, checkWrite } from "../paths.ts";
import { parseOptions, type OptionSpec } from "../options.ts";
import { effect, type Handler, type Invocation } from "../shell-context.ts";

/**
 * Commands that only look. Each was read option by option: none of their options writes a file,
 * runs a program or changes the system, so any option and any operand is allowed (files that hold
 * secrets excepted). Commands with a writing or setting form have a handler below instead.
 */
const LOOK_ONLY = [
  ":",
  "[",
  "basename",
  "base64",
  "cat",
  "cksum",
  "cmp",
  "comm",
  "cut",
  "df",
  "diff",
  "dirname",
  "du",
  "echo",
  "egrep",
  "expand",
  "false",
  "fgrep",
  "file",
  "fold",
  "free",
  "getent",
  "grep",
  "groups",
  "head",
  "hexdump",
  "id",
  "jq",
  "ls",
  "lsblk",
  "lsof",
  "md5sum",
  "nl",
  "nproc",
  "od",
  "paste",
  "pgrep",
  "pidof",
  "printenv",
  "printf",
  "ps",
  "pwd",
  "readlink",
  "realpath",
  "rev",
  "seq",
  "sha1sum",
  "sha256sum",
  "sha512sum",
  "sleep",
  "stat",
  "strings",
  "tac",
  "tail",
  "test",
  "tr",
  "true",
  "uname",
  "uptime",
  "w",
  "wc",
  "which",
  "whoami",
  "who",
  "zcat",
  "getconf",
  "locale",
  "tty",
  "exit",
  "return",
];
/** Of those, the ones that never open the files they name (so naming a secret is not reading it). */
const NAMES_ONLY = new Set([":", "[", "basename", "df", "dirname", "echo", "ls", "printf", "readlink", "realpath", "stat", "test", "which"]);

/** `-r`, `-R` in a bundle, or any prefix of --recursive / --dereference-recursive / --directories=recurse. */
function recursiveRead(call: Invocation): boolean {
  return call.argv.slice(1).some((w) => {
    const v = w.value ?? "";
    if (/^-[a-zA-Z]*[rR]/.test(v) && !v.startsWith("--")) return true;
    const long = /^--([a-z-]+)(=(.*))?$/.exec(v);
    return (
      long !== null &&
      long[1]!.length >= 3 &&
      (["recursive", "dereference-recursive"].some((o) => o.startsWith(long[1]!)) || (long[1] === "directories" && long[3] === "recurse"))
    );
  });
}

const look: Handler = (call) => {
  const effects: Effect[] = [];
  const recursive = recursiveRead(call);
  for (const word of NAMES_ONLY.has(name(call)) ? [] : call.argv.slice(1)) {
    // A file name that expands could name a secret (`cat $f`, `cat /etc/shado?`): not static, not read.
    if (word.value === undefined) return [effect(call, "opaque", name(call), `${word.text} expands: which file it opens cannot be checked`)];
    // Each argument, and a value attached to an option (`-f/etc/shadow`, `--file=…`), may name a file.
    const attached = /^--?[A-Za-z0-9-]*=?(\/.*)$/.exec(word.value)?.[1];
    const verdict = checkRead(attached ?? word.value, { recursive });
    if (!verdict.ok) effects.push(effect(call, verdict.effect, `${name(call)} reads a secret`, verdict.why));
  }
  return effects.length > 0 ? effects : [effect(call, "read", name(call), "looks without changing anything")];
};

function name(call: Invocation): string {
  const v = call.argv[0]?.value ?? "";
  return v.slice(v.lastIndexOf("/") + 1);
}

/**
 * A command that only looks when its options come from this allow-list, spelled in full: GNU
 * getopt accepts any unambiguous prefix (`date --se=@0` is `--set`), so a deny-list of setting
 * forms loses; an option not listed — or a word that expands and could be one — is opaque.
 */
function looksWith(
  spec: OptionSpec,
  operands: (args: string[]) => string | undefined = () => undefined,
  setting?: { pattern: RegExp; kind: Effect["effect"]; why: string },
): Handler {
  return (call) => {
    // Its setting forms, abbreviations included, are named for what they do; the rest is opaque.
    if (setting && call.argv.slice(1).some((w) => w.value !== undefined && setting.pattern.test(w.value)))
      return [effect(call, setting.kind, `${name(call)} (setting form)`, setting.why)];
    const parsed = parseOptions(call.argv.slice(1), spec);
    if (!parsed.ok)
      return [effect(call, "opaque", `${name(call)} options`, `${parsed.reason}: only the reading options of ${name(call)} are in the vocabulary`)];
    const why = operands(parsed.value.operands.map((w) => w.value ?? ""));
    return why ? [effect(call, "opaque", name(call), why)] : look(call);
  };
}

const SORT: OptionSpec = {
  flags: "bdfgiMhnRrVcCmsuz",
  valued: "ktoS",
  long: {
    reverse: "flag",
    "numeric-sort": "flag",
    unique: "flag",
    key: "value",
    "field-separator": "value",
    "human-numeric-sort": "flag",
    "ignore-case": "flag",
    "version-sort": "flag",
    "general-numeric-sort": "flag",
    "month-sort": "flag",
    stable: "flag",
    "zero-terminated": "flag",
    check: "flag",
    merge: "flag",
    "buffer-size": "value",
    "ignore-leading-blanks": "flag",
    "dictionary-order": "flag",
    "random-sort": "flag",
    "ignore-nonprinting": "flag",
    output: "value",
  },
};

/** Writes the file named by the values of these options (or operands), which must be writable. */
function writesTo(call: Invocation, targets: string[], rule: string): Effect[] {
  const effects: Effect[] = [];
  for (const target of targets) {
    const verdict = checkWrite(target, call.env.writable);
    effects.push(verdict.ok ? effect(call, "write", rule, `writes ${target}, inside the declared paths`) : effect(call, verdict.effect, rule, verdict.why));
  }
  return effects;
}

/**
 * bash's `printf -v NAME` and `test -v NAME` / `-R NAME` take a variable name whose subscript bash
 * evaluates as arithmetic — `printf -v 'a[$(cmd)]' x` runs cmd. Those forms are opaque, and so is
 * any form where an argument that expands could turn out to be such an option at run time.
 */
const printf: Handler = (call) => {
  const first = call.argv[1];
  if (first && (first.value === undefined || first.value.startsWith("-v")))
    return [effect(call, "opaque", "printf -v", "the first argument is, or may expand to, -v NAME: bash evaluates the name's subscript as code")];
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
  const fixed =
    values.every((v) => v !== undefined) ||
    values.length === 1 ||
    (values.length === 2 && UNARY_TESTS.test(values[0] ?? "")) ||
    (values.length === 3 && BINARY_TESTS.test(values[1] ?? ""));
  return fixed
    ? look(call)
    : opaqueTest(
        "an argument that expands could become -v NAME at run time; only the one-, two- and three-argument forms with a literal operator are in the vocabulary",
      );
};

export const READ_COMMANDS: Record<string, Handler> = {
  ...Object.fromEntries(LOOK_ONLY.map((n) => [n, look])),
  printf,
  test,
  // cd changes what every relative path after it means: only into the step's own writable places.
  cd: (call) => {
    const target = call.argv[1]?.value;
    const inside = target !== undefined && call.argv.length === 2 && call.env.writable.some((root) => checkWrite(target, [root]).ok);
    return inside
      ? [effect(call, "read", "cd", `works in ${target}, inside the declared paths`)]
      : [
          effect(
            call,
            "opaque",
            "cd",
            "changes the directory relative paths are read from and written to: only a static path inside the declared paths is in the vocabulary",
          ),
        ];
  },
  // wait -p NAME unsets NAME (PATH, too): only plain wait.
  wait: (call) =>
    call.argv.length === 1 || call.argv.slice(1).every((w) => /^\d+$/.test(w.value ?? ""))
      ? look(call)
      : [effect(call, "opaque", "wait", "only `wait` and `wait PID…` are in the vocabulary")],
  // diff -r prints every differing file of two trees: a tree that holds secrets is a secret read.
  diff: (call) => {
    const args = call.argv.slice(1).map((w) => w.value);
    if (!args.some((a) => a !== undefined && /^(-[a-zA-Z]*[rR]|--recursive$)/.test(a))) return look(call);
    const found = args.flatMap((a) => (a === undefined || a.startsWith("-") ? [] : [checkRead(a, { recursive: true })])).find((v) => !v.ok);
    return found && !found.ok ? [effect(call, found.effect, "diff -r reads a secret", found.why)] : look(call);
  },
  "[": test,
  date: looksWith(
    { flags: "uRI", valued: "d", long: { utc: "flag", universal: "flag", "rfc-email": "flag", date: "value", "iso-8601": "flag" } },
    (args) => (args.some((a) => !a.startsWith("+")) ? "an operand that is not +FORMAT sets the clock" : undefined),
    { pattern: /^(-[a-zA-Z]*s|--se)/, kind: "server", why: "sets the system clock" },
  ),
  hostname: looksWith(
    {
      flags: "sfdiIAa",
      long: { short: "flag", fqdn: "flag", long: "flag", domain: "flag", "ip-address": "flag", "all-ip-addresses": "flag", "all-fqdns": "flag", alias: "flag" },
    },
    (args) => (args.length > 0 ? "an operand sets the host name" : undefined),
    { pattern: /^(?!-)|^--fi|^-[a-zA-Z]*[Fb]/, kind: "network", why: "sets the host name" },
  ),
  dmesg: looksWith(
    {
      flags: "THLkuxrtde",
      valued: "lf",
      long: {
        ctime: "flag",
        human: "flag",
        kernel: "flag",
        userspace: "flag",
        decode: "flag",
        raw: "flag",
        notime: "flag",
        "show-delta": "flag",
        reltime: "flag",
        level: "value",
        facility: "value",
        since: "value",
        until: "value",
      },
    },
    undefined,
    { pattern: /^(-[a-zA-Z]*[cCDEn]|--(cl|rea|con))/, kind: "server", why: "clears or reconfigures the kernel log" },
  ),
  journalctl: looksWith(
    {
      flags: "eaqkrxm",
      valued: "unpSUobtg",
      long: {
        unit: "value",
        lines: "value",
        priority: "value",
        since: "value",
        until: "value",
        output: "value",
        boot: "value",
        identifier: "value",
        grep: "value",
        "no-pager": "flag",
        "pager-end": "flag",
        reverse: "flag",
        all: "flag",
        quiet: "flag",
        utc: "flag",
        catalog: "flag",
        system: "flag",
        dmesg: "flag",
        "no-hostname": "flag",
        merge: "flag",
        "list-boots": "flag",
        "disk-usage": "flag",
      },
    },
    undefined,
    { pattern: /^--(vac|rot|flu|sy|rel|sm|setup|upd|cursor-f)/, kind: "server", why: "removes, rotates or writes journal files" },
  ),
  ss: looksWith(
    {
      flags: "tulpnaHe46xwiosmZ",
      long: {
        tcp: "flag",
        udp: "flag",
        listening: "flag",
        processes: "flag",
        numeric: "flag",
        all: "flag",
        "no-header": "flag",
        extended: "flag",
        ipv4: "flag",
        ipv6: "flag",
        unix: "flag",
        raw: "flag",
        info: "flag",
        summary: "flag",
        options: "flag",
        memory: "flag",
      },
    },
    undefined,
    { pattern: /^(-[a-zA-Z]*[KD]|--(ki|di))/, kind: "network", why: "kills sockets or writes a dump" },
  ),
  file: looksWith({
    flags: "bhiLkNrsz0E",
    long: {
      brief: "flag",
      mime: "flag",
      "mime-type": "flag",
      "mime-encoding": "flag",
      dereference: "flag",
      "no-dereference": "flag",
      "keep-going": "flag",
      raw: "flag",
      "special-files": "flag",
      uncompress: "flag",
      print0: "flag",
    },
  }),
  getent: looksWith({}, (args) => (/^g?shadow$/.test(args[0] ?? "") ? "getent shadow prints password hashes" : undefined)),
  sort: (call) => {
    const parsed = parseOptions(call.argv.slice(1), SORT);
    if (!parsed.ok) return [effect(call, "opaque", "sort options", `${parsed.reason}: only sort's ordering options are in the vocabulary`)];
    const outputs = [...(parsed.value.options.get("o") ?? []), ...(parsed.value.options.get("output") ?? [])];
    return outputs.length > 0 ? writesTo(call, outputs, "sort -o") : look(call);
  },
  uniq: (call) => {
    const parsed = parseOptions(call.argv.slice(1), {
      flags: "cdDiuz",
      valued: "fsw",
      long: {
        count: "flag",
        repeated: "flag",
        "ignore-case": "flag",
        unique: "flag",
        "zero-terminated": "flag",
        "skip-fields": "value",
        "skip-chars": "value",
        "check-chars": "value",
      },
    });
    if (!parsed.ok) return [effect(call, "opaque", "uniq options", parsed.reason)];
    // INPUT OUTPUT: "-" is standard input, and still an operand.
    const operands = parsed.value.operands.map((w) => w.value ?? "");
    return operands.length > 1 ? writesTo(call, operands.slice(1), "uniq INPUT OUTPUT") : look(call);
  },
};
