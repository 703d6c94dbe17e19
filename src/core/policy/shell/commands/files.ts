import type { Effect } from "../../effects.ts";
import { parseOptions, optionValues, type OptionSpec, type ParsedOptions } from "../options.ts";
import { checkRead, checkWrite } from "../paths.ts";
import { isSimpleSedScript } from "../sed-script.ts";
import { effect, opaque, type Handler, type Invocation } from "../shell-context.ts";

/**
 * Commands that create, change or remove files. Every path operand they change must lie inside
 * the playbook's declared paths; sources they only read may be anywhere but a secret.
 */

function base(call: Invocation): string {
  const v = call.argv[0]!.value!;
  return v.slice(v.lastIndexOf("/") + 1);
}

function withOptions(spec: OptionSpec, then: (call: Invocation, parsed: ParsedOptions) => Effect[]): Handler {
  return (call) => {
    const parsed = parseOptions(call.argv.slice(1), spec);
    if (!parsed.ok) return [opaque(call, `${base(call)} options`, parsed.reason)];
    return then(call, parsed.value);
  };
}

function writes(call: Invocation, paths: (string | undefined)[], rule: string): Effect[] {
  if (paths.length === 0) return [opaque(call, rule, "names no file")];
  return paths.map((path) => {
    if (path === undefined) return opaque(call, rule, "a path is not static: what it changes cannot be checked");
    const verdict = checkWrite(path, call.env.writable);
    return verdict.ok ? effect(call, "write", rule, `changes ${path}, inside the declared paths`) : effect(call, verdict.effect, rule, verdict.why);
  });
}

function reads(call: Invocation, paths: (string | undefined)[], rule: string, recursive = false): Effect[] {
  return paths.flatMap((path) => {
    if (path === undefined) return [opaque(call, rule, "a source path is not static")];
    const verdict = checkRead(path, { recursive });
    return verdict.ok ? [] : [effect(call, verdict.effect, rule, verdict.why)];
  });
}

const values = (parsed: ParsedOptions) => parsed.operands.map((w) => w.value);

/** A set-user-id or set-group-id mode, or a new owner or group: a privilege, wherever the file is. */
function setuid(call: Invocation, parsed: ParsedOptions): Effect[] {
  const modes = optionValues(parsed, "m", "mode");
  const owner = optionValues(parsed, "o", "g", "owner", "group");
  if (modes.some(grantsSetId) || owner.length > 0)
    return [effect(call, "privilege", `${base(call)} mode/owner`, "sets a set-id mode or an owner: a file that runs with someone else's rights")];
  return [];
}

/** 4755, 2755, u+s, g+s, +s, =s… */
function grantsSetId(mode: string): boolean {
  if (/^[0-7]+$/.test(mode)) return mode.length >= 4 && /[2-7]/.test(mode[mode.length - 4]!);
  return /s/.test(mode.replace(/^[^+=]*/, ""));
}

/** `cp`/`mv`/`ln`/`install`: the last operand (or `-t DIR`) is written; `mv` also removes its sources. */
function copyLike(spec: OptionSpec, sourcesChange: boolean): Handler {
  return withOptions(spec, (call, parsed) => {
    const operands = values(parsed);
    const targetDir = optionValues(parsed, "t", "target-directory");
    const [sources, targets] = targetDir.length > 0 ? [operands, targetDir] : [operands.slice(0, -1), operands.slice(-1)];
    if (sources.length === 0) return [opaque(call, base(call), "needs a source and a destination")];
    const rule = base(call);
    const recursive = ["a", "r", "R", "archive", "recursive"].some((o) => parsed.options.has(o));
    // A copy that keeps links, device nodes or set-id modes (-a, -d, -P, -p) of files from outside
    // the declared paths plants them inside: a link to /, a node for the disk, a setuid shell.
    const keeps = ["a", "d", "P", "p", "archive"].some((o) => parsed.options.has(o));
    if (keeps && sources.some((s) => s === undefined || !call.env.writable.some((root) => checkWrite(s, [root]).ok))) {
      return [opaque(call, `${base(call)} -a/-d/-P/-p`, "keeps links, devices or modes of files from outside the declared paths")];
    }
    // install -d: every operand is a directory it creates (and chmods).
    if (base(call) === "install" && (parsed.options.has("d") || parsed.options.has("directory")))
      return [...writes(call, operands, "install -d"), ...setuid(call, parsed)];
    return [...writes(call, targets, rule), ...(sourcesChange ? writes(call, sources, rule) : reads(call, sources, rule, recursive)), ...setuid(call, parsed)];
  });
}

