import type * as pulumi from "@pulumi/pulumi";
import type { AdoptionArgs } from "./adoptionArgs";
import type { FailoverConfirmation, FailoverHealthCheckArgs, FailoverNotificationsArgs } from "./failoverArgs";
import type { InstanceRoleArgs, RootVolumeArgs } from "./instanceOptionsArgs";

export type { InstanceRoleArgs, RootVolumeArgs } from "./instanceOptionsArgs";
export type { FailoverHealthCheckArgs, FailoverNotificationsArgs } from "./failoverArgs";
export { FailoverConfirmation, UnhealthyWhen } from "./failoverArgs";
export type { AdoptionArgs } from "./adoptionArgs";

/** One inbound rule of an interface's security group. */
export interface IngressRuleArgs {
  /**
   * IP protocol: `"tcp"`, `"udp"`, `"icmp"`, `"icmpv6"` or `"-1"` (every protocol, no ports).
   * Default `"tcp"`.
   */
  protocol?: string;
  /**
   * First port of the range (TCP/UDP 0–65535), or the ICMP type (-1 for all). Required unless
   * `protocol` is `"-1"`.
   */
  fromPort?: number;
  /** Last port of the range, or the ICMP code. Default: `fromPort`. Must not be below `fromPort`. */
  toPort?: number;
  /**
   * Sources allowed in, as IPv4 or IPv6 CIDR blocks (`"203.0.113.0/24"`, `"::/0"`). At least one;
   * no host bits set; no repeats (AWS rejects a duplicate rule with `InvalidPermission.Duplicate`).
   */
  cidrBlocks: string[];
  /** Shown on the rule in the EC2 console. Default: none. */
  description?: string;
}

/** A network interface attached to the server after launch, at device index 1, 2, … in list order. */
export interface SecondaryInterfaceArgs {
  /**
   * Subnet of the interface. Default: the primary subnet. AWS attaches an interface only to an
   * instance in the same Availability Zone, so the subnet must be in the primary subnet's zone;
   * it may belong to another VPC (multi-VPC attachment), and its security group is created there.
   */
  subnetId?: pulumi.Input<string>;
  /**
   * Inbound rules of this interface's own security group. Default: none, so the interface
   * accepts no inbound traffic (its address answers nothing until a rule allows it).
   */
  ingress?: IngressRuleArgs[];
  /**
   * Extra private IPv4 addresses on this interface, beside its primary private address. Default 0.
   * A plain whole number: the number of Elastic IPs follows from it. AWS caps the total per
   * interface (primary included) by instance type, e.g. 2 on t3.micro. Raising it adds addresses
   * and Elastic IPs and moves none (Elastic IP k follows EC2's assignment order). Lowering it is
   * refused at preview: the AWS provider would choose which addresses to unassign (the first ones
   * of its unordered set, not the last assigned) and Elastic IPs would move; list the addresses to
   * keep in `privateIpAddresses` instead. Not with `privateIpAddresses`.
   */
  secondaryPrivateIpCount?: number;
  /**
   * The interface's private IPv4 addresses written out, primary included (e.g.
   * `["10.0.1.20", "10.0.1.21"]`), instead of letting EC2 pick them. Default: none (EC2 picks,
   * `secondaryPrivateIpCount` says how many). Each must lie in the subnet's IPv4 CIDR block and not
   * be one of the five addresses AWS reserves in every subnet (the first four and the last), and
   * the instance type caps how many. Every address has its own Elastic IP, named after the address,
   * so adding or removing an address creates or releases that address's Elastic IP alone. On a new
   * interface the AWS provider makes one of them the primary (its choice); that one cannot be
   * removed later, as AWS cannot unassign an interface's primary address. To switch from
   * `secondaryPrivateIpCount` without touching anything, list the interface's current `privateIps`
   * output in its order (any other list in that update is refused); reorder or change it afterwards.
   */
  privateIpAddresses?: string[];
  /**
   * IPv6 addresses on this interface. Default 0. The subnet needs an IPv6 CIDR block and the
   * instance type IPv6 support; the type caps the count per interface. Open them with `ingress`
   * rules whose `cidrBlocks` name IPv6 sources (e.g. `"::/0"`).
   */
  ipv6AddressCount?: number;
  /**
   * Give every private IPv4 address of this interface its own Elastic IP, associated with that exact
   * address. Default `true`. Each public IPv4 address costs $0.005 per hour.
   */
  elasticIps?: boolean;
  /**
   * EC2 source/destination check on this interface. Default `true`; turn it off only for NAT,
   * routing or firewall roles.
   */
  sourceDestCheck?: boolean;
  /** Description of the interface. Default: `"<name> eth<N>"`. */
  description?: string;
  /**
   * Security groups of your own (`sg-…`) on this interface, beside its own group, which stays.
   * Default: none. The interface's groups count against `maxSecurityGroupsPerInterface`.
   */
  securityGroupIds?: pulumi.Input<string>[];
  /**
   * The network card this interface is attached on, for instance types with several cards
   * (c6in.32xlarge, p5.48xlarge, …). Default: card 0 until it is full, then the next card. Device
   * indexes are numbered per card: on card 0 after eth0 (1, 2, …), on every other card from 1.
   * The card must exist on the instance type and hold no more interfaces than the type allows on it.
   */
  networkCardIndex?: number;
}

