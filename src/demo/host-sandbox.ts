import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * One simulated host of the demo lab: a directory laid out like the host probe expects under
 * `$ROUNDS_HOST_ROOT` (etc/, proc/), and a bin/ of small shims standing in for docker, df, uname and
 * systemctl. The shims keep real state in files (a container's state, the disk's usage), so a
 * restart really changes what the next probe sees, and the demo can move a disk between days.
 */
export interface SandboxHost {
  name: string;
  os: string;
  containers?: { name: string; image: string; state: "running" | "exited" }[];
  /** Root disk size and use, in KiB. */
  disk: { sizeKb: number; usedKb: number };
}

const DOCKER = `#!/bin/sh
# Demo shim: containers are directories under $ROUNDS_HOST_ROOT/containers/<name>/.
C="$ROUNDS_HOST_ROOT/containers"
cmd="$1"; shift
fmt=""
if [ "$1" = "--format" ]; then fmt="$2"; shift 2; fi
case "$cmd" in
  ps) [ -d "$C" ] && ls "$C" ;;
  inspect)
    for n in "$@"; do
      [ -d "$C/$n" ] || { echo "Error: No such object: $n" >&2; exit 1; }
      s=$(cat "$C/$n/state"); i=$(cat "$C/$n/image"); r=$(cat "$C/$n/restarts")
      case "$fmt" in
        *State.Running*) if [ "$s" = running ]; then echo true; else echo false; fi ;;
        *State.Status*) printf '{"name":"/%s","image":"%s","state":"%s","restartCount":%s,"health":"none"}\\n' "$n" "$i" "$s" "$r" ;;
        *Config.Image*) echo "$i" ;;
        *) printf '[{"Name":"/%s","Config":{"Image":"%s"},"State":{"Status":"%s","Running":%s},"RestartCount":%s}]\\n' "$n" "$i" "$s" "$([ "$s" = running ] && echo true || echo false)" "$r" ;;
      esac
    done ;;
  restart|start)
    # A container marked broken exits again right after it starts, as a crash-looping one does.
    for n in "$@"; do
      [ -d "$C/$n" ] || { echo "Error: No such container: $n" >&2; exit 1; }
      if [ "$cmd" = start ] && [ -e "$C/$n/wont-start" ]; then echo "Error response from daemon: failed to start $n" >&2; exit 1; fi
      if [ -e "$C/$n/broken" ]; then echo exited > "$C/$n/state"; else echo running > "$C/$n/state"; fi
      echo $(( $(cat "$C/$n/restarts") + 1 )) > "$C/$n/restarts"; echo "$n"
    done ;;
  stop)
    for n in "$@"; do [ -d "$C/$n" ] || exit 1; echo exited > "$C/$n/state"; echo "$n"; done ;;
  *) echo "demo docker shim: unsupported command $cmd" >&2; exit 2 ;;
esac
`;

const DF = `#!/bin/sh
# Demo shim: the root disk's size and use come from $ROUNDS_HOST_ROOT/disk.
read size used < "$ROUNDS_HOST_ROOT/disk"
avail=$((size - used)); pct=$((used * 100 / size))
case "$*" in
  *i*) printf 'Filesystem Inodes IUsed IFree IUse%% Mounted on\\n/dev/sda1 6520832 412907 6107925 7%% /\\n' ;;
  *) printf 'Filesystem Type 1024-blocks Used Available Capacity Mounted on\\n/dev/sda1 ext4 %s %s %s %s%% /\\n' "$size" "$used" "$avail" "$pct" ;;
esac
`;

const files = (host: SandboxHost): Record<string, string> => ({
  "etc/os-release": `PRETTY_NAME="${host.os}"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n`,
  "proc/uptime": "864000.42 1700000.10\n",
  "proc/loadavg": "0.21 0.18 0.15 1/213 4242\n",
  "proc/meminfo":
    "MemTotal:       16318412 kB\nMemFree:         2207712 kB\nMemAvailable:    9876543 kB\nSwapTotal:       2097148 kB\nSwapFree:        2097148 kB\n",
  disk: `${host.disk.sizeKb} ${host.disk.usedKb}\n`,
  "bin/docker": DOCKER,
  "bin/df": DF,
  "bin/uname": "#!/bin/sh\necho 6.1.0-27-amd64\n",
  "bin/systemctl": "#!/bin/sh\n# Demo shim: no failed units.\nexit 0\n",
});

export async function createSandbox(root: string, host: SandboxHost): Promise<string> {
  const dir = join(root, host.name);
  for (const [path, content] of Object.entries(files(host))) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
    if (path.startsWith("bin/")) await chmod(join(dir, path), 0o755);
  }
  for (const c of host.containers ?? []) await setContainer(dir, c.name, c.state, { image: c.image });
  await mkdir(join(dir, "tmp"), { recursive: true });
  return dir;
}

/**
 * Puts a container into a state, as a crash (or a person) would between two rounds; `broken` makes
 * it exit again on every start, `wontStart` makes `docker start` itself fail (a rollback that fails).
 */
export async function setContainer(
  sandbox: string,
  name: string,
  state: "running" | "exited",
  options: { image?: string; broken?: boolean; wontStart?: boolean } = {},
): Promise<void> {
  const dir = join(sandbox, "containers", name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "state"), `${state}\n`);
  if (options.image) await writeFile(join(dir, "image"), `${options.image}\n`);
  await writeFile(join(dir, "restarts"), "0\n", { flag: "wx" }).catch(() => {});
  for (const [flag, on] of [
    ["broken", options.broken],
    ["wont-start", options.wontStart],
  ] as const) {
    if (on) await writeFile(join(dir, flag), "");
    else await rm(join(dir, flag), { force: true });
  }
}

export async function setDiskUsed(sandbox: string, sizeKb: number, usedKb: number): Promise<void> {
  await writeFile(join(sandbox, "disk"), `${sizeKb} ${usedKb}\n`);
}
