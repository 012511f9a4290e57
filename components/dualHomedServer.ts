import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs, InterfaceInfo } from "./args";
import { planInterfaces, planStandby, type PlannedInterface } from "./interfacePlan";
import {
  eniAddressesWithinInstanceTypeLimit,
  eniCountWithinInstanceTypeLimit,
  eniSameAzAsInstance,
  limitsFromInstanceTypeLookup,
  ruleNames,
} from "dual-homed-server-rules";
import { deploymentError } from "./deploymentError";
import { addressChangeProblems, addressesInState } from "./addressChanges";
import { writtenOutAddressesTag } from "./awsTextLimits";
import { addressInSubnetProblem } from "./inputRules";
import { sharedLookup } from "./sharedLookups";
import { apacheUserData, defaultIndexHtml } from "./userData";
import { validateArgs } from "./validateArgs";

/**
 * Whether the engine runs resource hooks for this program (Pulumi CLI 3.182 and later). The SDK's
 * mocks claim the feature but cannot run hooks.
 */
function enginesRunResourceHooks(): boolean {
  const monitor = pulumi.runtime.getMonitor() as { registerResourceHook?: unknown } | undefined;
  return typeof monitor?.registerResourceHook === "function";
}

/** Default instance type: 2 interfaces × 2 private IPv4 addresses. */
export const defaultInstanceType = "t3.micro";

/** Public SSM parameter holding the latest Amazon Linux 2023 AMI for an architecture. */
export function amazonLinux2023Parameter(architecture: string): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

/** Facts looked up during preview, available once every check has passed. */
interface CheckedFacts {
  availabilityZone: string;
  /** VPC of each interface's subnet, by device index, then the standby's primary interface. */
  vpcIds: string[];
}

/** The private address one Elastic IP is bound to, and the key its resources are named by. */
interface AddressTarget {
  /** `ip<k>` for the k-th address in EC2's order, `ip-10-0-1-20` for a written-out address. */
  key: string;
  /** The key the same Elastic IP had before its addresses were written out, if any. */
  formerKey?: string;
  privateIp: pulumi.Output<string>;
}

