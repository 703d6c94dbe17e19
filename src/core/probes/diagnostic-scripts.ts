/**
 * Read-only diagnostic scripts the observer identity may upload and run (see temp-script-commands.ts).
 * Each is a fixed text: the catalogue accepts an upload only when its content is exactly one of these.
 */
export const DIAGNOSTIC_SCRIPTS: Readonly<Record<string, string>> = {
  "top-processes": [
    "#!/bin/sh",
    "# The processes using the most CPU and memory right now.",
    "ps -eo pid,user,pcpu,pmem,rss,etime,comm --sort=-pcpu 2>/dev/null | head -n 16 || ps | head -n 16",
    "",
  ].join("\n"),
  "listening-sockets": [
    "#!/bin/sh",
    "# What listens on this host, to compare with what the inventory expects.",
    "if command -v ss >/dev/null 2>&1; then ss -ltnu; else netstat -ltnu; fi",
    "",
  ].join("\n"),
  "recent-errors": [
    "#!/bin/sh",
    "# Error-level journal lines of the last 24 hours, newest last.",
    "if command -v journalctl >/dev/null 2>&1; then journalctl -p err --since -24h --no-pager -q | tail -n 50; else tail -n 50 /var/log/messages 2>/dev/null; fi",
    "",
  ].join("\n"),
};