const COMMON = { verbose: "flag", help: "flag" } as const;

export const FILE_COMMANDS: Record<string, Handler> = {
  rm: withOptions(
    { flags: "rfiIdRv", long: { ...COMMON, recursive: "flag", force: "flag", dir: "flag", "one-file-system": "flag", "preserve-root": "flag" } },
    (call, parsed) => writes(call, values(parsed), "rm"),
  ),
  rmdir: withOptions({ flags: "pv", long: { ...COMMON, parents: "flag", "ignore-fail-on-non-empty": "flag" } }, (call, parsed) =>
    writes(call, values(parsed), "rmdir"),
  ),
  mkdir: withOptions({ flags: "pv", valued: "m", long: { ...COMMON, parents: "flag", mode: "value" } }, (call, parsed) =>
    writes(call, values(parsed), "mkdir"),
  ),
  touch: withOptions({ flags: "acm", valued: "dt", long: { ...COMMON, "no-create": "flag", date: "value" } }, (call, parsed) =>
    writes(call, values(parsed), "touch"),
  ),
  truncate: withOptions({ flags: "co", valued: "sr", long: { ...COMMON, size: "value", "no-create": "flag" } }, (call, parsed) =>
    writes(call, values(parsed), "truncate"),
  ),
  shred: withOptions(
    { flags: "fuvxz", valued: "ns", long: { ...COMMON, force: "flag", remove: "flag", zero: "flag", iterations: "value", size: "value" } },
    (call, parsed) => writes(call, values(parsed), "shred"),
  ),
  chmod: withOptions({ flags: "Rvfc", long: { ...COMMON, recursive: "flag", changes: "flag", silent: "flag" } }, (call, parsed) => [
    ...writes(call, values(parsed).slice(1), "chmod"),
    ...(grantsSetId(values(parsed)[0] ?? "") ? [effect(call, "privilege", "chmod set-id", "sets a set-user-id or set-group-id mode")] : []),
  ]),
  chown: withOptions({ flags: "RvfchHLP", long: { ...COMMON, recursive: "flag", changes: "flag", silent: "flag", "no-dereference": "flag" } }, (call, parsed) =>
    writes(call, values(parsed).slice(1), "chown"),
  ),
  chgrp: withOptions({ flags: "RvfchHLP", long: { ...COMMON, recursive: "flag", changes: "flag", silent: "flag" } }, (call, parsed) =>
    writes(call, values(parsed).slice(1), "chgrp"),
  ),
  tee: withOptions({ flags: "aip", long: { ...COMMON, append: "flag", "ignore-interrupts": "flag" } }, (call, parsed) => writes(call, values(parsed), "tee")),
  // No -l / -s: a link made inside the declared paths points at a file outside them.
  // No --preserve (its value is optional: `--preserve -t DIR` keeps -t an option) and no --parents
  // (it joins DEST with the source path, `..` included).
  cp: copyLike(
    {
      flags: "aRrfpPdLnuvxTbH",
      valued: "tS",
      long: {
        ...COMMON,
        archive: "flag",
        recursive: "flag",
        force: "flag",
        "no-clobber": "flag",
        "target-directory": "value",
        "no-target-directory": "flag",
        "remove-destination": "flag",
        update: "flag",
      },
    },
    false,
  ),
  mv: copyLike(
    {
      flags: "fnuvTbi",
      valued: "tS",
      long: { ...COMMON, force: "flag", "no-clobber": "flag", "target-directory": "value", "no-target-directory": "flag", update: "flag" },
    },
    true,
  ),
  // A link is written where it is made, and a write through it lands where it points: both are checked.
  ln: copyLike(
    {
      flags: "sfnvTrbLP",
      valued: "tS",
      long: { ...COMMON, symbolic: "flag", force: "flag", "no-dereference": "flag", "target-directory": "value", relative: "flag" },
    },
    true,
  ),
  install: copyLike(
    { flags: "cdDpsvCb", valued: "mogtS", long: { ...COMMON, mode: "value", owner: "value", group: "value", "target-directory": "value", directory: "flag" } },
    false,
  ),
  sed: withOptions(
    {
      flags: "nEriszu",
      valued: "ef",
      long: {
        ...COMMON,
        quiet: "flag",
        silent: "flag",
        "regexp-extended": "flag",
        expression: "value",
        "in-place": "flag",
        separate: "flag",
        "null-data": "flag",
      },
    },
    (call, parsed) => {
      if (optionValues(parsed, "f").length > 0) return [opaque(call, "sed -f", "reads its script from a file the classifier cannot see")];
      const scripts = optionValues(parsed, "e", "expression");
      const operands = values(parsed);
      if (scripts.length === 0) scripts.push(operands.shift() ?? "");
      for (const script of scripts)
        if (!isSimpleSedScript(script))
          return [opaque(call, "sed script", `the script ${JSON.stringify(script)} is outside the simple forms (Na/Ni/Nc text, /re/d, s/re/text/[gpI])`)];
      const inPlace = parsed.options.has("i") || parsed.options.has("in-place");
      if (!inPlace) return [effect(call, "read", "sed", "prints an edited copy"), ...reads(call, operands, "sed")];
      return writes(call, operands, "sed -i");
    },
  ),
  // No -P: it extracts members at their absolute paths, whatever -C says.
  tar: withOptions(
    {
      flags: "cxtzjJvpk",
      valued: "fC",
      long: {
        ...COMMON,
        create: "flag",
        extract: "flag",
        list: "flag",
        gzip: "flag",
        file: "value",
        directory: "value",
        "numeric-owner": "flag",
        "same-owner": "flag",
      },
    },
    (call, parsed) => {
      const mode = ["c", "create", "x", "extract", "t", "list"].filter((m) => parsed.options.has(m));
      const archive = optionValues(parsed, "f", "file");
      if (mode.length !== 1 || archive.length !== 1) return [opaque(call, "tar", "give exactly one of -c, -x, -t and one -f ARCHIVE")];
      // tar reads HOST:FILE as an archive on another machine (rmt).
      if (/^[^/]*:/.test(archive[0]!)) return [opaque(call, "tar -f", `${archive[0]} is an archive on another host`)];
      const dirs = optionValues(parsed, "C", "directory");
      const m = mode[0]![0];
      if (m === "t") return [effect(call, "read", "tar -t", "lists an archive"), ...reads(call, archive, "tar")];
      if (m === "c") {
        // Members are read relative to -C (or to wherever the step is, which the classifier does not know).
        const sources = values(parsed).map((v) => (v === undefined || v.startsWith("/") ? v : dirs.length === 1 ? `${dirs[0]}/${v}` : undefined));
        return [...writes(call, archive, "tar -c"), ...reads(call, sources, "tar -c", true)];
      }
      // An archive's members can be links out of -C, device nodes or set-id files: what it plants is not static.
      return [opaque(call, "tar -x", "what an archive extracts (links, devices, set-id files) cannot be checked")];
    },
  ),
  rsync: withOptions(
    { flags: "avrlptgoDzhnc", long: { ...COMMON, archive: "flag", delete: "flag", "dry-run": "flag", checksum: "flag", recursive: "flag" } },
    (call, parsed) => {
      const operands = values(parsed);
      if (operands.some((o) => o === undefined || /^[^/]*:/.test(o)))
        return [opaque(call, "rsync", "copies to or from another host, or a path that is not static")];
      if (operands.length < 2) return [opaque(call, "rsync", "needs a source and a destination")];
      const keeps = ["a", "l", "p", "o", "g", "D", "archive"].some((o) => parsed.options.has(o));
      if (keeps && operands.slice(0, -1).some((s) => !call.env.writable.some((root) => checkWrite(s!, [root]).ok)))
        return [opaque(call, "rsync -a", "keeps links, devices or modes of files from outside the declared paths")];
      return [
        ...writes(call, operands.slice(-1), parsed.options.has("delete") ? "rsync --delete" : "rsync"),
        ...reads(call, operands.slice(0, -1), "rsync", true),
      ];
    },
  ),
  dd: (call) => [effect(call, "destructive", "dd", "copies raw blocks: dd is never part of an unattended change")],
};
