import type { Effect } from "../../effects.ts";
import { parseOptions, type OptionSpec } from "../options.ts";
import { effect, opaque, type Handler, type Invocation } from "../shell-context.ts";

/**
 * Containers, units and processes. Every name a command names is classified on its own: a
 * restart of something declared stateless on this host is reversible, anything else is a stateful
 * restart; a reload needs a name the inventory knows.
 */

/** Targets and units whose start is a reboot, a shutdown or a change of the whole system's state. */
const SYSTEM_STATE_UNITS =
  /^(reboot|poweroff|halt|kexec|rescue|emergency|ctrl-alt-del|soft-reboot|suspend|hibernate|hybrid-sleep|suspend-then-hibernate|shutdown|sleep|exit|final|umount|systemd-(reboot|poweroff|halt|kexec|soft-reboot))\.(target|service)$/;

function unitName(name: string): string {
  return name.replace(/\.service$/, "");
}

/** A restart, stop or kill of each name. */
function restarts(call: Invocation, names: (string | undefined)[], verb: string, normalise = (n: string) => n): Effect[] {
  if (names.length === 0) return [opaque(call, verb, "names nothing: it would act on a whole project or every unit")];
  return names.map((raw) => {
    if (raw === undefined) return opaque(call, verb, "a name is not static: what it restarts cannot be checked");
    if (/[*?[\]]/.test(raw)) return opaque(call, verb, `"${raw}" is a pattern: it may match any service`);
    if (SYSTEM_STATE_UNITS.test(raw)) return effect(call, "reboot", verb, `${raw} changes the whole system's state`, { service: raw });
    const name = normalise(raw);
    return call.env.isStateless(name)
      ? effect(call, "restart", verb, `${name} is declared stateless on this host`, { service: name })
      : effect(call, "stateful-restart", verb, `${name} is not declared stateless on this host`, { service: name });
  });
}

function reloads(call: Invocation, names: (string | undefined)[], verb: string, normalise = (n: string) => n): Effect[] {
  if (names.length === 0) return [opaque(call, verb, "names nothing")];
  return names.map((raw) => {
    if (raw === undefined || /[*?[\]]/.test(raw)) return opaque(call, verb, "a name is not static or is a pattern");
    const name = normalise(raw);
    return call.env.known(name)
      ? effect(call, "reload", verb, `reloads ${name}'s configuration without a restart`, { service: name })
      : opaque(call, verb, `${name} is not a service the inventory declares on this host`);
  });
}

function named(call: Invocation, names: (string | undefined)[], kind: Effect["effect"], verb: string, detail: string): Effect[] {
  return names.map((name) => (name === undefined ? opaque(call, verb, "a name is not static") : effect(call, kind, verb, detail, { service: name })));
}

const SYSTEMCTL: OptionSpec = {
  flags: "qlaf",
  valued: "tp",
  long: {
    quiet: "flag",
    "no-block": "flag",
    "no-pager": "flag",
    "no-ask-password": "flag",
    full: "flag",
    "no-legend": "flag",
    plain: "flag",
    all: "flag",
    system: "flag",
    value: "flag",
    now: "flag",
    force: "flag",
    type: "value",
    state: "value",
    property: "value",
    signal: "value",
    "kill-whom": "value",
    lines: "value",
    output: "value",
  },
};
const SYSTEMCTL_READ = new Set([
  "status",
  "is-active",
  "is-enabled",
  "is-failed",
  "is-system-running",
  "show",
  "cat",
  "list-units",
  "list-unit-files",
  "list-timers",
  "list-sockets",
  "list-dependencies",
  "list-jobs",
  "help",
  "show-environment",
  "get-default",
]);
const SYSTEMCTL_RESTART = new Set([
  "restart",
  "try-restart",
  "reload-or-restart",
  "try-reload-or-restart",
  "condrestart",
  "force-reload",
  "start",
  "stop",
  "kill",
  "freeze",
  "thaw",
]);
const SYSTEMCTL_REBOOT = new Set([
  "reboot",
  "poweroff",
  "halt",
  "kexec",
  "suspend",
  "hibernate",
  "hybrid-sleep",
  "suspend-then-hibernate",
  "soft-reboot",
  "emergency",
  "rescue",
  "isolate",
  "default",
  "exit",
  "switch-root",
]);

