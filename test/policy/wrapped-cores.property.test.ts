// Issue 10, item 9: known destructive cores, wrapped in random wrappers, quoting, escapes, paths
// and compositions, are never allowed unattended. The oracle is the construction itself: every
// generated step contains a destructive core, so the only right answer is "not safe". The list of
// safe effects below is written here, apart from src/core/policy/effects.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyShell } from "../../src/core/policy/shell/classify-shell.ts";
import { classifySql } from "../../src/core/policy/sql/classify-sql.ts";
import { decide } from "../../src/core/policy/decide.ts";
import type { PolicyContext } from "../../src/core/policy/decision.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { parsers } from "../support/parsers.ts";

const RUNS = Number(process.env.ROUNDS_PROPERTY_RUNS ?? 10_000);
/** What a step may contain and still run unattended (the test's own copy of the allow-list's effects). */
const SAFE = new Set(["read", "validate", "write", "reload", "restart", "local-http", "monitoring-role"]);

/** Destructive cores as argv, one or more per family of the issue. */
const CORES: string[][] = [
  ["reboot"],
  ["shutdown", "-r", "now"],
  ["systemctl", "reboot"],
  ["systemctl", "isolate", "rescue.target"],
  ["init", "6"],
  ["telinit", "0"],
  ["halt"],
  ["poweroff"],
  ["kill", "-9", "1"],
  ["kill", "-KILL", "-1"],
  ["kill", "-s", "TERM", "1"],
  ["rm", "-rf", "/var/lib/postgresql"],
  ["rm", "-rf", "/"],
  ["rm", "-r", "-f", "/etc"],
  ["find", "/var/lib/postgresql", "-delete"],
  ["truncate", "-s", "0", "/var/lib/postgresql/PG_VERSION"],
  ["mv", "/var/lib/postgresql", "/tmp/x"],
  ["rsync", "-a", "--delete", "/tmp/empty/", "/var/lib/postgresql/"],
  ["shred", "-u", "/etc/passwd"],
  ["chmod", "-R", "777", "/etc"],
  ["chown", "-R", "nobody", "/var/lib/postgresql"],
  ["mkfs.ext4", "/dev/sdb"],
  ["dd", "if=/dev/zero", "of=/dev/sda"],
  ["wipefs", "-a", "/dev/sda"],
  ["docker", "restart", "quote-cache"],
  ["docker", "restart", "ollama", "quote-cache"],
  ["docker", "rm", "-f", "quote-cache"],
  ["docker", "stop", "ollama", "trading-alpha"],
  ["docker", "compose", "down"],
  ["docker", "pause", "trading-beta"],
  ["systemctl", "restart", "postgresql"],
  ["systemctl", "-q", "stop", "postgresql"],
  ["service", "postgresql", "restart"],
  ["pkill", "-9", "postgres"],
  ["killall", "postgres"],
  ["iptables", "-F"],
  ["nft", "flush", "ruleset"],
  ["ufw", "disable"],
  ["ip", "link", "set", "eth0", "down"],
  ["ip", "route", "del", "default"],
  ["sysctl", "-w", "net.ipv4.ip_forward=0"],
  ["useradd", "-o", "-u", "0", "toor"],
  ["passwd", "-d", "root"],
  ["usermod", "-aG", "sudo", "rounds"],
  ["psql", "-c", "DROP TABLE ticks"],
  ["psql", "-c", "drop/**/table ticks"],
  ["dropdb", "market"],
  ["psql", "-c", "ALTER SYSTEM SET fsync = off"],
  ["ssh", "root@192.168.100.1", "true"],
  ["curl", "-X", "POST", "http://192.168.100.1/x"],
];
/** Cores whose effect is a redirection, kept whole. */
const REDIRECT_CORES = [
  "echo b > /proc/sysrq-trigger",
  "echo x >> /etc/sudoers",
  ": > /var/lib/postgresql/PG_VERSION",
  "cat /dev/zero > /dev/sda",
  "echo '* * * * * root x' > /etc/cron.d/x",
];

const single = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** One word, spelled another way: quoted, escaped, split into quoted parts. */
const spell = (word: string) =>
  fc.constantFrom(
    word,
    single(word),
    `"${word.replace(/["\\$`]/g, "\\$&")}"`,
    [...word].map((c) => (/[a-z]/i.test(c) ? `\\${c}` : c)).join(""),
    word.length > 2 ? `${word.slice(0, 1)}'${word.slice(1, -1).replaceAll("'", "")}'${word.slice(-1)}` : word,
    `${word}""`,
  );

/** The command name, also reached by a path. */
const command = (name: string) => fc.constantFrom(name, `/usr/bin/${name}`, `/sbin/${name}`, `/usr/local/../sbin/${name}`).chain(spell);

const coreArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(...CORES).chain(([name, ...args]) => fc.tuple(command(name!), ...args.map((a) => spell(a))).map((words) => words.join(" "))),
  },
  { weight: 1, arbitrary: fc.constantFrom(...REDIRECT_CORES) },
);

