import { describe, expect, it } from "vitest";
import { auditPlaybooks } from "../../src/core/policy/audit-playbooks.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { parsers } from "../support/parsers.ts";

describe("static playbook audit (rounds check) on the classifier decide uses", () => {
  it("passes the template's playbook library, and lists the values the review would refuse", async () => {
    const audit = auditPlaybooks(await loadTemplateConfig(), parsers);
    expect(audit.issues).toEqual([]);
    expect(audit.notes.some((n) => n.includes("container=trading-alpha at steps.snapshot[0]: protected-service"))).toBe(true);
    expect(audit.notes.some((n) => n.includes("container=quote-cache at steps.apply[0]: misclassified"))).toBe(true);
  });

  it("says, without failing, that a playbook has nothing to run on a host that lists no value for it", async () => {
    const config = await loadTemplateConfig((files) => {
      files["inventory.yml"] = files["inventory.yml"]!.replace("      - { name: postgres-exporter, kind: container, stateless: true }\n", "");
    });
    const audit = auditPlaybooks(config, parsers);
    expect(audit.notes).toContain(
      'playbook "restart-stateless-container" never runs on db01: a parameter has no default and the inventory lists no value for it there',
    );
    expect(audit.issues.filter((i) => i.message.includes("restart-stateless-container"))).toEqual([]);
  });

  it("refuses a default the host's inventory does not have", async () => {
    const config = await loadTemplateConfig((files) => {
      files["playbooks/postgres-monitoring-role.yml"] = files["playbooks/postgres-monitoring-role.yml"]!.replace(
        "default: postgres-exporter",
        "default: pg-exporter-typo",
      );
    });
    const audit = auditPlaybooks(config, parsers);
    expect(audit.issues.map((i) => i.message).join("\n")).toMatch(/postgres-monitoring-role" on db01: parameters: .*pg-exporter-typo/);
  });

  it("refuses a declared path that is a system root, naming the file and key", async () => {
    await expect(
      loadTemplateConfig((files) => {
        files["playbooks/prometheus-alert-rules.yml"] = files["playbooks/prometheus-alert-rules.yml"]!.replace(
          "paths: [/etc/prometheus/rules.d]",
          "paths: [/etc]",
        );
      }),
    ).rejects.toThrow(/prometheus-alert-rules\.yml.*paths.*system root/);
  });
});
