// Items are found on GitHub by stable ids in HTML comments, never by guessing from titles or prose:
// a person may edit a title, and the bot must still know which item it is looking at.

const BACKLOG_MARKER = /<!--\s*rounds:backlog\s+(B-\d{4,})\s*-->/;
const IDEA_MARKER = /<!--\s*rounds:idea\s+(I-\d{4,})\s*-->/;

export function backlogMarker(id: string): string {
  return `<!-- rounds:backlog ${id} -->`;
}

export function ideaMarker(id: string): string {
  return `<!-- rounds:idea ${id} -->`;
}

/** The ledger item an issue or pull request is about, from its body marker or its `rounds/B-NNNN` branch. */
export function itemOf(body: string | null | undefined, headRef?: string): { kind: "backlog" | "idea"; id: string } | undefined {
  // A bot branch outranks anything written in a body that people can edit.
  const branch = /^rounds\/(B-\d{4,})$/.exec(headRef ?? "");
  if (branch) return { kind: "backlog", id: branch[1]! };
  const idea = IDEA_MARKER.exec(body ?? "");
  if (idea) return { kind: "idea", id: idea[1]! };
  const backlog = BACKLOG_MARKER.exec(body ?? "");
  return backlog ? { kind: "backlog", id: backlog[1]! } : undefined;
}

/** The branch an escalation pull request lives on. */
export function escalationBranch(backlogId: string): string {
  return `rounds/${backlogId}`;
}