const systemctl: Handler = (call) => {
  const parsed = parseOptions(call.argv.slice(1), SYSTEMCTL);
  if (!parsed.ok) return [opaque(call, "systemctl options", parsed.reason)];
  const [verbWord, ...rest] = parsed.value.operands;
  const verb = verbWord?.value;
  const names = rest.map((w) => w.value);
  if (verb === undefined) return [opaque(call, "systemctl", "no static verb")];
  if (SYSTEMCTL_READ.has(verb)) return [effect(call, "read", `systemctl ${verb}`, "inspects units")];
  if (SYSTEMCTL_REBOOT.has(verb)) return [effect(call, "reboot", `systemctl ${verb}`, "reboots, halts or changes the whole system's state")];
  if (verb === "reload") return reloads(call, names, "systemctl reload", unitName);
  if (SYSTEMCTL_RESTART.has(verb)) return restarts(call, names, `systemctl ${verb}`, unitName);
  if (verb === "clean") return named(call, names, "data", "systemctl clean", "removes the unit's state, cache or logs");
  return [effect(call, "privilege", `systemctl ${verb}`, "changes what runs at boot or how systemd runs units (persistence)")];
};

const service: Handler = (call) => {
  const [nameWord, verbWord, ...extra] = call.argv.slice(1);
  if (nameWord?.value === "--status-all") return [effect(call, "read", "service --status-all", "lists services")];
  const verb = verbWord?.value;
  if (!nameWord || verb === undefined || extra.length > 0) return [opaque(call, "service", "expects: service NAME VERB")];
  if (verb === "status") return [effect(call, "read", "service status", "inspects a service")];
  if (verb === "reload") return reloads(call, [nameWord.value], "service reload");
  if (["restart", "start", "stop", "force-reload", "try-restart", "condrestart"].includes(verb)) return restarts(call, [nameWord.value], `service ${verb}`);
  return [opaque(call, "service", `the verb "${verb}" is not in the vocabulary`)];
};

const DOCKER_GLOBAL: OptionSpec = { stopAtOperand: true, flags: "D", valued: "l", long: { debug: "flag", "log-level": "value" } };
const DOCKER_READ = new Set(["inspect", "ps", "logs", "images", "version", "info", "top", "port", "diff", "stats", "history"]);
const DOCKER_RESTART = new Set(["restart", "start", "stop", "kill", "pause", "unpause"]);
const DOCKER_VERB: Record<string, OptionSpec> = {
  restart: { valued: "ts", long: { time: "value", signal: "value" } },
  stop: { valued: "ts", long: { time: "value", signal: "value" } },
  start: { flags: "ai", long: { attach: "flag", interactive: "flag" } },
  kill: { valued: "s", long: { signal: "value" } },
  pause: {},
  unpause: {},
};

const docker: Handler = (call) => {
  const global = parseOptions(call.argv.slice(1), DOCKER_GLOBAL);
  if (!global.ok) return [opaque(call, "docker options", global.reason)];
  let [verbWord, ...rest] = global.value.operands;
  // `docker container restart` is `docker restart`.
  if (verbWord?.value === "container") [verbWord, ...rest] = rest;
  const verb = verbWord?.value;
  if (verb === undefined) return [opaque(call, "docker", "no static subcommand")];
  if (verb === "compose") return compose(call, rest);
  if (verb === "exec") return dockerExec(call, rest);
  if (DOCKER_READ.has(verb)) return [effect(call, "read", `docker ${verb}`, "inspects containers"), ...mentioned(call, rest)];
  if (DOCKER_RESTART.has(verb)) {
    const parsed = parseOptions(rest, DOCKER_VERB[verb]!);
    if (!parsed.ok) return [opaque(call, `docker ${verb} options`, parsed.reason)];
    return restarts(
      call,
      parsed.value.operands.map((w) => w.value),
      `docker ${verb}`,
    );
  }
  if (verb === "update")
    return named(
      call,
      rest.filter((w) => !w.value?.startsWith("-")).map((w) => w.value),
      "server",
      "docker update",
      "changes a container's resources",
    );
  if (verb === "rm" || verb === "rmi" || verb === "prune" || verb === "volume" || verb === "system" || verb === "image")
    return [effect(call, "data", `docker ${verb}`, "removes containers, images or volumes")];
  if (verb === "network") return [effect(call, "network", "docker network", "changes container networking")];
  if (verb === "run" || verb === "create") return [effect(call, "server", `docker ${verb}`, "starts a new workload")];
  return [opaque(call, `docker ${verb}`, "this docker subcommand is not in the vocabulary")];
};

