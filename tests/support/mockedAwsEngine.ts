// TEST DOUBLE: a mocked Pulumi engine and AWS provider (pulumi.runtime.setMocks). Programs run
// without the CLI; resources get made-up outputs and data-source invokes are answered from
// fixtures and from the committed instance-type table. It records every registration with the
// dependencies the SDK sends to the engine, so tests can assert the resource graph.
import * as pulumi from "@pulumi/pulumi";
import {
  awsFunctions,
  awsTypes,
  instanceNetworkLimitsTable,
  ipv4InBlock,
  reservedAtSubnetStart,
  type InstanceNetworkLimits,
} from "dual-homed-server-rules";

export interface SubnetFixture {
  availabilityZone: string;
  vpcId: string;
  cidrBlock: string;
  /** The subnet's IPv6 block, `""` (as the provider reports it) when it has none. */
  ipv6CidrBlock?: string;
}

/** One resource as the (mocked) engine received it. */
export interface RegisteredResource {
  type: string;
  name: string;
  urn: string;
  parent: string;
  custom: boolean;
  inputs: Record<string, any>;
  /** Every resource this one depends on (URNs), as `dependsOn` plus input dependencies. */
  dependencies: string[];
  /** Input property → URNs it was computed from. */
  propertyDependencies: Record<string, string[]>;
  deleteBeforeReplace: boolean;
  /** Input properties whose changes the engine ignores once the resource exists. */
  ignoreChanges: string[];
  /** Names the resource had before (`aliases`), so the engine carries its state over. */
  aliasNames: string[];
  /** Whether the engine refuses to delete or replace it (`protect`). */
  protect: boolean;
  /** The AWS id the engine imports it from (`import`), or `""`. */
  importId: string;
  /** Whether the engine leaves it in AWS when it leaves the stack (`retainOnDelete`). */
  retainOnDelete: boolean;
}

const limitsTable: Record<string, InstanceNetworkLimits> = instanceNetworkLimitsTable();

export interface MockedAwsEngine {
  resources: RegisteredResource[];
  invokes: { token: string; args: Record<string, any> }[];
  /** Resolves once every registration started so far (and any it triggers) has finished. */
  settle(): Promise<void>;
  byType(type: string): RegisteredResource[];
  byName(name: string): RegisteredResource;
}

/** The names the mocked image lookup gives, by image id, as each publisher names its images. */
export const mockedImageNames: Record<string, string> = {
  default: "al2023-ami-2023.6.20250107.0-kernel-6.1-x86_64",
  "ami-ubuntu-jammy": "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250112",
  "ami-ubuntu-noble": "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115",
  "ami-rhel-9": "RHEL-9.5.0_HVM-20241211-x86_64-0-Hourly2-GP3",
  "ami-windows": "Windows_Server-2022-English-Full-Base-2025.01.15",
  "ami-amazon-linux-2": "amzn2-ami-kernel-5.10-hvm-2.0.20250108.0-x86_64-gp2",
  "ami-golden": "golden-web-server-2025.01.15",
};

/** Architectures the mocked instance-type lookup reports: Graviton families are arm64. */
function architecturesOf(instanceType: string): string[] {
  const family = instanceType.split(".")[0];
  return /^(a1|[a-z]+\d+g[a-z]*)$/.test(family) ? ["arm64"] : ["x86_64", "i386"];
}

interface MockedEngineOptions {
  /**
   * Run as a first preview: no resource exists yet, so every id and output is unknown, and the
   * inputs computed from them reach the engine as its unknown marker (as in a real first preview).
   */
  firstPreview?: boolean;
  /**
   * Private addresses that network interfaces already hold from an earlier deployment, by resource
   * name, in the order EC2 assigned them: an update keeps them, and EC2 assigns any extra address
   * from below the ones it holds, so assignment order and numeric order differ.
   */
  existingAddresses?: Record<string, string[]>;
  /**
   * What EC2 shows of a secondary interface's attachment now, by interface resource name (`null`:
   * attached to no instance). Default: the attachment the stack declared for it, as the engine
   * recorded it (`<attachment name>-id` on the instance it names).
   */
  attachmentsNow?: Record<string, { attachmentId: string; instanceId: string } | null>;
  /**
   * Run as the preview of an update: the resources exist (ids known), and a network interface whose
   * addresses change reports its ordered list as unknown, as the AWS provider's plan does.
   */
  previewOfUpdate?: boolean;
}

