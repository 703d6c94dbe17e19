import { readFile } from "node:fs/promises";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const yaml = async (path: string) => load(await readFile(`${root}${path}`, "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("the GitHub files Rounds ships", () => {
  it("app.yml asks for the least permissions and the two events the handlers use", async () => {
    const app = await yaml("app.yml");
    expect(app.default_permissions).toEqual({ contents: "write", pull_requests: "write", issues: "write", metadata: "read" });
    expect(app.default_events).toEqual(["issue_comment", "pull_request"]);
  });

  it("the workflows that write share one non-cancelling concurrency group and run on the fleet's runner", async () => {
    for (const file of ["daily-review.yml", "events.yml"]) {
      const workflow = await yaml(`ops-repo-template/.github/workflows/${file}`);
      expect(workflow.concurrency, file).toEqual({ group: "rounds-ops", "cancel-in-progress": false });
      for (const job of Object.values(workflow.jobs as Record<string, { "runs-on": unknown; steps: { uses?: string }[] }>)) {
        expect(job["runs-on"]).toEqual(["self-hosted", "rounds"]);
        // The App's token, so the pull requests Rounds opens start workflows (GITHUB_TOKEN's do not).
        expect(job.steps[0]!.uses).toMatch(/^actions\/create-github-app-token@/);
      }
    }
  });

  it("daily review runs after the market closes and on demand; events listen to comments and closed PRs from the default branch", async () => {
    const daily = await yaml("ops-repo-template/.github/workflows/daily-review.yml");
    expect(daily.on.schedule.map((s: { cron: string }) => s.cron)).toEqual(["45 21 * * 1-5", "0 14 * * 0,6"]);
    expect(daily.on).toHaveProperty("workflow_dispatch");
    const events = await yaml("ops-repo-template/.github/workflows/events.yml");
    expect(events.on).toEqual({ issue_comment: { types: ["created"] }, pull_request_target: { types: ["closed"] } });
    const lint = await yaml("ops-repo-template/.github/workflows/ledger-lint.yml");
    expect(lint.on).toHaveProperty("pull_request");
    expect(lint.jobs.lint.steps[1].with.command).toBe("lint --ops . --base origin/${{ github.base_ref }}");
  });

  it("action.yml is a composite action that never pastes its input into the script", async () => {
    const action = await yaml("action.yml");
    expect(action.runs.using).toBe("composite");
    for (const step of action.runs.steps as { run?: string }[]) expect(step.run ?? "").not.toContain("${{");
  });

  it("CODEOWNERS makes guardrails.yml and playbooks/ human-owned", async () => {
    const owners = await readFile(`${root}ops-repo-template/.github/CODEOWNERS`, "utf8");
    expect(owners).toMatch(/^\/guardrails\.yml\s+@/m);
    expect(owners).toMatch(/^\/playbooks\/\s+@/m);
  });
});
