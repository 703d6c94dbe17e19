import { describe, expect, it } from "vitest";
import { auditPlaybooks } from "../../src/core/policy/audit-playbooks.ts";
import { formatIssue } from "../../src/errors.ts";
import { loadTemplateConfig } from "../support/template.ts";

const withApply = async (klass: string, command: string, extra = "") => {
  const config = await loadTemplateConfig((files) => {
    files["playbooks/audited.yml"] = `id: audited\ntitle: t\nclass: ${klass}\nmode: unattended\ntargets: { roles: [docker] }\n${extra}steps:\n  snapshot: [ { ssh: "true" } ]\n  apply:\n    - ssh: ${JSON.stringify(command)}\n  verify: [ { ssh: "true" } ]\n  rollback: [ { ssh: "true" } ]\n`;
  });
  return auditPlaybooks(config).map(formatIssue);
};

describe("static playbook audit (rounds check)", () => {
  it("passes the template's playbook library", async () => {
    expect(auditPlaybooks(await loadTemplateConfig())).toEqual([]);
  });

  it.each([
    ["reboot", "reboot/shutdown/poweroff/halt", "reboot"],
    ["sudo shutdown -h now", "reboot/shutdown/poweroff/halt", "reboot"],
    ["systemctl poweroff", "reboot/shutdown/poweroff/halt", "reboot"],
    ["systemctl kexec", "reboot/shutdown/poweroff/halt", "reboot"],
    ["init 6", "init 0/6", "reboot"],
    ["systemctl restart postgresql", "restart/stop of postgresql (not declared stateless)", "stateful-restart"],
    ["systemctl stop prometheus", "restart/stop of prometheus (not declared stateless)", "stateful-restart"],
    ["docker restart quote-cache", "restart/stop of quote-cache (not declared stateless)", "stateful-restart"],
    ["psql -c 'DROP TABLE ticks'", "DROP (table/database/schema)", "data"],
    ["psql -c 'DELETE FROM ticks WHERE ts < now()'", "DELETE", "data"],
    ["psql -c 'TRUNCATE ticks'", "TRUNCATE", "data"],
    ["psql -c 'ALTER TABLE ticks DROP COLUMN x'", "ALTER", "schema"],
    ["psql -c 'UPDATE ticks SET px = 0'", "UPDATE", "data"],
    ["psql -c 'INSERT INTO ticks VALUES (1)'", "INSERT", "data"],
    ["psql -c 'VACUUM FULL ticks'", "VACUUM FULL", "data"],
    ["rm -rf /var/lib/postgresql", "rm /var/lib/postgresql outside the playbook's declared paths", "data"],
    ["mkfs.ext4 /dev/sdb1", "mkfs", "data"],
    ["dd if=/dev/zero of=/dev/sda bs=1M", "dd", "data"],
  ])("refuses %j in a reversible playbook", async (command, pattern, effect) => {
    expect(await withApply("reversible", command)).toEqual([
      `playbooks/audited.yml: steps.apply[0]: playbook "audited" claims class "reversible" but this step matches "${pattern}" (${effect}); declare it in class/touches or remove the command`,
    ]);
  });

  it.each(["iptables -A INPUT -j DROP", "nft flush ruleset", "pfctl -d", "ufw disable"])("refuses the firewall command %j in any class", async (command) => {
    expect(await withApply("data", command)).toEqual([
      `playbooks/audited.yml: steps.apply[0]: playbook "audited" runs a firewall command (firewall command (iptables/nft/pfctl/ufw/firewall-cmd)): the firewall is never an operations target`,
    ]);
  });

  it("accepts what the declared class covers, and removals inside declared paths", async () => {
    expect(await withApply("stateful", "systemctl restart postgresql")).toEqual([]);
    expect(await withApply("reversible", "rm -rf /var/cache/app/tmp", "paths: [/var/cache/app]\n")).toEqual([]);
    expect(await withApply("reversible", "docker restart ollama")).toEqual([]);
    expect(await withApply("reversible", "curl -X DELETE http://127.0.0.1/cache")).toEqual([]);
  });
});
