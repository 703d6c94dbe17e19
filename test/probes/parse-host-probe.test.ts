import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHostProbe } from "../../src/core/probes/parse-host-probe.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/host/", import.meta.url));
const captured = (distro: string) => readFileSync(join(FIXTURES, distro, "probe-output.txt"), "utf8");
const timing = { sentAtMs: 1795620160_000, receivedAtMs: 1795620160_500 };
const all = { docker: true, systemd: true };
const GiB = 1024 ** 3;

describe("parseHostProbe on captured output", () => {
  it("Debian 12: facts, real disks only, inodes per mount, a failed unit, containers", () => {
    const { facts, notUnderstood } = parseHostProbe(captured("debian-12"), timing, all);
    expect(notUnderstood).toEqual([]);
    expect(facts).toMatchObject({
      os: "Debian GNU/Linux 12 (bookworm)",
      kernel: "6.1.0-26-amd64",
      uptimeSeconds: 1214873.52,
      load: [0.42, 0.37, 0.31],
      clockOffsetMs: 0,
    });
    expect(facts!.memory).toEqual({
      totalBytes: 16318360 * 1024,
      availableBytes: 9876540 * 1024,
      swapTotalBytes: 4194300 * 1024,
      swapUsedBytes: (4194300 - 3883004) * 1024,
    });
    expect(facts!.disks.map((d) => d.mount)).toEqual(["/", "/boot/efi", "/var/lib/postgresql"]);
    expect(facts!.disks[2]).toEqual({
      mount: "/var/lib/postgresql",
      device: "/dev/sdb1",
      sizeBytes: 515010816 * 1024,
      usedBytes: 431257344 * 1024,
      inodesTotal: 32768000,
      inodesUsed: 18420,
    });
    expect(facts!.disks[1]).toMatchObject({ mount: "/boot/efi", inodesTotal: null, inodesUsed: null });
    expect(facts!.failedUnits).toEqual(["logrotate.service"]);
    expect(facts!.containers).toEqual([
      { name: "postgres-exporter", image: "quay.io/prometheuscommunity/postgres-exporter:v0.15.0", state: "running", restartCount: 0, health: "none" },
      { name: "pgbackrest-cron", image: "woblerr/pgbackrest:2.53", state: "exited", restartCount: 3, health: "none" },
    ]);
    expect(facts!.unavailable).toBeUndefined();
  });

  it("Ubuntu 24.04: snap squashfs left out, a restart-looping unhealthy container, swap nearly full", () => {
    const { facts, notUnderstood } = parseHostProbe(captured("ubuntu-24.04"), timing, all);
    expect(notUnderstood).toEqual([]);
    expect(facts!.os).toBe("Ubuntu 24.04.1 LTS");
    expect(facts!.disks.map((d) => d.mount)).toEqual(["/", "/boot", "/boot/efi", "/srv/models"]);
    expect(facts!.disks[0]!.usedBytes / facts!.disks[0]!.sizeBytes).toBeGreaterThan(0.84);
    expect(facts!.memory.swapUsedBytes).toBe((8388604 - 1048572) * 1024);
    expect(facts!.failedUnits).toEqual(["fwupd-refresh.service", "snap.lxd.activate.service"]);
    expect(facts!.containers!.find((c) => c.name === "collector-reddit")).toEqual({
      name: "collector-reddit",
      image: "ghcr.io/lab/collector-reddit:2024.11.3",
      state: "restarting",
      restartCount: 41,
      health: "unhealthy",
    });
    expect(facts!.containers!.map((c) => c.health)).toEqual(["none", "none", "unhealthy", "healthy", "starting"]);
  });

  it("Alpine (busybox): df without -T, no inodes, no systemctl or docker, whole-second clock", () => {
    const { facts, notUnderstood } = parseHostProbe(captured("alpine-3.20"), timing, all);
    expect(notUnderstood).toEqual([]);
    expect(facts!.os).toBe("Alpine Linux v3.20");
    expect(facts!.disks.map((d) => [d.mount, d.device, d.inodesTotal])).toEqual([
      ["/", "/dev/vda3", null],
      ["/boot", "/dev/vda1", null],
      ["/srv/nas", "/dev/vdb", null],
    ]);
    expect(facts!.failedUnits).toBeNull();
    expect(facts!.containers).toBeNull();
    expect(facts!.clockOffsetMs).toBe(-250);
    expect(facts!.unavailable).toEqual([
      { probe: "inodes", reason: "df: unrecognized option: i" },
      { probe: "systemd", reason: "sh: systemctl: not found" },
      { probe: "docker", reason: "sh: docker: not found" },
    ]);
  });

  it("Raspberry Pi OS: SD card and USB disk, inodes exhausted on the USB disk, docker socket refused", () => {
    const { facts, notUnderstood } = parseHostProbe(captured("raspios-12"), timing, all);
    expect(notUnderstood).toEqual([]);
    expect(facts!.kernel).toBe("6.6.51+rpt-rpi-v8");
    expect(facts!.disks.find((d) => d.mount === "/mnt/usb")).toMatchObject({ inodesTotal: 7331840, inodesUsed: 7331826 });
    expect(facts!.failedUnits).toEqual(["dphys-swapfile.service", "mnt-usb.mount"]);
    expect(facts!.containers).toBeNull();
    expect(facts!.unavailable?.[0]).toMatchObject({ probe: "docker" });
    expect(facts!.unavailable?.[0]!.reason).toMatch(/^permission denied while trying to connect to the Docker daemon socket/);
    expect(facts!.memory.availableBytes).toBeLessThan(0.5 * GiB);
  });

  it("leaves the optional sections out when the inventory does not ask for them", () => {
    const { facts } = parseHostProbe(captured("debian-12"), timing, { docker: false, systemd: false });
    expect(facts).toMatchObject({ failedUnits: null, containers: null });
  });
});