/** `docker exec C CMD`: C is named (protected names count), and CMD is classified as any command. */
function dockerExec(call: Invocation, args: Invocation["argv"]): Effect[] {
  const parsed = parseOptions(args, {
    stopAtOperand: true,
    flags: "it",
    valued: "uw",
    long: { interactive: "flag", tty: "flag", user: "value", workdir: "value" },
  });
  // (No -e/--env: LD_PRELOAD, PATH and friends change what the inner command is.)
  if (!parsed.ok) return [opaque(call, "docker exec options", parsed.reason)];
  const [container, ...command] = parsed.value.operands;
  if (container?.value === undefined || command.length === 0) return [opaque(call, "docker exec", "needs a static container name and a command")];
  const name = container.value;
  return [effect(call, "read", "docker exec", `runs a command inside ${name}`, { service: name }), ...call.inner(command)];
}

/** Names passed to a read-only docker command still count for the protected-service check. */
function mentioned(call: Invocation, words: Invocation["argv"]): Effect[] {
  return words
    .filter((w, i) => w.value && !w.value.startsWith("-") && !/^(-f|--format)$/.test(words[i - 1]?.value ?? ""))
    .map((w) => effect(call, "read", "docker (names)", `names ${w.value}`, { service: w.value }));
}

/** A compose project is stateful unless every service it names is declared stateless. */
function compose(call: Invocation, args: Invocation["argv"]): Effect[] {
  const global = parseOptions(args, { stopAtOperand: true, valued: "fp", long: { file: "value", "project-name": "value" } });
  if (!global.ok) return [opaque(call, "docker compose options", global.reason)];
  const [verbWord, ...rest] = global.value.operands;
  const verb = verbWord?.value;
  if (verb === undefined) return [opaque(call, "docker compose", "no static subcommand")];
  if (["ps", "logs", "config", "images", "top", "ls", "version"].includes(verb)) {
    // Only their plain forms: `config -o FILE` writes, and other options are not read here.
    if (rest.some((w) => w.value === undefined || w.value.startsWith("-")))
      return [opaque(call, `docker compose ${verb} options`, "only the plain inspecting form is in the vocabulary")];
    return [effect(call, "read", `docker compose ${verb}`, "inspects the project")];
  }
  if (["restart", "stop", "start", "kill", "pause", "unpause"].includes(verb)) {
    const parsed = parseOptions(rest, { valued: "ts", long: { timeout: "value", signal: "value" } });
    if (!parsed.ok) return [opaque(call, `docker compose ${verb} options`, parsed.reason)];
    const names = parsed.value.operands.map((w) => w.value);
    if (names.length === 0)
      return [effect(call, "stateful-restart", `docker compose ${verb}`, "acts on the whole project, whose services are not all declared stateless")];
    return restarts(call, names, `docker compose ${verb}`);
  }
  if (verb === "down" || verb === "rm")
    return [
      effect(call, "stateful-restart", `docker compose ${verb}`, "stops and removes the project's containers"),
      ...(rest.some((w) => /^-[a-z]*v|^--volumes/.test(w.value ?? "")) ? [effect(call, "data", `docker compose ${verb} -v`, "removes volumes")] : []),
    ];
  return [effect(call, "server", `docker compose ${verb}`, "changes the project's containers")];
}