/** One interface with its security group and Elastic IPs, as created. */
interface BuiltInterface {
  eni: PlannedInterface;
  securityGroup: aws.ec2.SecurityGroup;
  networkInterface: aws.ec2.NetworkInterface;
  privateIps: pulumi.Output<string[]>;
  ipv6Addresses: pulumi.Output<string[]>;
  elasticIps: { eip: aws.ec2.Eip; association: aws.ec2.EipAssociation; privateIp: pulumi.Output<string> }[];
}

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

  constructor(name: string, args: DualHomedServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dual-homed-server:index:DualHomedServer", name, {}, opts);
    const plan = planInterfaces(name, args);
    const standbyPlan = planStandby(name, args, plan[0]);
    const problems = validateArgs(name, args, plan);
    if (problems.length > 0) throw deploymentError(name, problems, this);

    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const instanceType = args.instanceType ?? defaultInstanceType;
    const typeInfo = sharedLookup(this, "aws:ec2/getInstanceType:getInstanceType", instanceType, () =>
      aws.ec2.getInstanceTypeOutput({ instanceType }, { parent: this }),
    );
    const checked = this.checkAgainstAws(name, args, plan, standbyPlan, instanceType, typeInfo);
    // Every child waits for the checks (through its inputs), so a failed check creates nothing.
    const afterChecks = <T>(value: T) => checked.apply(() => value);

    const ami =
      args.ami ??
      aws.ssm.getParameterOutput(
        // Read from the type alone, not the checks: a failed check is then reported once, by the
        // component, instead of again by this lookup.
        {
          name: typeInfo.supportedArchitectures.apply((arches) =>
            amazonLinux2023Parameter(arches.includes("x86_64") ? "x86_64" : "arm64"),
          ),
        },
        { parent: this },
      ).value;

    const buildInterface = (eni: PlannedInterface, vpcIndex: number): BuiltInterface => {
      const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-${eni.role}-sg`,
        {
          vpcId: checked.apply((f) => f.vpcIds[vpcIndex]),
          // Stable text: AWS cannot change a group's description, so any edit would replace the group.
          description: `${name} ${eni.role}`,
          tags: tags(`${name}-${eni.role}-sg`),
        },
        { parent: this },
      );
      this.ingressRules(name, eni, securityGroup);
      const networkInterface = new aws.ec2.NetworkInterface(
        `${name}-${eni.role}`,
        {
          subnetId: eni.subnetId ?? args.subnetId,
          // Referencing the group orders destroy correctly (group deleted after the interface).
          securityGroups: [securityGroup.id],
          // Written-out addresses go in the provider's set form, which assigns and unassigns exactly
          // the addresses added and removed (its ordered-list form unassigns every secondary address
          // on any change, dropping their Elastic IPs). The count is always set, 0 included: the
          // provider keeps the current count when the input is absent, so lowering to no secondary
          // address would otherwise change nothing.
          privateIps: eni.privateIpAddresses,
          privateIpsCount: eni.ipv4Count - 1,
          ipv6AddressCount: eni.ipv6Count,
          sourceDestCheck: eni.sourceDestCheck,
          description: eni.description,
          // Marks written-out addresses, so switching to or from them is an update of the interface
          // even when its addresses stay, and its before-update hook checks the switch.
          tags: eni.privateIpAddresses
            ? { ...tags(`${name}-${eni.role}`), [writtenOutAddressesTag]: "written-out" }
            : tags(`${name}-${eni.role}`),
        },
        {
          parent: this,
          hooks:
            eni.elasticIps && enginesRunResourceHooks()
              ? { beforeUpdate: [this.addressChangeHook(name, eni)] }
              : undefined,
        },
      );
      // Elastic IP k stays on address k across updates: the ordered list is EC2's own order (primary
      // first, then as assigned), so raising the count only appends. The `privateIps` set is unordered.
      const privateIps = pulumi
        .all([networkInterface.privateIp, networkInterface.privateIpLists])
        .apply(([privateIp, privateIpLists]) => addressesInState({ privateIp, privateIpLists }));
      const targets = eni.elasticIps ? this.addressTargets(name, eni, networkInterface, privateIps) : [];
      const elasticIps = targets.map((target) =>
        this.elasticIp(name, eni, target, networkInterface, afterChecks(tags(`${name}-${eni.role}-${target.key}-eip`))),
      );
      if (eni.deviceIndex === 0) {
        // Terraform-based providers remove AWS's default allow-all egress rule; an instance needs it
        // on its primary interface to install Apache.
        new aws.vpc.SecurityGroupEgressRule(
          `${name}-${eni.role}-egress-all`,
          { securityGroupId: securityGroup.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "All outbound" },
          { parent: this },
        );
      }
      // EC2's order, as for IPv4; the `ipv6Addresses` set is unordered.
      const ipv6Addresses = pulumi
        .all([networkInterface.ipv6AddressLists, networkInterface.ipv6Addresses])
        .apply(([listed, set]) => (listed && listed.length > 0 ? listed : [...(set ?? [])].sort()));
      return { eni, securityGroup, networkInterface, privateIps, ipv6Addresses, elasticIps };
    };
    const built = plan.map((eni, i) => buildInterface(eni, i));
    const standbyBuilt = standbyPlan ? buildInterface(standbyPlan, plan.length) : undefined;

    const launch = (role: string, primary: BuiltInterface) =>
      new aws.ec2.Instance(
        `${name}-${role}`,
        {
          ami,
          instanceType,
          // eth0 is a separate resource so its Elastic IPs never depend on the instance; security
          // groups live on the interfaces only (mixing them with instance-level groups is refused).
          primaryNetworkInterface: { networkInterfaceId: primary.networkInterface.id },
          metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
          rootBlockDevice: { encrypted: true },
          userData: apacheUserData(args.indexHtml ?? defaultIndexHtml),
          userDataReplaceOnChange: true,
          keyName: args.keyName,
          tags: tags(`${name}-${role}`),
        },
        {
          parent: this,
          // eth0 can be held by one instance at a time: the old one must go before the new one starts.
          deleteBeforeReplace: true,
          // A defaulted image stays what it was at creation unless the user asks to follow releases.
          ignoreChanges: args.ami === undefined && args.followLatestAmi !== true ? ["ami"] : [],
        },
      );
    const instance = launch("instance", built[0]);
    const standby = standbyBuilt ? launch("standby-instance", standbyBuilt) : undefined;
    // Moving the secondary interfaces replaces only their attachments: detached first, then
    // attached to the other instance at the same device index.
    const holder = args.standbyHoldsInterfaces === true && standby ? standby : instance;

    this.attachments = built.slice(1).map(
      ({ eni, networkInterface }) =>
        new aws.ec2.NetworkInterfaceAttachment(
          `${name}-${eni.role}-attachment`,
          { instanceId: holder.id, networkInterfaceId: networkInterface.id, deviceIndex: eni.deviceIndex },
          // Replacing create-first fails with InvalidNetworkInterface.InUse.
          { parent: this, deleteBeforeReplace: true },
        ),
    );
    this.instance = instance;
    this.securityGroups = built.map((b) => b.securityGroup);
    this.networkInterfaces = built.map((b) => b.networkInterface);
    this.elasticIps = built.flatMap((b) => b.elasticIps.map((e) => e.eip));
    this.eipAssociations = built.flatMap((b) => b.elasticIps.map((e) => e.association));

    this.standbyInstances = standby ? [standby] : [];
    this.instanceId = instance.id;
    this.standbyInstanceId = standby ? standby.id : pulumi.output("");
    this.secondaryInterfacesInstanceId = holder.id;
    this.availabilityZone = checked.apply((f) => f.availabilityZone);
    const interfaceInfo = (b: BuiltInterface) =>
      pulumi
        .all([
          b.networkInterface.id,
          b.securityGroup.id,
          b.privateIps,
          pulumi.all(b.elasticIps.map((e) => pulumi.all([e.privateIp, e.eip.publicIp]))),
          b.ipv6Addresses,
        ])
        .apply(([networkInterfaceId, securityGroupId, ips, bound, v6]): InterfaceInfo => ({
          deviceIndex: b.eni.deviceIndex,
          networkInterfaceId,
          securityGroupId,
          privateIps: ips,
          // In the order of privateIps: with a count Elastic IP k is on address k; written-out
          // addresses are declared in the user's order, so each is matched to its own.
          publicIps: b.eni.privateIpAddresses
            ? ips.flatMap((ip) => bound.filter(([address]) => address === ip).map(([, publicIp]) => publicIp))
            : bound.map(([, publicIp]) => publicIp),
          allowsHttp: b.eni.allowsHttp,
          httpSources: b.eni.httpSources,
          ipv6Addresses: v6,
          ipv6HttpSources: b.eni.ipv6HttpSources,
        }));
    this.interfaces = pulumi.all(built.map(interfaceInfo));
    this.standbyInterfaces = pulumi.all(standbyBuilt ? [interfaceInfo(standbyBuilt)] : []);
    this.publicIps = this.interfaces.apply((list) => list.flatMap((eni) => eni.publicIps));
    this.urls = this.interfaces.apply((list) => [
      ...list.filter((eni) => eni.allowsHttp).flatMap((eni) => eni.publicIps.map((ip) => `http://${ip}/`)),
      ...list
        .filter((eni) => eni.ipv6HttpSources.length > 0)
        .flatMap((eni) => eni.ipv6Addresses.map((ip) => `http://[${ip}]/`)),
    ]);
    this.registerOutputs({
      instanceId: this.instanceId,
      availabilityZone: this.availabilityZone,
      interfaces: this.interfaces,
      standbyInstanceId: this.standbyInstanceId,
      standbyInterfaces: this.standbyInterfaces,
      secondaryInterfacesInstanceId: this.secondaryInterfacesInstanceId,
      publicIps: this.publicIps,
      urls: this.urls,
    });
  }

  /**
   * Looks up every subnet and the instance type during preview, and fails
   * the preview with every broken AWS rule at once.
   */
  private checkAgainstAws(
    name: string,
    args: DualHomedServerArgs,
    plan: PlannedInterface[],
    standby: PlannedInterface | undefined,
    instanceType: pulumi.Input<string>,
    typeInfo: pulumi.Output<aws.ec2.GetInstanceTypeResult>,
  ): pulumi.Output<CheckedFacts> {
    const invokeOpts = { parent: this };
    const subnetLookups = new Map<unknown, pulumi.Output<aws.ec2.GetSubnetResult>>();
    const subnetOf = (subnetId: pulumi.Input<string>) => {
      let lookup = subnetLookups.get(subnetId);
      if (!lookup) {
        lookup = sharedLookup(this, "aws:ec2/getSubnet:getSubnet", subnetId, () =>
          aws.ec2.getSubnetOutput({ id: subnetId }, invokeOpts),
        );
        subnetLookups.set(subnetId, lookup);
      }
      return lookup;
    };
    // Every interface, then the standby's: it must share the zone the secondary interfaces move in.
    const placed = standby ? [...plan, standby] : plan;
    const subnets = placed.map((eni) => subnetOf(eni.subnetId ?? args.subnetId));

    return pulumi
      .all([pulumi.all(subnets), typeInfo, pulumi.output(instanceType)])
      .apply(([subnetFacts, type, typeName]) => {
        const instanceAz = subnetFacts[0].availabilityZone;
        const limits = limitsFromInstanceTypeLookup(type);
        const label = (eni: PlannedInterface) => `${eni.role} (${eni.argsPath})`;
        const problems = [
          ...eniSameAzAsInstance(
            `"${name}"`,
            instanceAz,
            placed.map((eni, i) => ({
              label: label(eni),
              subnetId: subnetFacts[i].id,
              availabilityZone: subnetFacts[i].availabilityZone,
            })),
          ),
          ...eniCountWithinInstanceTypeLimit(
            `"${name}"`,
            typeName,
            limits,
            plan.map((eni) => ({
              label: label(eni),
              deviceIndex: eni.deviceIndex,
              attachedAfterLaunch: eni.deviceIndex > 0,
            })),
          ),
          ...plan.flatMap((eni) =>
            eniAddressesWithinInstanceTypeLimit(typeName, limits, {
              label: label(eni),
              ipv4Count: eni.ipv4Count,
              ipv6Count: eni.ipv6Count,
            }),
          ),
          // Written-out addresses must be assignable in the interface's subnet.
          ...placed.flatMap((eni, i) =>
            (eni.privateIpAddresses ?? []).flatMap((address, a) => {
              const problem = addressInSubnetProblem(
                `${eni.argsPath}.privateIpAddresses[${a}] of ${eni.role}`,
                address,
                subnetFacts[i].id,
                subnetFacts[i].cidrBlock,
              );
              return problem ? [problem] : [];
            }),
          ),
          // An interface gets IPv6 addresses only from its subnet's IPv6 block.
          ...placed.flatMap((eni, i) =>
            eni.ipv6Count > 0 && !subnetFacts[i].ipv6CidrBlock
              ? [
                  `${ruleNames.eniIpv6InSubnetWithIpv6Block}: network interface ${label(eni)} asks for ` +
                    `${eni.ipv6Count} IPv6 address(es) but subnet ${subnetFacts[i].id} has no IPv6 CIDR block; ` +
                    `associate one with the subnet (and its VPC) or set ipv6AddressCount to 0.`,
                ]
              : [],
          ),
        ];
        if (problems.length > 0) throw deploymentError(name, problems, this);
        return { availabilityZone: instanceAz, vpcIds: subnetFacts.map((s) => s.vpcId) };
      });
  }

  /** One ingress rule resource per source CIDR, named after its content so edits don't shift others. */
  private ingressRules(name: string, eni: PlannedInterface, securityGroup: aws.ec2.SecurityGroup): void {
    for (const rule of eni.ingress) {
      const portKey = rule.ports ? `${rule.ports.fromPort}-${rule.ports.toPort}` : "all";
      for (const source of rule.sources) {
        const cidrKey = source.cidr.replace(/:/g, "_").replace("/", "-");
        const cidr = source.canonical ?? source.cidr;
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-${eni.role}-ingress-${rule.protocol}-${portKey}-${cidrKey}`,
          {
            securityGroupId: securityGroup.id,
            ipProtocol: rule.protocol,
            ...rule.ports,
            ...(source.family === "ipv4" ? { cidrIpv4: cidr } : { cidrIpv6: cidr }),
            description: rule.description,
          },
          { parent: this },
        );
      }
    }
  }

  /**
   * Which private address each Elastic IP of an interface is bound to, and the key its resources
   * are named by. Written-out addresses are bound as written and keyed by address (`ip-10-0-1-20`),
   * so removing one releases only its own Elastic IP. Otherwise Elastic IP k (`ip<k>`) is bound to
   * address k in EC2's order (primary first, then as assigned), so raising the count only appends.
   */
  private addressTargets(
    name: string,
    eni: PlannedInterface,
    networkInterface: aws.ec2.NetworkInterface,
    privateIps: pulumi.Output<string[]>,
  ): AddressTarget[] {
    // During preview the provider's plan marks the ordered list unknown while the addresses
    // change; the addresses held now say which associations stay.
    const held = pulumi.runtime.isDryRun() ? this.addressesHeldNow(networkInterface) : undefined;
    // Where the engine runs the interface's before-update hook, it refuses a harmful change (in
    // preview and in `up`); elsewhere (the SDK's mocks) the preview refuses it here.
    const checkedHeld =
      held && !enginesRunResourceHooks()
        ? pulumi.all([held, networkInterface.id]).apply(([now, id]) => {
            const problems = addressChangeProblems(eni, id, now);
            if (problems.length > 0) throw deploymentError(name, problems, this);
            return now;
          })
        : held;
    // Waits for that check where it runs here; a written-out address is otherwise known at once.
    const afterCheck = (address: string) =>
      checkedHeld && checkedHeld !== held ? checkedHeld.apply(() => address) : pulumi.output(address);
    if (eni.privateIpAddresses) {
      return eni.privateIpAddresses.map((address, k) => ({
        key: `ip-${address.replace(/\./g, "-")}`,
        // Switching from a count keeps each Elastic IP: the one named ip<k> was on the k-th address
        // in EC2's order, the order the switch must list them in (the before-update hook checks it).
        formerKey: `ip${k}`,
        privateIp: afterCheck(address),
      }));
    }
    // The primary address from its own output: it stays known while a count change is planned.
    const planned = (k: number) => (k === 0 ? networkInterface.privateIp : privateIps.apply((ips) => ips[k]));
    return Array.from({ length: eni.ipv4Count }, (_, k) => ({
      key: `ip${k}`,
      privateIp: checkedHeld
        ? checkedHeld.apply((now) => (k < now.length ? pulumi.output(now[k]) : planned(k)))
        : planned(k),
    }));
  }

  /**
   * Refuses, before the interface is updated (in preview too), an address change that would move
   * an Elastic IP or that EC2 refuses. The hook reads the interface's state as the engine holds it.
   */
  private addressChangeHook(name: string, eni: PlannedInterface): pulumi.ResourceHook {
    return new pulumi.ResourceHook(
      `${name}-${eni.role}-address-changes`,
      (hookArgs) => {
        const problems = addressChangeProblems(
          eni,
          hookArgs.id,
          addressesInState(hookArgs.oldOutputs as Parameters<typeof addressesInState>[0]),
          hookArgs.oldInputs?.privateIps !== undefined,
        );
        if (problems.length > 0) throw deploymentError(name, problems, this);
      },
      { onDryRun: true },
    );
  }

  /**
   * During preview, the private addresses an existing interface holds now, in EC2's order (primary
   * first); unknown for an interface yet to be created.
   */
  private addressesHeldNow(networkInterface: aws.ec2.NetworkInterface): pulumi.Output<string[]> {
    return networkInterface.id.apply((id) =>
      aws.ec2
        .getNetworkInterfaceOutput({ id }, { parent: this })
        .apply((found) => addressesInState({ privateIp: found.privateIp, privateIpLists: found.privateIps })),
    );
  }

  /** An Elastic IP and its association with one exact private address of one interface. */
  private elasticIp(
    name: string,
    eni: PlannedInterface,
    target: AddressTarget,
    networkInterface: aws.ec2.NetworkInterface,
    tags: pulumi.Input<Record<string, string>>,
  ): { eip: aws.ec2.Eip; association: aws.ec2.EipAssociation; privateIp: pulumi.Output<string> } {
    const aliasOf = (suffix: string) =>
      target.formerKey ? [{ name: `${name}-${eni.role}-${target.formerKey}${suffix}` }] : [];
    // Allocation and association are separate, so replacing the instance or the interface
    // re-associates the same public address instead of releasing it.
    const eip = new aws.ec2.Eip(
      `${name}-${eni.role}-${target.key}-eip`,
      { domain: "vpc", tags },
      { parent: this, aliases: aliasOf("-eip") },
    );
    const association = new aws.ec2.EipAssociation(
      `${name}-${eni.role}-${target.key}-eip-association`,
      {
        allocationId: eip.allocationId,
        // Bound to the interface and address, never to the instance: with several interfaces an
        // instance-level association is ambiguous.
        networkInterfaceId: networkInterface.id,
        privateIpAddress: target.privateIp,
      },
      { parent: this, deleteBeforeReplace: true, aliases: aliasOf("-eip-association") },
    );
    return { eip, association, privateIp: target.privateIp };
  }
}
