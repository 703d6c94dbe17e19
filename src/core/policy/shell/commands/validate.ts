import { checkRead, checkWrite } from "../paths.ts";
import { effect, opaque, type Handler } from "../shell-context.ts";
import { NETWORK_COMMANDS } from "./network.ts";

/** Validators: they read a configuration and say whether it is valid, nothing else. */
const promtool: Handler = (call) => {
  const [verb, what] = call.argv.slice(1).map((w) => w.value);
  if (verb === "check" && what !== undefined && /^(rules|config|metrics|web-config)$/.test(what)) {
    if (call.argv.slice(3).some((w) => w.value === undefined || (w.value.startsWith("-") && !/^--(lint=\w+|lint-fatal|syntax-only)$/.test(w.value))))
      return [opaque(call, `promtool check ${what}`, "only the plain file-checking form is in the vocabulary")];
    return [effect(call, "validate", `promtool check ${what}`, "validates without loading")];
  }
  // healthy / ready ask a server: where is the --url (default: the step's own loopback).
  if (verb === "check" && (what === "healthy" || what === "ready")) {
    const urls = call.argv.slice(3).map((w) => w.value);
    if (urls.some((u) => u === undefined || !u.startsWith("--url="))) return [opaque(call, `promtool check ${what}`, "only --url=URL is in the vocabulary")];
    const url = (urls.at(-1) as string | undefined)?.slice(6) ?? "http://localhost:9090";
    return [
      effect(call, "validate", `promtool check ${what}`, "asks a server whether it is up"),
      ...NETWORK_COMMANDS.curl!({
        ...call,
        argv: [
          { text: "curl", value: "curl" },
          { text: url, value: url },
        ],
      }),
    ];
  }
  if (verb === "test" && what === "rules") return [effect(call, "validate", "promtool test rules", "runs rule unit tests offline")];
  if (verb === "query") {
    // promtool query KIND SERVER …: the server is the third word, however it is spelled.
    const server = call.argv[3];
    if (server?.value === undefined || server.value.startsWith("-")) return [opaque(call, "promtool query", "the server is not a static URL in third place")];
    return [
      effect(call, "read", "promtool query", "queries Prometheus"),
      ...NETWORK_COMMANDS.curl!({ ...call, argv: [{ text: "curl", value: "curl" }, server] }),
    ];
  }
  return [opaque(call, "promtool", `promtool ${verb ?? ""} ${what ?? ""} is not in the vocabulary`)];
};

/**
 * A validator that must be called with its check flag, and with nothing else but a quiet flag and
 * the configuration file to check (`nginx -g 'load_module …'` would load and run code).
 */
function checkFlag(flag: string, what: string, fileFlag: string): Handler {
  return (call) => {
    const words = call.argv.slice(1).map((w) => w.value);
    const rest = words.filter((w) => w !== flag && w !== "-q");
    const file = rest[1];
    // A configuration the step itself may write can load modules (nginx load_module) and run them.
    const ownFile = file !== undefined && call.env.writable.some((root) => checkWrite(file, [root]).ok);
    const plain =
      words.includes(flag) &&
      (rest.length === 0 || (rest.length === 2 && rest[0] === fileFlag && file !== undefined && file.startsWith("/") && !ownFile && checkRead(file).ok));
    return plain
      ? [effect(call, "validate", `${call.argv[0]!.value} ${flag}`, what)]
      : [opaque(call, call.argv[0]!.value!, `only "${call.argv[0]!.value} ${flag} [${fileFlag} FILE]" (validation) is in the vocabulary`)];
  };
}

export const VALIDATE_COMMANDS: Record<string, Handler> = {
  promtool,
  amtool: (call) =>
    call.argv[1]?.value === "check-config"
      ? [effect(call, "validate", "amtool check-config", "validates")]
      : [opaque(call, "amtool", "only amtool check-config is in the vocabulary")],
  nginx: checkFlag("-t", "tests the configuration", "-c"),
  sshd: checkFlag("-t", "tests the configuration", "-f"),
};
