import type { ShellWord } from "./shell-model.ts";

/**
 * The options a command accepts, as an allow-list: an option not listed here makes the command
 * opaque, because an unknown option may change what the command does (`sort --compress-program`).
 */
export interface OptionSpec {
  /** Short options without a value, e.g. "fsS". */
  flags?: string;
  /** Short options that take a value, e.g. "Xo". */
  valued?: string;
  /** Long options (without the dashes) and whether they take a value. */
  long?: Record<string, "flag" | "value">;
  /** Options end at the first operand (wrappers: what follows is the inner command). */
  stopAtOperand?: boolean;
  /** A lone number option such as `-9` or `-15` (kill, nice). */
  numeric?: boolean;
  /** Operands may expand (`test "$(…)" = true`): only for commands no option of which writes or runs anything. */
  dynamic?: boolean;
}

export interface ParsedOptions {
  /** Every option seen, by its spelling without dashes ("X", "request"), with its values. */
  options: Map<string, string[]>;
  operands: ShellWord[];
}

export type OptionResult = { ok: true; value: ParsedOptions } | { ok: false; reason: string };

/** Parses `args` (without the command name) against `spec`. */
export function parseOptions(args: ShellWord[], spec: OptionSpec): OptionResult {
  const options = new Map<string, string[]>();
  const operands: ShellWord[] = [];
  const add = (name: string, value = "") => options.set(name, [...(options.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const text = word.value;
    if (text === undefined) {
      // An expanding word could expand to any option, so only commands whose every option is
      // harmless (echo, test, grep) take one; for a wrapper it is the inner command, opaque there.
      if (!spec.dynamic && !spec.stopAtOperand) return { ok: false, reason: `"${word.text}" is not static: it could expand to any option or name` };
      operands.push(word);
      if (spec.stopAtOperand) return { ok: true, value: { options, operands: [...operands, ...args.slice(i + 1)] } };
      continue;
    }
    if (text === "--") {
      const rest = args.slice(i + 1);
      if (!spec.dynamic && !spec.stopAtOperand && rest.some((w) => w.value === undefined)) return { ok: false, reason: "an operand is not static" };
      operands.push(...rest);
      break;
    }
    if (text.startsWith("--") && text.length > 2) {
      const eq = text.indexOf("=");
      const name = eq < 0 ? text.slice(2) : text.slice(2, eq);
      const kind = spec.long?.[name];
      if (!kind) return { ok: false, reason: `option --${name} is not in the vocabulary` };
      if (kind === "flag") {
        if (eq >= 0) return { ok: false, reason: `option --${name} takes no value` };
        add(name);
      } else if (eq >= 0) add(name, text.slice(eq + 1));
      else {
        const next = args[++i];
        if (next?.value === undefined) return { ok: false, reason: `option --${name} needs a static value` };
        add(name, next.value);
      }
      continue;
    }
    if (text.startsWith("-") && text.length > 1) {
      if (spec.numeric && /^-\d+$/.test(text)) {
        add("#", text.slice(1));
        continue;
      }
      for (let j = 1; j < text.length; j++) {
        const letter = text[j]!;
        if (spec.flags?.includes(letter)) {
          add(letter);
          continue;
        }
        if (!spec.valued?.includes(letter)) return { ok: false, reason: `option -${letter} is not in the vocabulary` };
        const rest = text.slice(j + 1);
        if (rest) add(letter, rest);
        else {
          const next = args[++i];
          if (next?.value === undefined) return { ok: false, reason: `option -${letter} needs a static value` };
          add(letter, next.value);
        }
        break;
      }
      continue;
    }
    operands.push(word);
    if (spec.stopAtOperand) return { ok: true, value: { options, operands: [...operands, ...args.slice(i + 1)] } };
  }
  return { ok: true, value: { options, operands } };
}

/** The values given to any of the spellings of one option (`-o` and `--output`). */
export function optionValues(parsed: ParsedOptions, ...names: string[]): string[] {
  return names.flatMap((n) => parsed.options.get(n) ?? []);
}

export function hasOption(parsed: ParsedOptions, ...names: string[]): boolean {
  return names.some((n) => parsed.options.has(n));
}
