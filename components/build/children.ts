import type * as pulumi from "@pulumi/pulumi";
import type { CheckedFacts } from "../checks/awsChecks";
import type { AdoptionArgs } from "../adoptionArgs";
import { childTags } from "./tags";

/**
 * The one way a DualHomedServer creates its children: parented to the component, and waiting for
 * every check against AWS (`dependsOn` on the checks' result). When a check fails the result
 * rejects, so no child is registered, whatever its inputs depend on: a failed check creates nothing.
 */
export class Children {
  private readonly checksPassed: pulumi.Output<pulumi.Resource[]>;

  constructor(
    /** The component's name: every child is named `${name}-<role>`. */
    readonly name: string,
    readonly component: pulumi.ComponentResource,
    /** What the checks found out; resolves only once they all passed. */
    readonly facts: pulumi.Output<CheckedFacts>,
    private readonly userTags: Record<string, string> | undefined,
    /** The ids an adoption recorded, by child role, and whether adopted children outlive the stack. */
    private readonly adoption?: AdoptionArgs,
  ) {
    this.checksPassed = facts.apply(() => []);
  }

  /**
   * Resource options for the child named `resourceName`; `extra` may not set `parent`, `dependsOn`
   * or `import`. A child of an adopted server is imported from the id the adoption recorded for it,
   * and kept in AWS when the stack is destroyed if the adoption asked for that.
   */
  options(
    resourceName: string,
    extra: Omit<pulumi.CustomResourceOptions, "parent" | "dependsOn" | "import"> = {},
  ): pulumi.CustomResourceOptions {
    const role = resourceName.slice(this.name.length + 1);
    const importId = this.adoption?.importIds?.[role];
    const kept = this.adoption?.keep?.[role] ?? [];
    return {
      ...extra,
      ...(kept.length > 0 ? { ignoreChanges: [...(extra.ignoreChanges ?? []), ...kept] } : {}),
      parent: this.component,
      dependsOn: this.checksPassed,
      ...(importId ? { import: importId } : {}),
      ...(this.adoption && (this.adoption.retainOnDelete ?? true) ? { retainOnDelete: true } : {}),
    };
  }

  /** `${name}-<role>`. */
  nameOf(role: string): string {
    return `${this.name}-${role}`;
  }

  /** The user's tags and `Name`, for the child named `resourceName`. */
  tags(resourceName: string): Record<string, string> {
    return childTags(this.userTags, resourceName);
  }
}
