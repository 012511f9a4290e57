import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs } from "../args";
import { deploymentError } from "../deploymentError";
import type { ServerPlan } from "../plan/serverPlan";
import { enginesRunResourceHooks } from "./addressChangeHook";
import type { Children } from "./children";
import {
  buildFailoverPolicy,
  buildFailoverTopic,
  buildHealthCheckIngress,
  buildStandbyRole,
  standbyUserData,
} from "./failover";
import { heldAsRecordedCheck, heldAsRecordedHook } from "./holderCheck";
import type { BuiltInstanceRole } from "./instanceRole";
import type { LaunchSettings } from "./instances";
import type { BuiltInterface } from "./interfaceResources";

/** The instance and its standby, once launched. */
export interface ServerInstances {
  primary: aws.ec2.Instance;
  standby?: aws.ec2.Instance;
}

/**
 * What `failover: true` adds, in the order the constructor needs it: the standby's role and the
 * health-check rule up front, the standby's launch settings, a hook on each attachment, then the
 * failover policy (it names both instances) and the check that EC2 holds the interfaces as the
 * stack records. Without failover every step gives nothing and the standby launches as the instance.
 */
export class StandbyFailover {
  /** The standby's own role, profile and managed policies (`<name>-standby-…`). */
  readonly role?: BuiltInstanceRole;
  /** The rule letting the standby's checks reach the instance's eth0. */
  readonly healthCheckIngress?: aws.vpc.SecurityGroupIngressRule;
  /** The rules letting them reach each secondary interface (with `unhealthyWhen` "all" or "any"). */
  readonly interfaceHealthCheckIngress: aws.vpc.SecurityGroupIngressRule[] = [];
  /** The topic the component created for takeover messages. */
  readonly topic?: aws.sns.Topic;
  /** The topic takeover messages go to: the user's or `topic`'s. */
  readonly topicArn?: pulumi.Output<string>;
  /** The standby role's inline failover policy, once `finish` ran. */
  policy?: aws.iam.RolePolicy;

  constructor(
    private readonly children: Children,
    private readonly plan: ServerPlan,
    private readonly args: DualHomedServerArgs,
    private readonly built: BuiltInterface[],
    standbyBuilt: BuiltInterface | undefined,
  ) {
    if (!plan.failover || !standbyBuilt) return;
    this.role = buildStandbyRole(children, plan);
    const checked = plan.failover.healthCheck.unhealthyWhen === "eth0" ? built.slice(0, 1) : built;
    [this.healthCheckIngress, ...this.interfaceHealthCheckIngress] = buildHealthCheckIngress(
      children,
      plan.failover,
      checked,
      standbyBuilt,
    );
    ({ topic: this.topic, topicArn: this.topicArn } = buildFailoverTopic(children, plan.failover));
  }

  /** The standby's launch settings: the instance's, or with failover its own user data and profile. */
  standbyLaunch(launch: LaunchSettings): LaunchSettings {
    const failover = this.plan.failover;
    if (!failover || !this.role) return launch;
    return {
      ...launch,
      // Written for the image's family, as the instance's is.
      userData: launch.osFamily.apply((osFamily) =>
        standbyUserData(this.plan, failover, { ...this.args, osFamily }, this.built, this.topicArn),
      ),
      instanceProfileName: this.role.instanceProfile.name,
    };
  }

  /** "the instance" and "the standby", by instance id, for messages. */
  private labels(instances: ServerInstances): pulumi.Output<Record<string, string>> {
    return pulumi
      .all([instances.primary.id, instances.standby?.id ?? ""])
      .apply(([primary, standby]): Record<string, string> => ({ [primary]: "the instance", [standby]: "the standby" }));
  }

  /** The hooks of each secondary interface's attachment (none without failover or hook support). */
  attachmentHooks(instances: ServerInstances): (secondary: BuiltInterface) => pulumi.ResourceHookBinding | undefined {
    if (!this.role || !enginesRunResourceHooks()) return () => undefined;
    const labels = this.labels(instances);
    return (secondary) => ({ beforeCreate: [heldAsRecordedHook(this.children, secondary, labels)] });
  }

  /**
   * The failover policy, and the check that EC2 holds every secondary interface as the stack
   * records (in preview and update): resolves once all passed.
   */
  finish(instances: ServerInstances, attachments: aws.ec2.NetworkInterfaceAttachment[]): pulumi.Output<void> {
    if (!this.role || !instances.standby || !this.plan.failover) return pulumi.output(undefined);
    const secondaries = this.built.slice(1);
    this.policy = buildFailoverPolicy(
      this.children,
      this.role.role,
      this.plan.failover,
      { ...instances, standby: instances.standby },
      secondaries,
      this.topicArn,
    );
    const labels = this.labels(instances);
    const checks = attachments.map((a, i) => heldAsRecordedCheck(this.children, secondaries[i], a, labels));
    return pulumi.all(checks).apply((found) => {
      const problems = found.flat();
      if (problems.length > 0) throw deploymentError(this.children.name, problems, this.children.component);
    });
  }
}