/** kill, pkill, killall: a restart of what they name; PID 1 or -1 is the whole machine. */
const kill: Handler = (call) => {
  // bash's kill reads options only before the first pid: `kill 1234 -0` sends SIGTERM to 1234 and to group 0.
  const parsed = parseOptions(call.argv.slice(1), {
    stopAtOperand: true,
    numeric: true,
    flags: "lL",
    valued: "sn",
    long: { signal: "value", list: "flag", table: "flag" },
  });
  if (!parsed.ok) return [opaque(call, "kill options", parsed.reason)];
  if (parsed.value.options.has("l") || parsed.value.options.has("L") || parsed.value.options.has("list"))
    return [effect(call, "read", "kill -l", "lists signals")];
  const signals = [
    ...(parsed.value.options.get("#") ?? []),
    ...(parsed.value.options.get("s") ?? []),
    ...(parsed.value.options.get("n") ?? []),
    ...(parsed.value.options.get("signal") ?? []),
  ];
  const pids = parsed.value.operands.map((w) => w.value);
  if (pids.length === 0) return [opaque(call, "kill", "names no process")];
  // Only a kill whose every signal option says 0 merely checks (bash uses the last one given).
  const checkOnly = signals.length > 0 && signals.every((s) => /^(0|SIG0)$/i.test(s));
  return pids.map((pid) => {
    if (pid === undefined) return opaque(call, "kill", "a process id is not static");
    // PIDs as numbers: -01 is -1 (every process), 01 is 1 (init); 0 and a negative id are process groups.
    const n = /^-?\d+$/.test(pid) ? Number(pid) : Number.NaN;
    if (n === 1 || n === -1) return effect(call, "reboot", `kill ${pid}`, n === 1 ? "signals init (PID 1)" : "signals every process");
    if (Number.isNaN(n) || n <= 0) return opaque(call, "kill", `${pid} is a process group or not a process id`);
    if (checkOnly) return effect(call, "read", "kill -0", "only checks that a process exists");
    return effect(call, "stateful-restart", "kill", `kills process ${pid}, which the classifier cannot tie to a stateless service`);
  });
};

const pkill: Handler = (call) => {
  const verb = call.argv[0]!.value!.replace(/^.*\//, "");
  const parsed = parseOptions(call.argv.slice(1), {
    numeric: true,
    flags: "xe",
    valued: verb === "pkill" ? "sF" : "s",
    long: { signal: "value", exact: "flag", ...(verb === "pkill" ? { pidfile: "value" as const } : {}) },
  });
  if (!parsed.ok) return [opaque(call, `${call.argv[0]!.value} options`, parsed.reason)];
  const names = parsed.value.operands.map((w) => w.value);
  // `pkill -F FILE` signals the PID in FILE: a process service when FILE is its declared pidFile.
  const pidFiles = [...(parsed.value.options.get("F") ?? []), ...(parsed.value.options.get("pidfile") ?? [])];
  if (pidFiles.length > 0) {
    if (pidFiles.length > 1 || names.length > 0) return [opaque(call, "pkill -F", "a pid file together with other pid files or patterns")];
    const file = pidFiles[0];
    const service = file === undefined ? undefined : call.env.processFor(file);
    if (service === undefined)
      return [
        opaque(call, "pkill -F", `${file ?? "a pid file that is not static"} is not the pidFile of a process service the inventory declares on this host`),
      ];
    return restarts(call, [service], "pkill -F");
  }
  // A process name with pattern characters matches many processes; only plain names are services.
  return restarts(
    call,
    names.map((n) => (n !== undefined && /[^\w.@-]/.test(n) ? `${n}*` : n)),
    verb,
  );
};

export const SERVICE_COMMANDS: Record<string, Handler> = {
  systemctl,
  service,
  docker,
  "docker-compose": (call) => compose(call, call.argv.slice(1)),
  kill,
  pkill,
  killall: pkill,
  killall5: (call) => [effect(call, "reboot", "killall5", "signals every process")],
};