/** Arguments of a `DualHomedServer`. */
export interface DualHomedServerArgs {
  /**
   * Subnet of the primary interface (eth0). Its Availability Zone becomes the instance's, and
   * every secondary interface must be in that zone. The VPC needs an internet gateway for the
   * Elastic IPs to be reachable (`Gateway.NotAttached` otherwise).
   */
  subnetId: pulumi.Input<string>;
  /**
   * Interfaces attached after launch, at device indexes 1, 2, … in list order. Default: one
   * interface in the primary subnet whose security group allows no inbound traffic. An empty list
   * gives a single-interface server. The instance type caps the number of interfaces (primary
   * included), e.g. 2 on t3.micro, 3 on t3.large.
   */
  secondaryInterfaces?: SecondaryInterfaceArgs[];
  /** EC2 instance type. Default `"t3.micro"` (2 interfaces × 2 private IPv4 addresses each). */
  instanceType?: pulumi.Input<string>;
  /**
   * AMI id. Default: the latest Amazon Linux 2023 for the instance type's architecture, read from
   * the public SSM parameter `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-<arch>`.
   * A given image must be Amazon Linux 2023, Ubuntu 22.04 or 24.04, or RHEL 9: the user data
   * installs Apache with that distribution's tools and, except on Amazon Linux 2023 (whose
   * amazon-ec2-net-utils does it), routes each interface's replies out of that interface. Its family
   * is read from the image's name during preview (`aws ec2 describe-images`), unless `osFamily`
   * says it; an image of none of these is refused at preview (`supported-image`).
   */
  ami?: pulumi.Input<string>;
  /**
   * The image's distribution, which decides the user data: `"amazon-linux-2023"`, `"ubuntu-22.04"`,
   * `"ubuntu-24.04"` or `"rhel-9"`. Default: Amazon Linux 2023 for the default image; for a given
   * `ami`, read from the image's name (`al2023-ami-…`, `ubuntu/images/…ubuntu-jammy-22.04…`,
   * `…ubuntu-noble-24.04…`, `RHEL-9.…`). Set it for an image whose name says none of these, such as
   * one you built from one of them; an image whose name says another family is refused at
   * preview. AWS documents per-interface routing as set up by itself only on Amazon Linux (and
   * Windows): on the others the component configures it. Changing it changes the user data, which replaces the instance. Any other
   * value is refused at construction (`supported-image`).
   */
  osFamily?: string;
  /**
   * Whether a defaulted `ami` follows Amazon Linux releases once the server exists. Default
   * `false`: the image read when the instance was created stays, so a new release never replaces
   * the server (a replacement is terminate-then-launch: an outage). `true`: follow the SSM
   * parameter, so the first `pulumi up` after a release replaces the instance; set it for one
   * update to move to the newest image. No effect when `ami` is given: changing an explicit `ami`
   * replaces the instance as asked.
   */
  followLatestAmi?: boolean;
  /**
   * Sources allowed to reach port 80 on the primary interface. Default `["0.0.0.0/0"]`. An empty
   * list closes port 80 (then no URL is reported for the primary interface's addresses).
   */
  httpIngressCidrs?: string[];
  /**
   * IPv6 addresses on the primary interface. Default 0. Needs an IPv6 CIDR block on its subnet and
   * an instance type with IPv6; the type caps the count per interface. `httpIngressCidrs` may name
   * IPv6 sources to open port 80 on them.
   */
  ipv6AddressCount?: number;
  /** Sources allowed to reach SSH (port 22) on the primary interface. Default `[]`: no SSH ingress. */
  sshIngressCidrs?: string[];
  /** The page Apache serves at `/`. Default: a page saying `Testing ENI`. */
  indexHtml?: string;
  /** Name of an EC2 key pair for SSH. Default: none. */
  keyName?: pulumi.Input<string>;
  /** Tags added to every resource the component creates (each also gets a `Name`). Default: none. */
  tags?: Record<string, string>;
  /**
   * Launch a standby instance as well: same AMI, instance type, user data and key pair, on its own
   * primary interface (its own security group with eth0's inbound rules, and its own Elastic IP).
   * Default `false`. It serves its own page at its own address until `standbyHoldsInterfaces`
   * moves the secondary interfaces, with their addresses and Elastic IPs, to it.
   */
  standby?: boolean;
  /**
   * Subnet of the standby's primary interface. Default: `subnetId`. It must be in the instance's
   * Availability Zone: an interface can only be attached to an instance in its own zone, and the
   * secondary interfaces move between the two instances.
   */
  standbySubnetId?: pulumi.Input<string>;
  /**
   * Which instance holds the secondary interfaces (device index 1 and up): `false` (default) the
   * primary instance, `true` the standby. Changing it and running `pulumi up` detaches each
   * secondary interface and then attaches it to the other instance at the same device index (an
   * interface is attached to one instance at a time); the interfaces keep their private addresses
   * and Elastic IPs, none is released. Needs `standby: true`.
   */
  standbyHoldsInterfaces?: boolean;
  /**
   * Let the standby take the secondary interfaces over by itself when the instance fails. Default
   * `false`. Needs `standby: true`. The standby's user data installs a systemd service,
   * `dual-homed-server-failover` (Python 3 as the image ships it; nothing is installed at boot),
   * that checks the instance over HTTP (`failoverHealthCheck`) and, after failed checks in a row,
   * its own page and EC2's view of the instance (`failoverConfirmation`), force-detaches every
   * secondary interface from it and attaches it to the standby at the same device index and network
   * card; the Elastic IPs stay on their interfaces, and it never moves them back (EC2 API
   * Reference, DetachNetworkInterface: `Force` is the last resort for a failed instance). The standby gets an IAM role of its own, allowed exactly those calls on those
   * interfaces and instances (plus `instanceRole`'s policies); not with `instanceProfileName`. After
   * a takeover, previews refuse until it is recorded (the component README, "After a failover").
   * Turning it on or off replaces the standby: its user data changes.
   */
  failover?: boolean;
  /**
   * How the failover monitor checks the instance. Default: `/` on port 80 of every interface's
   * private address every 5 s, 2 s timeout, statuses 200–399 alive, failed when all fail 3 rounds
   * in a row.
   */
  failoverHealthCheck?: FailoverHealthCheckArgs;
  /**
   * The second signal a takeover needs besides the failed checks. Default `"ec2-status"`: EC2's
   * own view of the instance must agree that it is gone or impaired (its eth0 attached to no
   * instance, its state anything but `running`, or `DescribeInstanceStatus` reporting its system or
   * instance status check `impaired`), which a partition between the two instances cannot fake;
   * otherwise the takeover is refused and notified. Status checks run every minute (EC2 User
   * Guide, "Status checks for Amazon EC2 instances"), so a hung but running instance is taken over
   * only once a check reports it impaired. `"none"`: the checks alone decide, which needs
   * `failoverFencing: true` (the instance is stopped before anything moves, so no live instance
   * keeps serving what moved); use it when a running instance whose web server stopped must be
   * taken over.
   */
  failoverConfirmation?: FailoverConfirmation;
  /**
   * Stop the failed instance (`StopInstances` with `Force`) before moving anything, so a half-alive
   * instance cannot keep serving its eth0 or come back with stale state. Default `false`. The
   * standby's role may then stop that instance and no other. Start it again yourself before failing
   * back. Not with `stopProtection`: EC2 never stops a protected instance, Force or not.
   */
  failoverFencing?: boolean;
  /**
   * Publish one message per takeover and per refused takeover (and per degraded interface) to an
   * SNS topic: `{}` creates `<name>-failover-topic`, `{ topicArn }` uses yours. Default: none, the
   * journal alone (`journalctl -u dual-homed-server-failover`).
   */
  failoverNotifications?: FailoverNotificationsArgs;
  /**
   * Name of an existing IAM instance profile for the instance (and its standby). Default: none.
   * Not with `instanceRole`. Changing it updates the instance in place.
   */
  instanceProfileName?: pulumi.Input<string>;
  /** An IAM role, instance profile and policy attachments the component creates. Default: none. */
  instanceRole?: InstanceRoleArgs;
  /**
   * Security groups of your own (`sg-…`) on the primary interface (and the standby's), beside its own
   * group, which stays. Default: none.
   */
  securityGroupIds?: pulumi.Input<string>[];
  /**
   * The account's quota of security groups per network interface (VPC quotas: 5 by default,
   * adjustable up to 16). Default 5. Every interface's own group and `securityGroupIds` together
   * must fit, as the pack's `eni-security-group-count` (`maxSecurityGroups`) checks.
   */
  maxSecurityGroupsPerInterface?: number;
  /** The root volume: size, type, IOPS, throughput, KMS key; always encrypted. Default: gp3, image size. */
  rootVolume?: RootVolumeArgs;
  /**
   * CloudWatch detailed monitoring (1-minute metrics). Default `false`: it is billed per metric
   * (see the README); basic 5-minute metrics are free. Changing it updates the instance in place.
   */
  monitoring?: boolean;
  /**
   * EC2 termination protection (`disableApiTermination`). Default `false`. While on, the instance is
   * also protected in the stack: a change that would replace it, or `pulumi destroy`, is refused at
   * preview. Turn it off and `pulumi up` first to replace or destroy.
   */
  terminationProtection?: boolean;
  /** EC2 stop protection (`disableApiStop`). Default `false`. */
  stopProtection?: boolean;
  /**
   * A boot script of your own, run once at first boot after the component's Apache setup (the test
   * page stays the component's). Must start with `#!` (e.g. `#!/bin/bash`). The user data becomes a
   * MIME multi-part document with two shell parts, which cloud-init runs in order; the whole of it
   * must fit EC2's 16 KB. Default: none (the user data is the Apache setup alone). Changing it
   * replaces the instance (`userDataReplaceOnChange`), as a changed boot script runs only on a new one.
   */
  bootScript?: string;
  /** Name of an existing placement group for the instance (and its standby). Default: none. */
  placementGroupName?: pulumi.Input<string>;
  /**
   * Create a spread placement group and launch the instance and its standby in it, on distinct
   * hardware, so one hardware failure cannot take both. Default `false`. Not with `placementGroupName`.
   */
  spreadPlacement?: boolean;
  /**
   * Take over a server built by hand instead of creating one: the ids of its existing resources,
   * imported on the next `pulumi up`, and what to keep as it is. Default: none (everything is
   * created). `npm run adopt` writes it; see the README's "Adopt a server you built by hand".
   */
  adopt?: AdoptionArgs;
}

