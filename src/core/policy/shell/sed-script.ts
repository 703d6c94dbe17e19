/**
 * The sed scripts a playbook may run: a grammar of the simple forms, not a list of bad ones.
 * GNU sed can write files (`w`, `s///w`) and run commands (`e`, `s///e`): any script outside
 * these forms is opaque.
 *
 *   script  := command (";" command)*          (one command when it inserts text)
 *   command := [address] ("d" | "p" | ("a"|"i"|"c") text | "s" D re D replacement D flags)
 *   address := number | "$" | "/" re "/"
 *   flags   := [gpI0-9]*
 */
export function isSimpleSedScript(script: string): boolean {
  if (script.length === 0 || script.length > 4096 || /[\n\r\0]/.test(script)) return false;
  let rest = script;
  for (;;) {
    rest = rest.replace(/^\s+/, "");
    const address = /^(\d+|\$|\/(?:[^/\\[]|\\.)*\/I?)?\s*/.exec(rest)!;
    rest = rest.slice(address[0].length);
    const command = rest[0];
    if (command === "a" || command === "i" || command === "c") return /^[aic]\\?\s?[^\\]*$/.test(rest) || /^[aic] /.test(rest);
    if (command === "d" || command === "p") rest = rest.slice(1);
    else if (command === "s") {
      const length = substitution(rest);
      if (length === undefined) return false;
      rest = rest.slice(length);
    } else return false;
    rest = rest.replace(/^\s+/, "");
    if (rest === "") return true;
    if (rest[0] !== ";") return false;
    rest = rest.slice(1);
  }
}

/** The length of `s D re D text D flags`, or undefined when it is not that form. */
function substitution(text: string): number | undefined {
  const delimiter = text[1];
  if (!delimiter || /[\s\\\n;]/.test(delimiter)) return undefined;
  let i = 2;
  for (let part = 0; part < 2; part++) {
    // No bracket expressions: GNU sed skips the delimiter inside [...], so `s/[/]/g;/e` hides an e flag.
    for (; i < text.length && text[i] !== delimiter; i++) {
      if (text[i] === "[") return undefined;
      if (text[i] === "\\") i++;
    }
    if (i >= text.length) return undefined;
    i++;
  }
  const flags = /^[gpI0-9]*/.exec(text.slice(i))![0];
  return i + flags.length;
}