/** Wrappers that run their operand: each is a function from a command line to a command line. */
const WRAPPERS: ((cmd: string) => string)[] = [
  (c) => `sudo ${c}`,
  (c) => `sudo -n ${c}`,
  (c) => `sudo -u root -E ${c}`,
  (c) => `sudo -- ${c}`,
  (c) => `env ${c}`,
  (c) => `env -i PATH=/usr/bin ${c}`,
  (c) => `FOO=1 ${c}`,
  (c) => `nohup ${c}`,
  (c) => `exec ${c}`,
  (c) => `command ${c}`,
  (c) => `command -p ${c}`,
  (c) => `timeout 5 ${c}`,
  (c) => `timeout -s KILL 10s ${c}`,
  (c) => `nice -n 10 ${c}`,
  (c) => `ionice -c3 ${c}`,
  (c) => `stdbuf -oL ${c}`,
  (c) => `time ${c}`,
  (c) => `xargs ${c} < /dev/null`,
  (c) => `su -c ${single(c)}`,
  (c) => `su root -c ${single(c)}`,
  (c) => `runuser -u root -- ${c}`,
  (c) => `sh -c ${single(c)}`,
  (c) => `bash -lc ${single(c)}`,
  (c) => `ssh agent01 ${single(c)}`,
  (c) => `docker exec ollama ${c}`,
  (c) => `find /srv/app/conf -maxdepth 0 -exec ${c} \\;`,
];

/** Compositions that run the command somewhere inside a larger script. */
const COMPOSITIONS: ((cmd: string) => string)[] = [
  (c) => `true && ${c}`,
  (c) => `${c} || true`,
  (c) => `false || ${c}`,
  (c) => `(${c})`,
  (c) => `{ ${c}; }`,
  (c) => `echo ok; ${c}`,
  (c) => `${c} | cat`,
  (c) => `docker ps | ${c}`,
  (c) => `if true; then ${c}; fi`,
  (c) => `for i in 1; do ${c}; done`,
  (c) => `echo "$(${c})"`,
  (c) => `echo \`${c.replace(/[\\`$]/g, "\\$&")}\``,
  (c) => `test -n "$(${c})"`,
  (c) => `${c} &`,
  (c) => `${c} 2>/dev/null`,
  (c) => `set -e\n${c}`,
  (c) => `docker ps\n\n${c}\n`,
  (c) => `case x in x) ${c};; esac`,
  (c) => `while ! ${c}; do sleep 1; done`,
];

const stepArb = fc
  .tuple(coreArb, fc.array(fc.nat({ max: WRAPPERS.length - 1 }), { maxLength: 3 }), fc.array(fc.nat({ max: COMPOSITIONS.length - 1 }), { maxLength: 2 }))
  .map(([core, wrappers, compositions]) => {
    let step = core;
    for (const w of wrappers) step = WRAPPERS[w]!(step);
    for (const c of compositions) step = COMPOSITIONS[c]!(step);
    return step;
  });

const env = {
  writable: ["/srv/app/conf", "/var/lib/rounds/snapshots/pending"],
  isStateless: (s: string) => s === "ollama",
  known: () => true,
  processFor: () => undefined,
  sql: (text: string) => classifySql(text, parsers),
};

const config = await loadTemplateConfig();
const base = config.playbooks.find((p) => p.id === "restart-stateless-container")!;
const context: PolicyContext = {
  config,
  now: new Date("2026-11-25T22:00:00Z"),
  cadence: "daily",
  changesToday: 0,
  locks: [],
  killSwitch: { engaged: false },
  parsers,
};

describe(`wrapped destructive cores (${RUNS} cases)`, () => {
  // Parsing dominates (~4 ms a case through mvdan-sh, BENCHMARKS.md): give a slow CI machine room.
  it("are never classified safe, and a sample of them is never allowed by decide", { timeout: 600_000 }, () => {
    let decided = 0;
    fc.assert(
      fc.property(stepArb, fc.nat({ max: 49 }), (step, sample) => {
        const effects = classifyShell(step, env, parsers);
        const unsafe = effects.filter((e) => !SAFE.has(e.effect));
        expect(unsafe.length, `${step} was classified safe: ${effects.map((e) => `${e.effect} (${e.rule})`).join(", ")}`).toBeGreaterThan(0);
        if (sample === 0) {
          // The whole path: the step as the apply of a reversible, unattended playbook, on agent01.
          const playbook = { ...base, id: "wrapped", steps: { ...base.steps, apply: [{ ssh: step, as: "operator" as const }] } };
          const verdict = decide(
            { playbook: "wrapped", host: "agent01", params: { container: "ollama" }, mode: "unattended" },
            { ...context, config: { ...config, playbooks: [...config.playbooks, playbook] } },
          ).verdict;
          expect(verdict, step).not.toBe("allow");
          decided++;
        }
      }),
      { numRuns: RUNS },
    );
    expect(decided).toBeGreaterThan(RUNS / 100);
  });

  it("the wrappers and compositions keep a benign command benign (the generator is not refusing everything)", () => {
    const benign = ["docker restart ollama", "cat /etc/hostname", "true"];
    const kept = [
      (c: string) => `sudo -n ${c}`,
      (c: string) => `timeout 5 ${c}`,
      (c: string) => `true && ${c}`,
      (c: string) => `{ ${c}; }`,
      (c: string) => `if true; then ${c}; fi`,
      (c: string) => `nice -n 10 ${c}`,
    ];
    for (const cmd of benign)
      for (const wrap of kept)
        expect(
          classifyShell(wrap(cmd), env, parsers).every((e) => SAFE.has(e.effect)),
          wrap(cmd),
        ).toBe(true);
  });
});
