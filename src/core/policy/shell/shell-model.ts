/**
 * A shell script as the classifier sees it: plain data made by the parser adapter from mvdan-sh's
 * tree. Every simple command anywhere in the script (lists, pipelines, subshells, groups, loops,
 * command substitutions) appears in `commands`; whatever the adapter cannot express here is listed
 * in `constructs`, and the classifier treats each as opaque.
 */
export interface ShellWord {
  /** The source text of the word. */
  text: string;
  /** Its value after quote and escape removal; undefined when the word expands (`$x`, `$(…)`, globs, braces, `~`). */
  value?: string;
}

export interface ShellRedirect {
  /** The operator as written: `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `&>`, `>&`, `<>`, `>|`, … */
  op: string;
  /** The file descriptor written before the operator, if any. */
  fd?: string;
  target: ShellWord;
  /** The body of a here-document (`<<`), with `value` undefined when it expands. */
  heredoc?: ShellWord;
}

export interface ShellCommand {
  /** The command's source text, for findings. */
  text: string;
  /** `NAME=value` words before the command (or the whole command when `args` is empty). */
  assigns: { name: string; value: ShellWord }[];
  args: ShellWord[];
  redirects: ShellRedirect[];
  /** Reads its standard input from a pipe (it is not the first command of a pipeline). */
  piped: boolean;
  /** The words of the simple command whose output it reads, when that is all the pipe holds (`echo 'SQL' | psql`). */
  pipedFrom?: ShellWord[];
}

export interface ShellScript {
  commands: ShellCommand[];
  /** Constructs outside the model (function definitions, process substitution, coprocesses, `&`, …). */
  constructs: { kind: string; text: string }[];
}
