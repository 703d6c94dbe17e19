import { IDEAS_FILE, IDEA_STATUSES, ideasSpec, type Idea, type IdeaStatus, type IdeasDoc } from "./ideas.ts";
import type { StatusChange } from "./item-lines.ts";
import { parseItemStructure } from "./item-structure.ts";
import { parseEvidenceList } from "./parse-evidence-list.ts";
import { parseStatusHistory } from "./parse-status-history.ts";

/** Parses IDEAS.md into ideas; `problems` lists everything it could not understand. */
export function parseIdeas(text: string, file: string = IDEAS_FILE): IdeasDoc {
  const structure = parseItemStructure(text, ideasSpec(file));
  const problems = [...structure.problems];
  const ideas = structure.items.map((block): Idea => {
    const at = (line: number, message: string) => problems.push({ file, line, message: `${block.id}: ${message}` });
    const fingerprint = block.fields.get("Fingerprint")?.value ?? "";
    if (!fingerprint) at(block.line, 'the "Fingerprint" field is missing');
    const history = parseStatusHistory(block, IDEA_STATUSES, at) as StatusChange<IdeaStatus>[];
    const status = history.at(-1)?.status ?? "proposed";
    for (const decision of history.filter((h) => h.status !== "proposed")) {
      if (!decision.by || !decision.note)
        at(
          block.line,
          `the ${decision.status} decision of ${decision.date} must say who decided and why ("YYYY-MM-DD · ${decision.status} by @login — reason")`,
        );
    }
    const evidence = parseEvidenceList(block, at);
    const idea: Idea = { id: block.id, title: block.title, status, history, fingerprint, evidence, humanContent: block.humanContent, line: block.line };
    const graduated = block.fields.get("Graduated to");
    if (graduated) {
      if (!/^B-\d{4,}$/.test(graduated.value)) at(graduated.line, `"Graduated to" must name a backlog item (B-0001), not "${graduated.value}"`);
      else if (status !== "accepted") at(graduated.line, `only an accepted idea graduates to the backlog, but its status is ${status}`);
      idea.graduatedTo = graduated.value;
    }
    return idea;
  });
  return { file, text, ideas, problems, structure };
}
