import type { HostFacts } from "../observations/host.ts";
import type { HostProbeOptions } from "./host-probe-script.ts";
import { parseDf, withInodes } from "./parse-df.ts";
import { parseEpoch, parseLoadavg, parseMeminfo, parseOsRelease, parseUptime } from "./parse-proc.ts";
import { parseContainers, parseFailedUnits } from "./parse-services.ts";
import { splitSections, type Section } from "./split-sections.ts";

/** A part of the output the parser could not read, with its start for the ledger. */
export interface NotUnderstood {
  section: string;
  message: string;
  sample: string;
}

export interface HostProbeParse {
  /** null when a section every host has (uptime, load, memory) could not be read. */
  facts: HostFacts | null;
  notUnderstood: NotUnderstood[];
}

/** When the command was sent and its output received, on the runner's clock (ms since epoch). */
export interface ProbeTiming {
  sentAtMs: number;
  receivedAtMs: number;
}

const SAMPLE_CHARS = 300;
export const sample = (text: string) => (text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text);
const firstLine = (text: string) => sample(text.split("\n")[0] ?? "");

/** Reads the host probe's output. Pure, and never throws: what it cannot read is reported, not raised. */
export function parseHostProbe(output: string, timing: ProbeTiming, options: HostProbeOptions): HostProbeParse {
  const sections = splitSections(output);
  const notUnderstood: NotUnderstood[] = [];
  const problem = (section: string, message: string, text: string) => notUnderstood.push({ section, message, sample: sample(text) });
  if (sections.size === 0) {
    problem("output", "no section markers: this is not the host probe's output", output);
    return { facts: null, notUnderstood };
  }
  const read = <T>(name: string, parse: (text: string) => T | undefined, what: string): T | undefined => {
    const section = sections.get(name);
    const value = section ? parse(section.text) : undefined;
    if (value === undefined) problem(name, section ? `${what} not understood` : `${what} missing from the output`, section?.text ?? "");
    return value;
  };

  const uptime = read("uptime", parseUptime, "/proc/uptime");
  const load = read("loadavg", parseLoadavg, "/proc/loadavg");
  const memory = read("meminfo", parseMeminfo, "/proc/meminfo");
  const os = read("os-release", parseOsRelease, "/etc/os-release") ?? "unknown";
  const kernel = read("kernel", (t) => (/^\S+$/.test(t) ? t : undefined), "uname -r") ?? "unknown";
  const unavailable: NonNullable<HostFacts["unavailable"]> = [];

  const df = parseDf(sections.get("df")?.text ?? "");
  if (df.unknown.length > 0 || df.disks.length === 0) problem("df", "df output not understood", df.unknown.join("\n") || (sections.get("df")?.text ?? ""));
  const inodes = sections.get("df-inodes");
  const disks = inodes?.exit === 0 ? withInodes(df.disks, inodes.text) : df.disks;
  if (inodes && inodes.exit !== 0) unavailable.push({ probe: "inodes", reason: firstLine(inodes.text) });

  const failedUnits = options.systemd ? optional("systemd", sections.get("systemd"), parseFailedUnits, (r) => r.units) : null;
  const containers = options.docker ? optional("docker", sections.get("docker"), parseContainers, (r) => r.containers) : null;

  function optional<R extends { unknown: string[] }, T>(
    probe: "systemd" | "docker",
    section: Section | undefined,
    parse: (text: string) => R,
    pick: (r: R) => T,
  ): T | null {
    if (!section) {
      problem(probe, `${probe} section missing from the output`, "");
      return null;
    }
    if (section.exit !== 0) {
      unavailable.push({ probe, reason: firstLine(section.text) || `exit status ${section.exit ?? "unknown"}` });
      return null;
    }
    const result = parse(section.text);
    if (result.unknown.length > 0) problem(probe, `${probe} output not understood`, result.unknown.join("\n"));
    return pick(result);
  }

  const clockOffsetMs = clockOffset(sections, timing, problem);
  if (uptime === undefined || load === undefined || memory === undefined) return { facts: null, notUnderstood };
  const facts: HostFacts = { os, kernel, uptimeSeconds: uptime, load, memory, disks, failedUnits, containers, clockOffsetMs };
  if (unavailable.length > 0) facts.unavailable = unavailable;
  return { facts, notUnderstood };
}

/** The host's clock at the middle of the script against the runner's at the middle of the round trip. */
function clockOffset(sections: Map<string, Section>, timing: ProbeTiming, problem: (s: string, m: string, t: string) => void): number | null {
  const stamps: number[] = [];
  for (const name of ["date-start", "date-end"]) {
    const text = sections.get(name)?.text ?? "";
    const ms = parseEpoch(text);
    if (ms === undefined) problem(name, "date +%s.%N not understood", text);
    else stamps.push(ms);
  }
  if (stamps.length === 0) return null;
  const remote = stamps.reduce((a, b) => a + b, 0) / stamps.length;
  return Math.round(remote - (timing.sentAtMs + timing.receivedAtMs) / 2);
}
