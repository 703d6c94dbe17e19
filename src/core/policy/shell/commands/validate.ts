import { effect, opaque, type Handler } from "../shell-context.ts";
import { NETWORK_COMMANDS } from "./network.ts";

/** Validators: they read a configuration and say whether it is valid, nothing else. */
const promtool: Handler = (call) => {
  const [verb, what] = call.argv.slice(1).map((w) => w.value);
  if (verb === "check" && what !== undefined && /^(rules|config|metrics|web-config|healthy|ready)$/.test(what)) return [effect(call, "validate", `promtool check ${what}`, "validates without loading")];
  if (verb === "test" && what === "rules") return [effect(call, "validate", "promtool test rules", "runs rule unit tests offline")];
  if (verb === "query") {
    const url = call.argv.slice(3).find((w) => /^https?:/.test(w.value ?? ""));
    return [effect(call, "read", "promtool query", "queries Prometheus"), ...(url ? NETWORK_COMMANDS.curl!({ ...call, argv: [{ text: "curl", value: "curl" }, url] }) : [])];
  }
  return [opaque(call, "promtool", `promtool ${verb ?? ""} ${what ?? ""} is not in the vocabulary`)];
};

/** A validator that must be called with its check flag. */
function checkFlag(flag: string, what: string): Handler {
  return (call) => {
    const words = call.argv.slice(1).map((w) => w.value);
    return words.includes(flag) && !words.includes(undefined)
      ? [effect(call, "validate", `${call.argv[0]!.value} ${flag}`, what)]
      : [opaque(call, call.argv[0]!.value!, `only "${call.argv[0]!.value} ${flag}" (validation) is in the vocabulary`)];
  };
}

export const VALIDATE_COMMANDS: Record<string, Handler> = {
  promtool,
  amtool: (call) => (call.argv[1]?.value === "check-config" ? [effect(call, "validate", "amtool check-config", "validates")] : [opaque(call, "amtool", "only amtool check-config is in the vocabulary")]),
  nginx: checkFlag("-t", "tests the configuration"),
  sshd: checkFlag("-t", "tests the configuration"),
};
