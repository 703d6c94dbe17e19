import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { renderChangeRequest } from "../../../src/core/escalation/change-request.ts";
import { MERGE_REQUEST, TEMPLATE } from "./ops-repo-fixture.ts";
import { MERGE_SHA } from "./payloads.ts";
import { API } from "./probot-harness.ts";

/**
 * Serves the ops repo's files at the merge commit through the contents API — and only at the merge
 * commit: a read at any other ref (the PR head, a branch name) finds no mock and fails the test.
 */
export async function serveMergeCommit(overrides: Record<string, string> = {}): Promise<void> {
  const files: Record<string, string> = {
    "guardrails.yml": await readFile(join(TEMPLATE, "guardrails.yml"), "utf8"),
    "inventory.yml": await readFile(join(TEMPLATE, "inventory.yml"), "utf8"),
    "changes/B-0001.yml": renderChangeRequest(MERGE_REQUEST),
    ...overrides,
  };
  for (const name of await readdir(join(TEMPLATE, "playbooks"))) files[`playbooks/${name}`] = await readFile(join(TEMPLATE, "playbooks", name), "utf8");
  const scope = nock(API);
  for (const [path, text] of Object.entries(files)) {
    scope
      .get((uri) => decodeURIComponent(uri).split("?")[0] === `/repos/acme/ops/contents/${path}`)
      .query({ ref: MERGE_SHA })
      .reply(200, { type: "file", name: path.split("/").pop(), path, encoding: "base64", content: Buffer.from(text).toString("base64") });
  }
  const playbooks = Object.keys(files).filter((p) => p.startsWith("playbooks/"));
  scope
    .get("/repos/acme/ops/contents/playbooks")
    .query({ ref: MERGE_SHA })
    .reply(
      200,
      playbooks.map((p) => ({ type: "file", name: p.split("/")[1], path: p })),
    );
}
