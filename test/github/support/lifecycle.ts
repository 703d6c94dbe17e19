import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { createOpsRepo, removeSeededRemote } from "./ops-repo-fixture.ts";
import { RecordingChangeRunner, createTestProbot } from "./probot-harness.ts";

/** No real network (127.0.0.1 allowed when asked), and every test fails if a mock was left unused. */
export function useNock(options: { localhost?: boolean } = {}): void {
  beforeAll(() => {
    nock.disableNetConnect();
    if (options.localhost) nock.enableNetConnect("127.0.0.1");
  });
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
}

/** Per test: a fresh real ops repo, a recording change runner and a Probot with Rounds loaded. */
export function useRoundsApp(event: "issue_comment" | "pull_request") {
  let delivery = 0;
  const state = {} as { repo: Awaited<ReturnType<typeof createOpsRepo>>; runner: RecordingChangeRunner; app: Awaited<ReturnType<typeof createTestProbot>> };
  beforeEach(async () => {
    state.repo = await createOpsRepo();
    state.runner = new RecordingChangeRunner();
    state.app = await createTestProbot(state.repo.access, state.runner);
  });
  afterEach(() => state.repo.cleanup());
  afterAll(() => removeSeededRemote());
  return {
    get repo() {
      return state.repo;
    },
    get runner() {
      return state.runner;
    },
    get logs() {
      return state.app.logs;
    },
    receive: (payload: object, id = `delivery-${++delivery}`) => state.app.probot.receive({ id, name: event, payload } as never),
  };
}
