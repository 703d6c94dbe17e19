import type { ContainerState } from "../observations/host.ts";

/** `systemctl --failed --no-legend --plain`: the unit name is the first word of each line. */
export function parseFailedUnits(text: string): { units: string[]; unknown: string[] } {
  const units: string[] = [];
  const unknown: string[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line) continue;
    // Older systemd prints a bullet even with --plain on some terminals.
    const match = /^(?:[●*]\s+)?(\S+\.(?:service|socket|mount|timer|target|path|swap|automount|device|scope|slice))\s/.exec(`${line} `);
    if (match) units.push(match[1]!);
    else unknown.push(line);
  }
  return { units, unknown };
}

const HEALTH = new Set(["healthy", "unhealthy", "starting", "none"]);

/** One JSON object per line, as printed by the host probe's `docker inspect --format`. */
export function parseContainers(text: string): { containers: ContainerState[]; unknown: string[] } {
  const containers: ContainerState[] = [];
  const unknown: string[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line) continue;
    const container = parseContainerLine(line);
    if (container) containers.push(container);
    else unknown.push(line);
  }
  return { containers, unknown };
}

function parseContainerLine(line: string): ContainerState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.name !== "string" || typeof v.image !== "string" || typeof v.state !== "string" || typeof v.restartCount !== "number") return undefined;
  const health = typeof v.health === "string" && HEALTH.has(v.health) ? (v.health as ContainerState["health"]) : undefined;
  if (!health) return undefined;
  return { name: v.name.replace(/^\//, ""), image: v.image, state: v.state, restartCount: v.restartCount, health };
}
