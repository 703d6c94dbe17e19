import type { ContainerState } from "../observations/host.ts";
import { fingerprintOf } from "./finding.ts";
import { ofKind, type Draft, type RuleContext } from "./rule-context.ts";

/** This many restarts within a day is a loop: the container dies again as soon as it is started. */
const LOOP_RESTARTS_PER_DAY = 3;
const DAY_MS = 86_400_000;

/** Failed systemd units, and containers that are down, restart-looping or unhealthy. */
export function unitsAndContainers(ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const o of ofKind(ctx.observations, "host")) {
    for (const unit of o.facts.failedUnits ?? []) {
      out.push({
        kind: "unit-failed",
        fingerprint: fingerprintOf("unit-failed", o.host, unit),
        severity: "high",
        host: o.host,
        subject: unit,
        title: `${o.host}: unit ${unit} has failed`,
        evidence: [{ kind: "unit-state", text: `${unit} is in the failed state` }],
        service: { kind: "unit", name: unit },
        params: { unit },
      });
    }
    for (const c of o.facts.containers ?? []) {
      const draft = containerDraft(ctx, o.host, c);
      if (draft) out.push(draft);
    }
  }
  return out;
}

function containerDraft(ctx: RuleContext, host: string, c: ContainerState): Draft | undefined {
  const base = { host, subject: c.name, service: { kind: "container" as const, name: c.name }, params: { container: c.name } };
  const image = { kind: "image", text: `image ${c.image}` };
  const restarts = restartsInLastDay(ctx, host, c);
  // A loop first: restarting a container that keeps dying is the one fix known not to help.
  if (c.state === "restarting" || restarts >= LOOP_RESTARTS_PER_DAY) {
    return {
      ...base,
      kind: "container-restart-loop",
      fingerprint: fingerprintOf("container-restart-loop", host, c.name),
      severity: "high",
      title: `${host}: container ${c.name} is restart-looping`,
      evidence: [
        {
          kind: "restarts",
          text: `${restarts} restarts in the last day (state ${c.state}, ${c.restartCount} in total)`,
          value: restarts,
          unit: "restarts/day",
        },
        image,
      ],
    };
  }
  if (c.state !== "running") {
    return {
      ...base,
      kind: "container-down",
      fingerprint: fingerprintOf("container-down", host, c.name),
      severity: "high",
      title: `${host}: container ${c.name} is ${c.state}`,
      evidence: [{ kind: "container-state", text: `state ${c.state}, ${c.restartCount} restarts in total` }, image],
    };
  }
  if (c.health === "unhealthy") {
    return {
      ...base,
      kind: "container-unhealthy",
      fingerprint: fingerprintOf("container-unhealthy", host, c.name),
      severity: "medium",
      title: `${host}: container ${c.name} fails its health check`,
      evidence: [{ kind: "container-health", text: "running but its health check reports unhealthy" }, image],
    };
  }
  return undefined;
}

/** Restarts counted since the earliest observation within the last day; a counter reset (recreated container) counts from zero. */
function restartsInLastDay(ctx: RuleContext, host: string, c: ContainerState): number {
  const from = ctx.now.getTime() - DAY_MS;
  const earlier = ctx.series(host, `container-restarts:${c.name}`).filter((p) => p.t >= from);
  const first = earlier[0];
  if (!first || first.v > c.restartCount) return 0;
  return c.restartCount - first.v;
}
