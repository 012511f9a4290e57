import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs, InterfaceInfo } from "./args";
import { argumentProblems } from "./checks/argumentChecks";
import { checkAgainstAws } from "./checks/awsChecks";
import { AwsLookups } from "./checks/awsLookups";
import { Children } from "./build/children";
import { attachSecondaries, buildLaunchSettings, imageOf, launchInstance } from "./build/instances";
import { buildInterface } from "./build/interfaceResources";
import { StandbyFailover } from "./build/standbyFailover";
import { deploymentError } from "./deploymentError";
import { interfaceInfo, urlsOf, valueOutputs } from "./outputs";
import { planServer } from "./plan/serverPlan";

/**
 * One EC2 instance reachable at several public addresses: an Apache server with a primary
 * interface (eth0) and secondary interfaces attached after launch, each interface behind its own
 * security group, with an Elastic IP on every private IPv4 address.
 */
export class DualHomedServer extends pulumi.ComponentResource {
  /** The EC2 instance id. */
  public readonly instanceId: pulumi.Output<string>;
  /** Availability Zone of the instance and of every interface (that of the primary subnet). */
  public readonly availabilityZone: pulumi.Output<string>;
  /** Every interface, primary first: device index, ids, private and public addresses. */
  public readonly interfaces: pulumi.Output<InterfaceInfo[]>;
  /** Every Elastic IP, primary interface first. */
  public readonly publicIps: pulumi.Output<string[]>;
  /** `http://<ip>/` for every Elastic IP whose interface's security group lets port 80 in. */
  public readonly urls: pulumi.Output<string[]>;
  /** The EC2 instance, launched on `networkInterfaces[0]`. */
  public readonly instance: aws.ec2.Instance;
  /** One security group per interface, by device index: add rules to a group to open its interface. */
  public readonly securityGroups: aws.ec2.SecurityGroup[];
  /** Every network interface, by device index (0 is eth0). */
  public readonly networkInterfaces: aws.ec2.NetworkInterface[];
  /** The attachments of the secondary interfaces, for device indexes 1, 2, … */
  public readonly attachments: aws.ec2.NetworkInterfaceAttachment[];
  /** Every Elastic IP, in the order of `publicIps`. */
  public readonly elasticIps: aws.ec2.Eip[];
  /** The association of each Elastic IP with its interface's private address, in the same order. */
  public readonly eipAssociations: aws.ec2.EipAssociation[];
  /** The standby instance's id, or `""` without a standby. */
  public readonly standbyInstanceId: pulumi.Output<string>;
  /** The standby's own primary interface (none without a standby). */
  public readonly standbyInterfaces: pulumi.Output<InterfaceInfo[]>;
  /** The id of the instance that holds the secondary interfaces (device index 1 and up). */
  public readonly secondaryInterfacesInstanceId: pulumi.Output<string>;
  /** The standby instance (none without a standby). */
  public readonly standbyInstances: aws.ec2.Instance[];
  /** The name of the instance profile the instance and its standby are launched with, `""` without one. */
  public readonly instanceProfileName: pulumi.Output<string>;
  /** The IAM role the component created for its instances (with `instanceRole`). */
  public readonly instanceRole?: aws.iam.Role;
  /** The instance profile of `instanceRole`, which the instance and its standby are launched with. */
  public readonly instanceProfile?: aws.iam.InstanceProfile;
  /** One attachment per managed policy of `instanceRole`. */
  public readonly rolePolicyAttachments: aws.iam.RolePolicyAttachment[];
  /** The spread placement group the component created (with `spreadPlacement`). */
  public readonly placementGroup?: aws.ec2.PlacementGroup;
  /** The name of the standby's instance profile: its own with `failover`, else `instanceProfileName`'s. */
  public readonly standbyInstanceProfileName: pulumi.Output<string>;
  /** With `failover`: the standby's own role, its profile and `instanceRole`'s policies on it. */
  public readonly standbyRole?: aws.iam.Role;
  /** With `failover`: the instance profile of `standbyRole`, which the standby is launched with. */
  public readonly standbyInstanceProfile?: aws.iam.InstanceProfile;
  /** With `failover`: one attachment per managed policy of `instanceRole`, on `standbyRole`. */
  public readonly standbyRolePolicyAttachments: aws.iam.RolePolicyAttachment[];
  /** With `failover`: the standby role's inline policy, moving exactly these interfaces between these two instances. */
  public readonly failoverPolicy?: aws.iam.RolePolicy;
  /** With `failover`: the rule that lets the standby's health checks reach the instance's eth0. */
  public readonly failoverHealthCheckIngress?: aws.vpc.SecurityGroupIngressRule;
  /** With `failover` and `unhealthyWhen` "all" or "any": the same rule on each secondary interface's group. */
  public readonly failoverInterfaceHealthCheckIngress: aws.vpc.SecurityGroupIngressRule[];
  /** With `failoverNotifications: {}`: the SNS topic the component created for takeover messages. */
  public readonly failoverTopic?: aws.sns.Topic;
  /** The SNS topic takeover messages are published to, `""` without `failoverNotifications`. */
  public readonly failoverTopicArn: pulumi.Output<string>;

