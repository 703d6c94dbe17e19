export interface DiskUsage {
  mount: string;
  device: string;
  sizeBytes: number;
  usedBytes: number;
  inodesTotal: number | null;
  inodesUsed: number | null;
}

export interface ContainerState {
  name: string;
  image: string;
  state: string;
  restartCount: number;
  health: "healthy" | "unhealthy" | "starting" | "none";
}

export interface HostFacts {
  os: string;
  kernel: string;
  uptimeSeconds: number;
  load: [number, number, number];
  memory: { totalBytes: number; availableBytes: number; swapTotalBytes: number; swapUsedBytes: number };
  disks: DiskUsage[];
  failedUnits: string[] | null;
  containers: ContainerState[] | null;
  /** Clock offset against the runner, in milliseconds; null when it could not be measured. */
  clockOffsetMs: number | null;
  /** Optional probes that could not run (docker not installed, no systemd, busybox df without -i), with the host's own words. */
  unavailable?: { probe: "systemd" | "docker" | "inodes"; reason: string }[];
}
