import type { PolicyResource } from "@pulumi/policy";
import { awsSettingsOf, settingsKey, type AwsSettings } from "./awsSettings";
import { known, read, unknown, type Known } from "./knownFacts";
import type { InstanceFact, StackModel, SubnetRef } from "./factTypes";

/** Settings of the live `DescribeSubnets` lookup for subnets outside the stack. */
export interface SubnetLookupConfig {
  /** On by default; off reports such subnets as unverifiable instead. */
  enabled?: boolean;
  /** Default: the region of the stack's AWS provider (`aws:region`), else AWS_REGION or the profile's. */
  region?: string;
  /** EC2 endpoint override. Default: the stack's AWS provider's (`aws:endpoints`), else AWS's. */
  endpoint?: string;
  /** Upper bound for the whole lookup. Default 5000 ms. */
  timeoutMs?: number;
}

const defaultLookupTimeoutMs = 5000;

/**
 * The EC2 client library, loaded when the pack starts rather than when the stack is analyzed: the
 * engine asks for the analysis only after the program has run, so loading it meanwhile (about half
 * a second) keeps it off the preview's critical path.
 */
let ec2Library: Promise<typeof import("@aws-sdk/client-ec2")> | undefined;
export function preloadEc2Library(): Promise<typeof import("@aws-sdk/client-ec2")> {
  if (!ec2Library) {
    ec2Library = import("@aws-sdk/client-ec2");
    ec2Library.catch(() => undefined); // a failure surfaces where the lookup awaits it
  }
  return ec2Library;
}

/** Looks up the Availability Zone of each subnet id through the EC2 API, within the time bound. */
async function describeSubnetZones(
  ids: string[],
  settings: AwsSettings,
  config: SubnetLookupConfig,
): Promise<Map<string, Known<string>>> {
  const { EC2Client, DescribeSubnetsCommand } = await preloadEc2Library();
  const client = new EC2Client({
    region: config.region ?? settings.region,
    endpoint: config.endpoint ?? settings.endpoint,
    credentials: settings.credentials,
    profile: settings.profile,
    maxAttempts: 2,
  });
  const timeoutMs = config.timeoutMs ?? defaultLookupTimeoutMs;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // One call per id: AWS fails a whole batch when a single id does not exist.
    const answers = await Promise.all(
      ids.map(async (id): Promise<[string, Known<string>]> => {
        try {
          const out = await client.send(new DescribeSubnetsCommand({ SubnetIds: [id] }), { abortSignal: signal });
          const zone = out.Subnets?.[0]?.AvailabilityZone;
          return [id, zone ? known(zone) : unknown(`DescribeSubnets returned no zone for ${id}`)];
        } catch (err) {
          const reason = signal.aborted ? `no answer within ${timeoutMs} ms` : (err as Error).message;
          return [
            id,
            unknown(
              `looking up subnet ${id} through the EC2 API failed (${reason}); give the stack AWS credentials ` +
                `and a region, or set subnetLookup's region and endpoint in the policy config`,
            ),
          ];
        }
      }),
    );
    return new Map(answers);
  } finally {
    client.destroy();
  }
}

/** Availability Zones of the subnets a stack uses, from the stack itself or from the live lookup. */
export class SubnetZones {
  private constructor(
    private readonly lookedUp: Map<string, Known<string>>,
    private readonly lookupEnabled: boolean,
  ) {}

  static async resolve(model: StackModel, lookup: SubnetLookupConfig = {}): Promise<SubnetZones> {
    const enabled = lookup.enabled !== false;
    // Subnet ids from outside the stack, grouped by the AWS settings of the resources naming them.
    const outside = new Map<string, { settings: AwsSettings; ids: Set<string> }>();
    const note = (ref: Known<SubnetRef> | undefined, user: PolicyResource) => {
      if (!ref?.known || ref.value.resource || !ref.value.id) return;
      const settings = awsSettingsOf(user);
      const key = settingsKey(settings);
      if (!outside.has(key)) outside.set(key, { settings, ids: new Set() });
      outside.get(key)!.ids.add(ref.value.id);
    };
    model.enis.forEach((eni) => note(eni.subnet, eni.resource));
    model.instances.forEach((instance) => note(instance.primarySubnet, instance.resource));
    const lookedUp = new Map<string, Known<string>>();
    if (enabled) {
      const answers = await Promise.all(
        [...outside.values()].map(({ settings, ids }) => describeSubnetZones([...ids].sort(), settings, lookup)),
      );
      for (const answer of answers)
        for (const [id, zone] of answer) if (!lookedUp.get(id)?.known) lookedUp.set(id, zone);
    }
    return new SubnetZones(lookedUp, enabled);
  }

  zoneOf(ref: Known<SubnetRef>): Known<string> {
    if (!ref.known) return ref;
    const subnet = ref.value;
    if (subnet.resource) {
      const zone = read(
        `availabilityZone of subnet ${subnet.label}`,
        () => subnet.resource!.props.availabilityZone as unknown,
      );
      if (!zone.known) return zone;
      return typeof zone.value === "string" && zone.value
        ? known(zone.value)
        : unknown(`subnet ${subnet.label} sets no availabilityZone, so AWS picks one at creation; set it`);
    }
    const looked = this.lookedUp.get(subnet.id!);
    if (looked) return looked;
    return this.lookupEnabled
      ? unknown(`subnet ${subnet.label} could not be looked up`)
      : unknown(
          `subnet ${subnet.label} is not a resource of this stack and subnetLookup is disabled in the policy ` +
            `config; enable it to read the subnet's zone from the EC2 API`,
        );
  }

  /**
   * The instance's zone: its own `availabilityZone`, else the zone of its device-index-0 interface
   * (the subnet it creates eth0 in, or its `primaryNetworkInterface`). An instance launched with a
   * `networkInterfaces` list takes the zone its interfaces share; which entry is at index 0 cannot be
   * told while their ids are unknown, so interfaces in several zones are a `conflict` naming each.
   */
  instanceZone(instance: InstanceFact): Known<string> & { conflict?: { label: string; zone: string }[] } {
    if (!instance.explicitAz.known) return instance.explicitAz;
    if (instance.explicitAz.value) return known(instance.explicitAz.value);
    if (instance.primarySubnet) return this.zoneOf(instance.primarySubnet);
    const primary = instance.enis.find((e) => e.kind === "primaryNetworkInterface");
    if (primary) return primary.eni.known ? this.zoneOf(primary.eni.value.subnet) : primary.eni;
    const launched = instance.enis.filter((e) => e.kind === "networkInterfaces");
    if (launched.length === 0) return unknown(`${instance.label} has no primary interface this pack can see`);
    const placed: { label: string; zone: string }[] = [];
    for (const entry of launched) {
      if (!entry.eni.known) return entry.eni;
      const zone = this.zoneOf(entry.eni.value.subnet);
      if (!zone.known) return zone;
      placed.push({ label: `"${entry.eni.value.resource.name}"`, zone: zone.value });
    }
    const zonesSeen = new Set(placed.map((p) => p.zone));
    if (zonesSeen.size === 1) return known(placed[0].zone);
    return {
      ...unknown(`the interfaces ${instance.label} is launched with are in ${zonesSeen.size} Availability Zones`),
      conflict: placed,
    };
  }
}
