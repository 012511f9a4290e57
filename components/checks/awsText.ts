import { ruleNames } from "dual-homed-server-rules";
import { writtenOutAddressesTag } from "../build/tags";

// AWS limits on what the component writes into tags and security groups, checked at construction
// because EC2 refuses them only when the resource is created, after part of the stack exists.
// Sources: "Tag your Amazon EC2 resources" (tag restrictions) and the CreateSecurityGroup /
// AuthorizeSecurityGroupIngress API references (GroupDescription, rule Description).

/** Tags per resource, `Name` included. */
const maxTagsPerResource = 50;
const maxTagKeyLength = 128;
const maxTagValueLength = 256;
/** Security group descriptions and rule descriptions in a VPC: length and characters. */
const maxSecurityGroupTextLength = 255;
const securityGroupText = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

/**
 * Problems with the user's tags, given that the component adds `Name` to every resource and
 * `componentTags` tags in all to the resource that carries the most (an interface with written-out
 * addresses also carries `dual-homed-server:addresses`).
 */
export function tagProblems(tags: Record<string, string> | undefined, componentTags = 1): string[] {
  if (!tags) return [];
  const rule = ruleNames.validTags;
  const problems: string[] = [];
  const keys = Object.keys(tags);
  if (keys.length + componentTags > maxTagsPerResource) {
    const added =
      componentTags === 1 ? "the Name tag the component adds" : `the ${componentTags} tags the component adds`;
    problems.push(
      `${rule}: tags has ${keys.length} entries; with ${added}, a resource would carry ` +
        `${keys.length + componentTags} but AWS allows at most ${maxTagsPerResource}. Remove ` +
        `${keys.length + componentTags - maxTagsPerResource}.`,
    );
  }
  for (const key of keys) {
    const value = tags[key];
    if (key === writtenOutAddressesTag) {
      problems.push(
        `${rule}: tags sets "${key}", which the component sets itself on interfaces with written-out addresses; ` +
          `use another key.`,
      );
    } else if (key === "Name") {
      problems.push(
        `${rule}: tags sets "Name", but the component names every resource itself (e.g. "<name>-instance") so ` +
          `each can be told apart; use another key (e.g. "Service") for your label.`,
      );
    } else if (key.length === 0 || key.length > maxTagKeyLength) {
      problems.push(
        `${rule}: tag key "${key.slice(0, 40)}${key.length > 40 ? "…" : ""}" has ${key.length} characters; AWS ` +
          `takes 1 to ${maxTagKeyLength}.`,
      );
    } else if (key.toLowerCase().startsWith("aws:")) {
      problems.push(`${rule}: tag key "${key}" starts with "aws:", which AWS reserves for its own tags; rename it.`);
    }
    if (typeof value !== "string" || value.length > maxTagValueLength) {
      problems.push(
        `${rule}: tag "${key.slice(0, 40)}" has a value of ${typeof value === "string" ? value.length : 0} characters` +
          `${typeof value === "string" ? "" : " (not a string)"}; AWS takes a string of up to ${maxTagValueLength}.`,
      );
    }
  }
  return problems;
}

/** A problem with text AWS stores on a security group or one of its rules, if any. */
export function securityGroupTextProblem(where: string, text: string): string | undefined {
  const rule = ruleNames.validSecurityGroupText;
  if (text.length > maxSecurityGroupTextLength) {
    return `${rule}: ${where} has ${text.length} characters; AWS takes at most ${maxSecurityGroupTextLength}. Shorten it.`;
  }
  if (!securityGroupText.test(text)) {
    const bad = [...new Set([...text].filter((c) => !securityGroupText.test(c)))].map((c) => JSON.stringify(c));
    return (
      `${rule}: ${where} is ${JSON.stringify(text)}, with ${bad.join(", ")}; AWS takes only letters, digits, spaces ` +
      `and ._-:/()#,@[]+=&;{}!$* there. Remove or replace ${bad.length > 1 ? "them" : "it"}.`
    );
  }
  return undefined;
}
