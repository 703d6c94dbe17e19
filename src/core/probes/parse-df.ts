import type { DiskUsage } from "../observations/host.ts";

/** File systems that hold no data of their own; a full tmpfs is memory pressure, seen in meminfo. */
const PSEUDO = new Set([
  "tmpfs",
  "devtmpfs",
  "overlay",
  "squashfs",
  "proc",
  "sysfs",
  "devpts",
  "cgroup",
  "cgroup2",
  "efivarfs",
  "ramfs",
  "nsfs",
  "tracefs",
  "debugfs",
  "securityfs",
  "pstore",
  "bpf",
  "autofs",
  "mqueue",
  "hugetlbfs",
  "fusectl",
  "configfs",
  "binfmt_misc",
  "udev",
  "shm",
  "none",
  "run",
  "dev",
  "fuse.lxcfs",
]);

const WITH_TYPE = /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/;
const WITHOUT_TYPE = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/;
const INODES = /^(\S+)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\d+%|-)\s+(\/.*)$/;

export interface DfParse {
  disks: DiskUsage[];
  /** Lines that were neither the header nor a row. */
  unknown: string[];
}

/** `df -PkT` (GNU, busybox with -T) or `df -Pk` (busybox without -T); sizes in 1024-byte blocks. */
export function parseDf(text: string): DfParse {
  const disks: DiskUsage[] = [];
  const unknown: string[] = [];
  for (const line of text.split("\n").map((l) => l.trimEnd())) {
    // GNU df warns about mounts it cannot read ("df: /run/user/1000/doc: Permission denied") and goes on.
    if (!line || /^Filesystem\s/.test(line) || line.startsWith("df: ")) continue;
    const typed = WITH_TYPE.exec(line);
    const plain = typed ? undefined : WITHOUT_TYPE.exec(line);
    if (!typed && !plain) {
      unknown.push(line);
      continue;
    }
    const [device, type, size, used, mount] = typed
      ? [typed[1]!, typed[2]!, typed[3]!, typed[4]!, typed[7]!]
      : [plain![1]!, plain![1]!, plain![2]!, plain![3]!, plain![6]!];
    if (PSEUDO.has(type) || Number(size) === 0) continue;
    disks.push({ mount, device, sizeBytes: Number(size) * 1024, usedBytes: Number(used) * 1024, inodesTotal: null, inodesUsed: null });
  }
  return { disks, unknown };
}

/** `df -Pi`, merged into the disks by mount point. File systems without inodes (btrfs, vfat) stay null. */
export function withInodes(disks: DiskUsage[], text: string): DiskUsage[] {
  const inodes = new Map<string, { total: number; used: number }>();
  for (const line of text.split("\n").map((l) => l.trimEnd())) {
    const match = INODES.exec(line);
    if (!match || match[2] === "-" || Number(match[2]) === 0) continue;
    inodes.set(match[6]!, { total: Number(match[2]), used: Number(match[3]) });
  }
  return disks.map((disk) => {
    const found = inodes.get(disk.mount);
    return found ? { ...disk, inodesTotal: found.total, inodesUsed: found.used } : disk;
  });
}
