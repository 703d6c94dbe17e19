import { describe, expect, it } from "vitest";
import { loadOpsConfig } from "../../src/config/load-ops-config.ts";
import { formatIssue } from "../../src/errors.ts";
import { loadTemplateConfig, memorySource, templateFiles } from "../support/template.ts";

/** Loads the template with one edit and returns every issue, formatted as the user sees it. */
async function issuesAfter(edit: (files: Record<string, string>) => void): Promise<string[]> {
  const files = templateFiles();
  edit(files);
  const { issues } = await loadOpsConfig(memorySource(files));
  return issues.map(formatIssue);
}

const replace = (file: string, from: string | RegExp, to: string) => (files: Record<string, string>) => {
  const before = files[file]!;
  files[file] = before.replace(from, to);
  if (files[file] === before) throw new Error(`test edit did not apply to ${file}: ${from}`);
};

describe("the ops-repo template", () => {
  it("accepts a pinned host key with a trailing comment, as a .pub file has it", async () => {
    const config = await loadTemplateConfig((files) => {
      files["inventory.yml"] = files["inventory.yml"]!.replace(
        "  - name: db01\n    address: 192.168.100.20\n",
        "  - name: db01\n    address: 192.168.100.20\n    hostKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@db01\n",
      );
    });
    expect(config.inventory.hosts.find((h) => h.name === "db01")?.hostKey).toMatch(/ root@db01$/);
  });

  it("validates without a single issue", async () => {
    const config = await loadTemplateConfig();
    expect(config.inventory.hosts.map((h) => h.name)).toContain("fw01");
    expect(config.guardrails.protected.hosts).toEqual(["fw01"]);
    expect(config.playbooks.map((p) => p.id).sort()).toEqual([
      "postgres-monitoring-role",
      "prometheus-alert-rules",
      "restart-stateless-container",
      "timescaledb-compression",
    ]);
  });
});