/** The engine's marker for a value not known during preview. */
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Installs the mocks; call before constructing resources (each call starts a fresh record). */
export async function useMockedAwsEngine(
  subnets: Record<string, SubnetFixture>,
  options: MockedEngineOptions = {},
): Promise<MockedAwsEngine> {
  const resources: RegisteredResource[] = [];
  const invokes: { token: string; args: Record<string, any> }[] = [];
  const nextHost = new Map<string, number>();
  let nextEip = 10;
  let nextIpv6 = 0x100;
  // Below the first addresses handed out (hosts 4-9; AWS reserves the first four of a subnet).
  const nextLowHost = new Map<string, number>();
  const allocateLowIp = (subnetId: string) => {
    const host = nextLowHost.get(subnetId) ?? 9;
    if (host < reservedAtSubnetStart) throw new Error(`mocked AWS engine ran out of low addresses in ${subnetId}`);
    nextLowHost.set(subnetId, host - 1);
    return ipv4InBlock(subnets[subnetId].cidrBlock, host);
  };
  const allocateIp = (subnetId: string) => {
    const host = nextHost.get(subnetId) ?? 10;
    nextHost.set(subnetId, host + 1);
    return ipv4InBlock(subnets[subnetId].cidrBlock, host);
  };

  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        if (options.firstPreview) return { id: "", state: {} };
        const state: Record<string, any> = { ...args.inputs };
        if (args.type === awsTypes.networkInterface) {
          const listed: string[] | undefined = args.inputs.privateIps;
          const count = listed ? listed.length : 1 + (args.inputs.privateIpsCount ?? 0);
          const existing = options.existingAddresses?.[args.name];
          const changes = existing
            ? listed
              ? listed.length !== existing.length || listed.some((ip) => !existing.includes(ip))
              : existing.length !== count
            : false;
          if (options.previewOfUpdate && existing && changes) {
            state.privateIp = existing[0];
            state.privateIpLists = unknown;
            state.privateIps = listed ?? unknown;
            return { id: `${args.name}-id`, state };
          }
          if (listed) {
            // The provider's set form: a new interface's primary is the provider's pick (here the
            // last listed, so nothing may assume it is the first); an existing one keeps its own
            // addresses in order, loses the removed ones and gains the added ones at the end.
            const ips = existing
              ? [...existing.filter((ip) => listed.includes(ip)), ...listed.filter((ip) => !existing.includes(ip))]
              : [listed[listed.length - 1], ...listed.slice(0, -1)];
            state.privateIp = ips[0];
            state.privateIpLists = ips;
            state.privateIps = [...ips].reverse();
            return { id: `${args.name}-id`, state };
          }
          if (existing && existing.length > count) {
            // Which addresses the provider unassigns is its own choice; the lifecycle tests cover it.
            throw new Error(`mocked AWS engine does not model removing addresses from ${args.name}`);
          }
          const ips = existing
            ? [
                ...existing,
                ...Array.from({ length: count - existing.length }, () => allocateLowIp(args.inputs.subnetId)),
              ]
            : Array.from({ length: count }, () => allocateIp(args.inputs.subnetId));
          state.privateIp = ips[0];
          // The ordered list, as EC2 reports the addresses: primary first, then in assignment order.
          state.privateIpLists = ips;
          // The provider's set: deliberately not primary-first, not in assignment order.
          state.privateIps = [...ips].reverse();
          const ipv6Count = args.inputs.ipv6AddressCount ?? 0;
          const ipv6Block = subnets[args.inputs.subnetId]?.ipv6CidrBlock;
          if (ipv6Count > 0 && ipv6Block) {
            const prefix = ipv6Block.split("::")[0];
            const v6 = Array.from({ length: ipv6Count }, () => `${prefix}::${(nextIpv6++).toString(16)}`);
            state.ipv6AddressLists = v6;
            state.ipv6Addresses = [...v6].reverse();
          }
        }
        if (args.type === awsTypes.eip) {
          const n = nextEip++;
          state.publicIp = `198.51.100.${n}`;
          state.allocationId = `eipalloc-${n}`;
        }
        // Names the provider generates (name prefix + suffix) when the program gives none.
        const named: string[] = [
          awsTypes.iamRole,
          awsTypes.instanceProfile,
          awsTypes.placementGroup,
          awsTypes.rolePolicy,
        ];
        if (named.includes(args.type) && state.name === undefined) state.name = `${args.name}-1a2b3c`;
        return { id: `${args.name}-id`, state };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        // The engine reports a failed invoke as a gRPC error, whose text the SDK reads from `details`.
        const failed = (message: string) => Object.assign(new Error(message), { details: message });
        invokes.push({ token: args.token, args: args.inputs });
        switch (args.token) {
          case awsFunctions.getSubnet: {
            const subnet = subnets[args.inputs.id];
            if (!subnet) throw failed(`no matching EC2 Subnet found (${args.inputs.id})`);
            return { id: args.inputs.id, ipv6CidrBlock: "", ...subnet };
          }
          case awsFunctions.getInstanceType: {
            const limits = limitsTable[args.inputs.instanceType];
            if (!limits) throw failed(`InvalidInstanceType: ${args.inputs.instanceType}`);
            return {
              instanceType: args.inputs.instanceType,
              maximumNetworkInterfaces: limits.maxNetworkInterfaces,
              maximumIpv4AddressesPerInterface: limits.ipv4AddressesPerInterface,
              maximumIpv6AddressesPerInterface: limits.ipv6AddressesPerInterface,
              ipv6Supported: limits.ipv6Supported,
              networkCards: limits.networkCards.map((c) => ({
                index: c.index,
                maximumInterfaces: c.maxNetworkInterfaces,
              })),
              supportedArchitectures: architecturesOf(args.inputs.instanceType),
            };
          }
          case awsFunctions.getNetworkInterface: {
            const name = String(args.inputs.id).replace(/-id$/, "");
            const held = options.existingAddresses?.[name];
            const declared = resources.find(
              (r) => r.type === awsTypes.attachment && r.inputs.networkInterfaceId === args.inputs.id,
            );
            const now =
              options.attachmentsNow && name in options.attachmentsNow
                ? options.attachmentsNow[name]
                : declared && { attachmentId: `${declared.name}-id`, instanceId: declared.inputs.instanceId };
            if (!held && !declared) throw new Error(`no matching EC2 Network Interface found (${args.inputs.id})`);
            // The data source keeps EC2's order: primary first, then as assigned.
            return {
              id: args.inputs.id,
              privateIp: held?.[0] ?? "",
              privateIps: held ?? [],
              attachments: now ? [{ ...now, deviceIndex: declared?.inputs.deviceIndex ?? 1, networkCardIndex: 0 }] : [],
            };
          }
          case awsFunctions.getRegion:
            return { id: "us-east-1", region: "us-east-1", name: "us-east-1" };
          case awsFunctions.getCallerIdentity:
            return { id: "123456789012", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/test" };
          case awsFunctions.getParameter:
            return { name: args.inputs.name, value: `ami-for-${args.inputs.name.split("-").pop()}`, type: "String" };
          case awsFunctions.getPartition:
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
          case awsFunctions.getAmi: {
            // Every mocked image boots from an 8 GiB root snapshot, as Amazon Linux 2023 does; it is
            // named as Amazon Linux 2023 images are unless its id names another family (mockedImageNames).
            const imageId = String(args.inputs.filters?.[0]?.values?.[0] ?? "");
            if (imageId === "ami-missing") throw failed(`Your query returned no results (${imageId})`);
            return {
              id: imageId,
              imageId,
              name: mockedImageNames[imageId] ?? mockedImageNames.default,
              rootDeviceName: "/dev/xvda",
              blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volume_size: "8", volume_type: "gp3" } }],
            };
          }
          default:
            throw new Error(`mocked AWS engine has no answer for invoke ${args.token}`);
        }
      },
    },
    "dual-homed-server-stack",
    "test",
    (options.firstPreview ?? false) || (options.previewOfUpdate ?? false),
  );

  // Wrap the mock monitor to see what the SDK sends the engine, dependencies included.
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  const pending = new Set<Promise<void>>();
  monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
      propertyDependencies[key] = deps.getUrnsList();
    });
    const done = new Promise<void>((resolve) => {
      register(req, (err: any, resp: any) => {
        if (!err && resp) {
          resources.push({
            type: req.getType(),
            name: req.getName(),
            urn: resp.getUrn(),
            parent: req.getParent(),
            custom: req.getCustom(),
            inputs: req.getObject()?.toJavaScript() ?? {},
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            deleteBeforeReplace: req.getDeletebeforereplace(),
            ignoreChanges: req.getIgnorechangesList(),
            protect: req.getProtect?.() ?? false,
            importId: req.getImportid?.() ?? "",
            retainOnDelete: req.getRetainondelete?.() ?? false,
            // Structured aliases carry a name; plain ones are URNs that end in the name.
            aliasNames: [
              ...(req.getAliasesList?.() ?? []).map(
                (alias: any) => alias.getSpec?.()?.getName?.() || alias.getUrn?.() || "",
              ),
              ...(req.getAliasurnsList?.() ?? []),
            ]
              .map((alias: string) => alias.split("::").pop()!)
              .filter((n: string) => n !== ""),
          });
        }
        callback(err, resp);
        resolve();
      });
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const settle = async () => {
    for (let quiet = 0; quiet < 5;) {
      if (pending.size > 0) {
        quiet = 0;
        await Promise.all([...pending]);
      } else {
        quiet++;
      }
      await new Promise((r) => setImmediate(r));
    }
  };
  const byType = (type: string) => resources.filter((r) => r.type === type);
  const byName = (name: string) => {
    const found = resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}; registered: ${resources.map((r) => r.name).join(", ")}`);
    return found;
  };
  return { resources, invokes, settle, byType, byName };
}

/** The value inside an output, for assertions. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Rejection of an output (an apply that threw), or an error if it resolves. */
export async function failureOf(output: pulumi.Output<unknown>): Promise<Error> {
  try {
    await (output as any).promise();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the output to fail, but it resolved");
}