describe("parseHostProbe on output it does not understand", () => {
  it("garbage without section markers: no facts, one not-understood with a sample", () => {
    const { facts, notUnderstood } = parseHostProbe("Welcome to the jungle\nThis account is currently not available.\n", timing, all);
    expect(facts).toBeNull();
    expect(notUnderstood).toEqual([
      {
        section: "output",
        message: "no section markers: this is not the host probe's output",
        sample: "Welcome to the jungle\nThis account is currently not available.\n",
      },
    ]);
  });

  it("an unreadable /proc/meminfo loses the facts and says which section, with its text", () => {
    const output = captured("debian-12")
      .replace(/MemTotal:.*\n/, "")
      .replace(/MemAvailable:.*\n/, "");
    const { facts, notUnderstood } = parseHostProbe(output, timing, all);
    expect(facts).toBeNull();
    expect(notUnderstood).toHaveLength(1);
    expect(notUnderstood[0]).toMatchObject({ section: "meminfo", message: "/proc/meminfo not understood" });
    expect(notUnderstood[0]!.sample).toMatch(/^MemFree:/);
  });

  it("a garbled docker line keeps the facts and the other containers, and reports the line", () => {
    const output = captured("debian-12").replace('{"name":"/pgbackrest-cron"', 'Error: No such object: 0b9e8d7c6b5a\n{"name":"/pgbackrest-cron"');
    const { facts, notUnderstood } = parseHostProbe(output, timing, all);
    expect(facts!.containers).toHaveLength(2);
    expect(notUnderstood).toEqual([{ section: "docker", message: "docker output not understood", sample: "Error: No such object: 0b9e8d7c6b5a" }]);
  });

  it("output cut off mid-way reports the missing sections", () => {
    const full = captured("ubuntu-24.04");
    const { facts, notUnderstood } = parseHostProbe(full.slice(0, full.indexOf("@@rounds section loadavg") + 30), timing, all);
    expect(facts).toBeNull();
    expect(notUnderstood.map((n) => n.section)).toEqual(expect.arrayContaining(["loadavg", "meminfo", "df", "systemd", "docker", "date-end"]));
  });

  it("meminfo without MemAvailable (kernel < 3.14) estimates it from free, buffers and cache", () => {
    const output = captured("alpine-3.20").replace(/MemAvailable:.*\n/, "");
    const { facts } = parseHostProbe(output, timing, all);
    expect(facts!.memory.availableBytes).toBe((861324 + 42696 + 786044) * 1024);
  });

  it("never throws, whatever the host prints", () => {
    const sections = ["date-start", "os-release", "kernel", "uptime", "loadavg", "meminfo", "df", "df-inodes", "systemd", "docker", "date-end"];
    const noisy = fc.array(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          ...sections.map((s) => `\n@@rounds section ${s}\n`),
          "\n@@rounds exit 0\n",
          "\n@@rounds exit x\n",
          '{"name":1}',
          "/dev/sda1 ext4 1 2 3 4% /",
        ),
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(noisy, fc.boolean(), fc.boolean(), (parts, docker, systemd) => {
        const result = parseHostProbe(parts.join(""), timing, { docker, systemd });
        expect(result.facts !== null || result.notUnderstood.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
