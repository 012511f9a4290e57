import { ruleNames } from "dual-homed-server-rules";
import type { DualHomedServerArgs } from "../args";

/** An adoption's ids and kept user data, at construction. */
export function adoptionProblems(args: DualHomedServerArgs): string[] {
  const adopt = args.adopt;
  if (adopt === undefined) return [];
  const rule = ruleNames.adoptionDescribesServer;
  const problems = Object.entries(adopt.importIds ?? {}).flatMap(([role, id]) =>
    typeof id === "string" && id.trim() !== ""
      ? []
      : [
          `${rule}: adopt.importIds["${role}"] is ${JSON.stringify(id)}; give the AWS id of that resource or remove the entry.`,
        ],
  );
  if (adopt.userData !== undefined && (args.bootScript !== undefined || args.indexHtml !== undefined)) {
    problems.push(
      `${rule}: adopt.userData keeps the user data the server was launched with, so ${
        args.bootScript !== undefined ? "bootScript" : "indexHtml"
      } would never run; remove it, or remove adopt.userData to let the component's setup replace the instance.`,
    );
  }
  return problems;
}
