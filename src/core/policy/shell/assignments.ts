/**
 * Which variables a step may set. Lower-case names are the script's own; upper-case names steer
 * programs (PATH picks what `docker` means, LD_PRELOAD loads code, PGOPTIONS sets server options),
 * so only a few harmless ones are allowed. Proxy variables reroute HTTP to another machine.
 */
const HARMLESS = /^(LC_[A-Z]+|LANG|LANGUAGE|TZ|COLUMNS|LINES|TERM|NO_COLOR|SYSTEMD_PAGER|SYSTEMD_COLORS|PAGER)$/;

export function assignmentProblem(name: string): string | undefined {
  if (/_proxy$/i.test(name)) return `${name} reroutes network traffic`;
  if (/^[a-z_][a-z0-9_]*$/.test(name) || HARMLESS.test(name)) return undefined;
  return `setting ${name} changes how programs behave (only lower-case script variables and ${HARMLESS.source.slice(2, 30)}… may be set)`;
}