/** What the server exposes on one of its network interfaces. */
export interface InterfaceInfo {
  /** 0 for the primary interface, then 1, 2, … on each network card. */
  deviceIndex: number;
  /** The network card the interface is attached on (0 unless the type has several). */
  networkCardIndex: number;
  /** Every security group on the interface: its own (`securityGroupId`) first, then yours. */
  securityGroupIds: string[];
  /** The interface's id (`eni-…`); it stays the same when the instance is replaced. */
  networkInterfaceId: string;
  /** The id (`sg-…`) of the security group that guards this interface alone. */
  securityGroupId: string;
  /** Private IPv4 addresses, primary private address first. */
  privateIps: string[];
  /** Elastic IPs, in the order of `privateIps` (empty when `elasticIps` is false). */
  publicIps: string[];
  /**
   * Whether the interface's security group lets HTTP (TCP 80) in from some IPv4 source, the only
   * kind that can reach its Elastic IPs (rules open only to IPv6 sources do not count).
   */
  allowsHttp: boolean;
  /**
   * The IPv4 sources (CIDR blocks) allowed to reach port 80 at this interface's Elastic IPs:
   * `["0.0.0.0/0"]` means anyone; a narrower list means the page loads only from those networks.
   */
  httpSources: string[];
  /** IPv6 addresses of the interface (public: they need no Elastic IP), in EC2's order. */
  ipv6Addresses: string[];
  /** The IPv6 sources (CIDR blocks) allowed to reach port 80 at `ipv6Addresses`; `["::/0"]` means anyone. */
  ipv6HttpSources: string[];
}
