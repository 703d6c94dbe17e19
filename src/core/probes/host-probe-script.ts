/**
 * The host probe: one shell script, sent as one command, that prints every fact in delimited
 * sections. One round trip per host, whatever the number of facts.
 *
 * Files are read under `$ROUNDS_HOST_ROOT` (unset on a real host, so `/proc/...`): the local
 * transport sets it to a host's sandbox so the embedded demo can simulate several hosts on one
 * machine from captured files, without the script differing between demo and fleet.
 */

/** Which optional sections a host's inventory entry asks for. */
export interface HostProbeOptions {
  docker: boolean;
  systemd: boolean;
}

export const SECTION_MARK = "@@rounds section ";
export const EXIT_MARK = "@@rounds exit ";

/** One line per container, a JSON object; the Go template is docker's, not a shell construct. */
export const DOCKER_FORMAT =
  '{"name":{{json .Name}},"image":{{json .Config.Image}},"state":{{json .State.Status}},"restartCount":{{.RestartCount}},"health":{{if .State.Health}}{{json .State.Health.Status}}{{else}}"none"{{end}}}';

function section(name: string, command: string): string {
  return `printf '\\n${SECTION_MARK}%s\\n' ${name}; { ${command}; } 2>&1; printf '\\n${EXIT_MARK}%s\\n' "$?"`;
}

/** The exact script for a combination of options; the catalogue holds every combination. */
export function hostProbeScript(options: HostProbeOptions): string {
  const lines = [
    'R="${ROUNDS_HOST_ROOT-}"',
    section("date-start", "date +%s.%N"),
    section("os-release", 'cat "$R/etc/os-release"'),
    section("kernel", "uname -r"),
    section("uptime", 'cat "$R/proc/uptime"'),
    section("loadavg", 'cat "$R/proc/loadavg"'),
    section("meminfo", 'cat "$R/proc/meminfo"'),
    // busybox df may lack -T; the parser reads both layouts.
    section("df", "df -PkT 2>/dev/null || df -Pk"),
    // busybox df often lacks -i: the section then fails and inodes are reported as unknown.
    section("df-inodes", "df -Pi"),
  ];
  if (options.systemd) lines.push(section("systemd", "systemctl --failed --no-legend --plain"));
  if (options.docker) {
    lines.push(section("docker", `ids=$(docker ps -aq --no-trunc) && if [ -n "$ids" ]; then docker inspect --format '${DOCKER_FORMAT}' $ids; fi`));
  }
  lines.push(section("date-end", "date +%s.%N"));
  return lines.join("\n");
}