describe("malformed configurations get a clear message naming file, key and line", () => {
  const cases: [string, (files: Record<string, string>) => void, string[]][] = [
    [
      "an unknown key with a did-you-mean",
      replace("guardrails.yml", "maxChangesPerDay: 1", "maxChangePerDay: 1"),
      ['guardrails.yml:25: unattended.maxChangePerDay: unknown key "maxChangePerDay" (did you mean "maxChangesPerDay"?)'],
    ],
    [
      "an unknown top-level key far from any known one",
      replace("guardrails.yml", "version: 1 ", "colour: blue\nversion: 1 "),
      ['guardrails.yml:4: colour: unknown key "colour"'],
    ],
    ["malformed YAML", replace("inventory.yml", "roles: [docker]", "roles: [docker"), ["inventory.yml:18: not valid YAML: deficient indentation"]],
    [
      "an empty file",
      (f) => {
        f["guardrails.yml"] = "  \n";
      },
      ["guardrails.yml: the file is empty"],
    ],
    [
      "a file with only comments",
      (f) => {
        f["guardrails.yml"] = "# nothing here\n";
      },
      ["guardrails.yml: the file is empty (it holds only comments)"],
    ],
    [
      "a missing file",
      (f) => {
        delete f["inventory.yml"];
      },
      ["inventory.yml: the file is missing"],
    ],
    [
      "duplicate host names",
      replace("inventory.yml", "name: collect02", "name: collect01"),
      [
        'inventory.yml:50: hosts[4].name: duplicate host name "collect01"',
        'guardrails.yml:50: busy[1].hosts[1]: unknown host "collect02" (did you mean "collect01"?); hosts are declared in inventory.yml',
      ],
    ],
    [
      "a duplicated key",
      replace("inventory.yml", "    roles: [docker]\n", "    roles: [docker]\n    roles: [web]\n"),
      ["inventory.yml:18: not valid YAML: duplicated mapping key"],
    ],
    [
      "a playbook that targets an unknown host",
      replace("playbooks/restart-stateless-container.yml", "targets: { roles: [docker, postgres] }", "targets: { hosts: [agent02] }"),
      ['playbooks/restart-stateless-container.yml:8: targets.hosts[0]: unknown host "agent02" (did you mean "agent01"?); hosts are declared in inventory.yml'],
    ],
    [
      "a playbook that targets an unknown role",
      replace("playbooks/restart-stateless-container.yml", "roles: [docker, postgres]", "roles: [dockr]"),
      ['playbooks/restart-stateless-container.yml:8: targets.roles[0]: no host in inventory.yml has the role "dockr" (did you mean "docker"?)'],
    ],
    [
      "a protected host named as a playbook target",
      replace("playbooks/restart-stateless-container.yml", "targets: { roles: [docker, postgres] }", "targets: { hosts: [fw01] }"),
      ['playbooks/restart-stateless-container.yml:8: targets.hosts[0]: "fw01" is a protected host in guardrails.yml: no playbook may target it'],
    ],
    [
      "a secret written inline where an environment variable name is expected",
      replace("inventory.yml", "dsnEnv: ROUNDS_DB01_DSN", 'dsnEnv: "postgres://exporter:hunter2@db01/market"'),
      [
        "inventory.yml:33: hosts[1].probes.postgres.dsnEnv: must be the NAME of an environment variable (A-Z, 0-9, _), not the secret itself: secrets never live in the ops repo",
      ],
    ],
    [
      "a protected host that is not in the inventory",
      replace("guardrails.yml", "hosts: [fw01]", "hosts: [fw1]"),
      ['guardrails.yml:12: protected.hosts[0]: unknown host "fw1" (did you mean "fw01"?); hosts are declared in inventory.yml'],
    ],
    [
      "a pinned host key written as a known_hosts line",
      replace(
        "inventory.yml",
        "  - name: db01\n    address: 192.168.100.20\n",
        "  - name: db01\n    address: 192.168.100.20\n    hostKey: 192.168.100.20 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n",
      ),
      [
        'inventory.yml:28: hosts[1].hostKey: must be a public key line "TYPE KEY [comment]", e.g. "ssh-ed25519 AAAAC3Nz… root@db01" (the host\'s /etc/ssh/ssh_host_ed25519_key.pub; from ssh-keyscan, drop the leading host name)',
      ],
    ],
    [
      "a wrong type",
      replace("guardrails.yml", "maxChangesPerDay: 1", "maxChangesPerDay: one"),
      ["guardrails.yml:25: unattended.maxChangesPerDay: Invalid input: expected number, received string"],
    ],
    [
      "a bad time zone",
      replace("guardrails.yml", "timezone: America/New_York", "timezone: Mars/Olympus"),
      ["guardrails.yml:7: timezone: is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)"],
    ],
    [
      "a playbook without a rollback",
      replace("playbooks/restart-stateless-container.yml", /  rollback:\n(.|\n)*$/, "  rollback: []\n"),
      ["playbooks/restart-stateless-container.yml:19: steps.rollback: a change without a rollback is refused: give at least one rollback step"],
    ],
    [
      "a process service without its pid file",
      replace("inventory.yml", "{ name: postgres-exporter, kind: container, stateless: true }", "{ name: postgres-exporter, kind: process, stateless: true }"),
      ["inventory.yml:36: hosts[1].services[1].pidFile: a process service gives its pidFile, and only a process service does"],
    ],
    [
      "a restart step naming a parameter that is not a service",
      replace("playbooks/restart-stateless-container.yml", "    - ssh: docker restart {{container}}", '    - restart: "{{container}}x"'),
      [
        "playbooks/restart-stateless-container.yml:16: steps.apply[0].restart: restart names one service: a literal name or a single {{parameter}} of type service, container or unit",
      ],
    ],
    [
      "a step that is none of the known kinds",
      replace("playbooks/restart-stateless-container.yml", "    - ssh: docker restart {{container}}", "    - shell: docker restart {{container}}"),
      ["playbooks/restart-stateless-container.yml:16: steps.apply[0]: a step is exactly one of: ssh, sql, write, backup, prometheus, http, restart"],
    ],
    [
      "an undeclared placeholder",
      replace("playbooks/restart-stateless-container.yml", "    - ssh: docker restart {{container}}", "    - ssh: docker restart {{contianer}}"),
      ['playbooks/restart-stateless-container.yml:16: steps.apply[0]: uses {{contianer}}, which is not a declared parameter (did you mean "container"?)'],
    ],
  ];
  it.each(cases)("%s", async (_name, edit, expected) => {
    expect(await issuesAfter(edit)).toEqual(expected);
  });
});