  constructor(name: string, args: DualHomedServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dual-homed-server:index:DualHomedServer", name, {}, opts);
    const fail = (problems: string[]) => deploymentError(name, problems, this);

    // 1. Plan: the arguments with every default applied; nothing read from AWS yet.
    const plan = planServer(name, args);

    // 2. Check: the arguments now, then (during preview) everything that needs AWS's answers.
    const problems = argumentProblems(name, args, plan);
    if (problems.length > 0) throw fail(problems);
    const lookups = new AwsLookups(name, this);
    const instanceTypeInfo = lookups.instanceType(plan.instanceType);
    const ami = imageOf(args, instanceTypeInfo, this);
    const osFamily = lookups.osFamily(args, ami); // read from a given image in preview; decides the user data
    const facts = checkAgainstAws(name, plan, lookups, instanceTypeInfo, ami, fail, osFamily);

    // 3. Build: every child through `children`, which holds each one back until the checks pass.
    const children = new Children(name, this, facts, args.tags, args.adopt);
    const built = plan.interfaces.map((eni, i) => buildInterface(children, eni, i));
    const standbyBuilt = plan.standby ? buildInterface(children, plan.standby, plan.interfaces.length) : undefined;
    const { launch, instanceRole, placementGroup } = buildLaunchSettings(children, plan, args, ami, osFamily);
    const failover = new StandbyFailover(children, plan, args, built, standbyBuilt);
    this.instance = launchInstance(children, "instance", built[0], plan, args, launch);
    const standbyLaunch = failover.standbyLaunch(launch);
    const standby =
      standbyBuilt && launchInstance(children, "standby-instance", standbyBuilt, plan, args, standbyLaunch);
    const holder = plan.standbyHoldsInterfaces && standby ? standby : this.instance;
    const instances = { primary: this.instance, standby };
    this.attachments = attachSecondaries(children, plan, built.slice(1), holder, failover.attachmentHooks(instances));
    const heldAsRecorded = failover.finish(instances, this.attachments);

    // 4. Outputs.
    this.securityGroups = built.map((b) => b.securityGroup);
    this.networkInterfaces = built.map((b) => b.networkInterface);
    this.elasticIps = built.flatMap((b) => b.boundElasticIps.map((e) => e.eip));
    this.eipAssociations = built.flatMap((b) => b.boundElasticIps.map((e) => e.association));
    this.standbyInstances = standby ? [standby] : [];
    this.instanceRole = instanceRole?.role;
    this.instanceProfile = instanceRole?.instanceProfile;
    this.rolePolicyAttachments = instanceRole?.policyAttachments ?? [];
    this.placementGroup = placementGroup;
    [this.standbyRole, this.standbyInstanceProfile] = [failover.role?.role, failover.role?.instanceProfile];
    this.standbyRolePolicyAttachments = failover.role?.policyAttachments ?? [];
    [this.failoverPolicy, this.failoverHealthCheckIngress] = [failover.policy, failover.healthCheckIngress];
    this.failoverInterfaceHealthCheckIngress = failover.interfaceHealthCheckIngress;
    [this.failoverTopic, this.failoverTopicArn] = [failover.topic, failover.topicArn ?? pulumi.output("")];
    this.instanceProfileName = pulumi.output(launch.instanceProfileName ?? "");
    this.standbyInstanceProfileName = pulumi.output(standby ? (standbyLaunch.instanceProfileName ?? "") : "");
    this.instanceId = this.instance.id;
    this.standbyInstanceId = standby ? standby.id : pulumi.output("");
    // With failover, fails when EC2 no longer holds the interfaces as the stack records.
    this.secondaryInterfacesInstanceId = pulumi.all([holder.id, heldAsRecorded]).apply(([id]) => id);
    this.availabilityZone = facts.apply((f) => f.availabilityZone);
    this.interfaces = pulumi.all(built.map((b, i) => interfaceInfo(b, plan.slots[i])));
    const standbyEth0 = { networkCardIndex: 0, deviceIndex: 0 };
    this.standbyInterfaces = pulumi.all(standbyBuilt ? [interfaceInfo(standbyBuilt, standbyEth0)] : []);
    this.publicIps = this.interfaces.apply((list) => list.flatMap((eni) => eni.publicIps));
    this.urls = this.interfaces.apply(urlsOf);
    this.registerOutputs(valueOutputs(this));
  }
}
