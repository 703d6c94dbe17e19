import { describe, expect, it } from "vitest";
import { approvalPayload, canonicalJson, type RenderedPlan } from "../../src/core/escalation/approval-payload.ts";
import { parseChangeRequest, renderChangeRequest, type ChangeRequest } from "../../src/core/escalation/change-request.ts";
import { itemOf } from "../../src/core/escalation/markers.ts";
import { GITHUB_BODY_LIMIT, renderEscalationBody, type Escalation } from "../../src/core/escalation/render-escalation-body.ts";
import { approvalHash } from "../../src/adapters/github/approval-hash.ts";

const request: ChangeRequest = {
  backlogId: "B-0007",
  playbook: "timescaledb-compression",
  host: "db01",
  params: { table: "ticks" },
  window: "sat 09:00-13:00",
};
const plan: RenderedPlan = {
  snapshot: [{ ssh: "df -h /var/lib/postgresql", as: "operator" }],
  apply: [{ sql: "SELECT compress_chunk(c) FROM show_chunks('ticks') c LIMIT 1", database: "market" }],
  verify: [{ sql: "SELECT 1", database: "market" }],
  rollback: [{ sql: "SELECT decompress_chunk(c) FROM show_chunks('ticks') c", database: "market" }],
};
const escalation: Escalation = {
  backlogId: "B-0007",
  title: "db01 disk reaches 80% in ~2 weeks",
  reason: "compressing data is a data-class change: never unattended",
  evidence: [
    { date: "2026-11-24", text: "disk 71%" },
    { date: "2026-11-25", text: "disk 72%\n(+1 point/day)" },
  ],
  options: [
    { title: "Compress old chunks", tradeoffs: "frees ~60%; CPU for an hour", recommended: true },
    { title: "Grow the volume", tradeoffs: "costs money; no risk to data" },
  ],
  changeRequest: request,
  plan,
  blastRadius: ["db01: market database"],
  rollbackCost: "decompressing needs ~40 GB free",
  ledgerUrl: "https://github.com/acme/ops/blob/main/BACKLOG.md#b-0007",
  updated: "2026-11-25",
};

describe("the escalation pull request body", () => {
  it("holds the evidence, options, the exact rendered plan, blast radius, rollback cost and how to decide", () => {
    const body = renderEscalationBody(escalation);
    expect(body.startsWith("<!-- rounds:backlog B-0007 -->\n## B-0007: db01 disk reaches 80% in ~2 weeks")).toBe(true);
    for (const part of [
      "- 2026-11-25: disk 72% (+1 point/day)",
      "1. **Compress old chunks** (recommended) — frees ~60%; CPU for an hour",
      "ssh: df -h /var/lib/postgresql",
      "sql (market): SELECT compress_chunk(c) FROM show_chunks('ticks') c LIMIT 1",
      "**4. Rollback (if verify fails)**",
      "- db01: market database",
      "decompressing needs ~40 GB free",
      "**Approve:** merge this pull request",
      "`/drop <reason>`",
    ])
      expect(body).toContain(part);
    expect(itemOf(body)).toEqual({ kind: "backlog", id: "B-0007" });
  });

  it("stays under GitHub's limit by cutting the oldest evidence and linking the ledger", () => {
    const evidence = Array.from({ length: 3000 }, (_, i) => ({ date: `day ${String(i).padStart(4, "0")}`, text: "x".repeat(60) }));
    const body = renderEscalationBody({ ...escalation, evidence });
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toContain("- day 2999:");
    expect(body).not.toContain("- day 0000:");
    expect(body).toMatch(/… \d+ older entries in \[BACKLOG\.md\]/);
    const tiny = renderEscalationBody(escalation, 400);
    expect(tiny.length).toBeLessThanOrEqual(400);
    expect(tiny).toContain("the full item is in [BACKLOG.md]");
  });
});

describe("change requests and the approval hash", () => {
  it("round-trips changes/B-NNNN.yml and refuses a file named for another item", () => {
    const text = renderChangeRequest(request);
    const { value, issues } = parseChangeRequest("changes/B-0007.yml", text);
    expect({ value, issues }).toEqual({ value: request, issues: [] });
    expect(parseChangeRequest("changes/B-0008.yml", text).issues[0]!.message).toContain("names B-0007");
    expect(parseChangeRequest("changes/B-0007.yml", `${text}extra: 1\n`).issues[0]).toMatchObject({ path: "extra" });
  });

  it("is canonical: key order does not matter, any change to what runs does", () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: "x" }] })).toBe('{"a":[{"c":"x"}],"b":1}');
    const reordered = JSON.parse(JSON.stringify({ plan, request })) as { plan: RenderedPlan; request: ChangeRequest };
    expect(approvalPayload(reordered.request, reordered.plan)).toBe(approvalPayload(request, plan));
    const hash = approvalHash(request, plan);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(approvalHash({ ...request, params: { table: "ticks2" } }, plan)).not.toBe(hash);
    expect(approvalHash(request, { ...plan, rollback: [] })).not.toBe(hash);
    expect(approvalHash(request, { ...plan, apply: [...plan.apply].reverse().concat(plan.verify) })).not.toBe(hash);
  });

  it("covers the machine the steps run on: editing the host's address, port, key, DSN variable or jump path after approval changes the hash", async () => {
    const { loadTemplateConfig } = await import("../support/template.ts");
    const { renderChangePlan } = await import("../../src/core/escalation/render-change-plan.ts");
    const hashWith = async (edit: (inventory: string) => string) => {
      const config = await loadTemplateConfig((files) => {
        files["inventory.yml"] = edit(files["inventory.yml"]!);
      });
      const rendered = renderChangePlan(config, { ...request, params: { table: "ticks", segment_by: "symbol" } });
      if (!rendered.ok) throw new Error(rendered.problems.join("; "));
      return approvalHash(request, rendered.plan);
    };
    const approved = await hashWith((i) => i);
    for (const edit of [
      (i: string) => i.replace("address: 192.168.100.20", "address: 192.168.100.99"),
      (i: string) => i.replace("address: 192.168.100.20", "address: 192.168.100.20\n    port: 2222"),
      (i: string) => i.replace("address: 192.168.100.20", "address: 192.168.100.20\n    jump: nas01"),
      (i: string) => i.replace("operatorDsnEnv: ROUNDS_DB01_OPERATOR_DSN", "operatorDsnEnv: ROUNDS_OTHER_DSN"),
      (i: string) => i.replace("snapshotRoot: /var/lib/rounds/snapshots", "snapshotRoot: /var/lib/rounds/elsewhere"),
    ])
      expect(await hashWith(edit)).not.toBe(approved);
    expect(await hashWith((i) => i.replace("# inventory.yml — the fleet", "# inventory.yml — our fleet"))).toBe(approved);
  });

  it("finds an item by its bot branch before any body marker a person could edit", () => {
    expect(itemOf("<!-- rounds:idea I-0003 -->", "rounds/B-0002")).toEqual({ kind: "backlog", id: "B-0002" });
    expect(itemOf("<!-- rounds:idea I-0003 -->")).toEqual({ kind: "idea", id: "I-0003" });
    expect(itemOf("B-0002 is mentioned in prose", "feature/x")).toBeUndefined();
  });
});
