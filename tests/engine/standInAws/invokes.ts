// TEST DOUBLE (part of the stand-in AWS provider): the data sources the component reads during
// preview, answered through the AWS API of moto (EC2 and SSM).
import {
  DescribeImagesCommand,
  DescribeInstanceTypesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
} from "@aws-sdk/client-ec2";
import type { _InstanceType } from "@aws-sdk/client-ec2";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { awsFunctions } from "dual-homed-server-rules";
import { ec2Client, ssmClient } from "./awsClients";
import { actionFailed, ignoring } from "./errors";

type Outputs = Record<string, unknown>;

interface DataSource {
  /** The data source as the provider names it in its errors ("EC2 Subnet"). */
  name: string;
  answer(inputs: Record<string, unknown>): Promise<Outputs>;
}

/**
 * A data source that found nothing or too much. The provider reports it as it is, where its other
 * errors read `reading EC2 Subnet: …` (internal/tfresource/errors.go, SingularDataSourceFindError).
 */
class NoSingleMatch extends Error {}

/** The one item a singular data source found, or its error in the provider's words. */
function single<T>(name: string, found: T[]): T {
  if (found.length === 1) return found[0];
  throw new NoSingleMatch(
    found.length === 0
      ? `no matching ${name} found`
      : `multiple ${name}s matched; use additional constraints to reduce matches to a single ${name}`,
  );
}

type Filters = { name: string; values: string[] }[];

/** The data source's `filters` as the EC2 API takes them; none is left out, as EC2 refuses an empty list. */
function filtersOf(inputs: Record<string, unknown>): { Name: string; Values: string[] }[] | undefined {
  const filters = ((inputs.filters ?? []) as Filters).map((f) => ({ Name: f.name, Values: f.values }));
  return filters.length > 0 ? filters : undefined;
}

/**
 * The one item a data source finds by its `id` or its `filters`, as the provider's find functions
 * look it up: `describe` is the EC2 call, and EC2's `notFound` code for an id counts as no item.
 */
async function findOne<T>(
  name: string,
  notFound: string,
  inputs: Record<string, unknown>,
  describe: (ids: string[] | undefined, filters: ReturnType<typeof filtersOf>) => Promise<T[] | undefined>,
): Promise<T> {
  const ids = typeof inputs.id === "string" ? [inputs.id] : undefined;
  const found = await ignoring([notFound], () => describe(ids, filtersOf(inputs)));
  return single(name, found ?? []);
}

/**
 * The subnet by id or by filters (internal/service/ec2/vpc_subnet_data_source.go): findSubnets takes
 * EC2's InvalidSubnetID.NotFound for an empty answer, so an unknown id reads "no matching EC2
 * Subnet found", as an id that matches no filter does.
 */
const subnet: DataSource = {
  name: "EC2 Subnet",
  async answer(inputs) {
    const found = await findOne(
      "EC2 Subnet",
      "InvalidSubnetID.NotFound",
      inputs,
      async (SubnetIds, Filters) =>
        (await ec2Client().send(new DescribeSubnetsCommand({ SubnetIds, Filters }))).Subnets,
    );
    return {
      id: found.SubnetId,
      arn: found.SubnetArn,
      availabilityZone: found.AvailabilityZone,
      availabilityZoneId: found.AvailabilityZoneId,
      vpcId: found.VpcId,
      cidrBlock: found.CidrBlock,
      ipv6CidrBlock: found.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock ?? "",
    };
  },
};

/**
 * The data source's one interface, by id or by filters; none or several is an error, as the provider
 * says (findNetworkInterfaces takes InvalidNetworkInterfaceID.NotFound for an empty answer).
 */
const networkInterface: DataSource = {
  name: "EC2 Network Interface",
  async answer(inputs) {
    const eni = await findOne(
      "EC2 Network Interface",
      "InvalidNetworkInterfaceID.NotFound",
      inputs,
      async (NetworkInterfaceIds, Filters) =>
        (await ec2Client().send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds, Filters })))
          .NetworkInterfaces,
    );
    return {
      id: eni.NetworkInterfaceId,
      subnetId: eni.SubnetId,
      privateIp: eni.PrivateIpAddress,
      // The data source's list keeps EC2's order.
      privateIps: (eni.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
      securityGroups: (eni.Groups ?? []).map((g) => g.GroupId),
      tags: Object.fromEntries((eni.TagSet ?? []).map((t) => [t.Key, t.Value])),
      // The data source's attachment block, as EC2 reports it (empty when detached).
      attachments:
        eni.Attachment && eni.Attachment.Status !== "detached"
          ? [
              {
                attachmentId: eni.Attachment.AttachmentId ?? "",
                deviceIndex: eni.Attachment.DeviceIndex ?? 0,
                instanceId: eni.Attachment.InstanceId ?? "",
                instanceOwnerId: eni.Attachment.InstanceOwnerId ?? "",
                networkCardIndex: eni.Attachment.NetworkCardIndex ?? 0,
              },
            ]
          : [],
    };
  },
};

/** The newest image matching the filters and owners, with its block device mappings as the data source flattens them. */
const ami: DataSource = {
  name: "EC2 AMI",
  async answer(inputs) {
    const out = await ec2Client().send(
      new DescribeImagesCommand({
        Filters: filtersOf(inputs),
        Owners: (inputs.owners as string[] | undefined) ?? undefined,
        IncludeDeprecated: inputs.includeDeprecated as boolean | undefined,
      }),
    );
    const images = [...(out.Images ?? [])].sort((a, b) => String(b.CreationDate).localeCompare(String(a.CreationDate)));
    const image = images[0];
    // ami_data_source.go reports no image in these words, without the "reading" prefix.
    if (!image) {
      throw new NoSingleMatch("Your query returned no results. Please change your search criteria and try again.");
    }
    return {
      id: image.ImageId,
      imageId: image.ImageId,
      name: image.Name,
      architecture: image.Architecture,
      rootDeviceName: image.RootDeviceName,
      // The provider flattens each mapping's ebs block into a map of strings.
      blockDeviceMappings: (image.BlockDeviceMappings ?? []).map((m) => ({
        deviceName: m.DeviceName,
        ebs: m.Ebs
          ? {
              volume_size: String(m.Ebs.VolumeSize ?? ""),
              volume_type: String(m.Ebs.VolumeType ?? ""),
              snapshot_id: m.Ebs.SnapshotId ?? "",
              encrypted: String(m.Ebs.Encrypted ?? false),
              delete_on_termination: String(m.Ebs.DeleteOnTermination ?? true),
            }
          : {},
        noDevice: m.NoDevice ?? "",
        virtualName: m.VirtualName ?? "",
      })),
    };
  },
};

/** The partition of the provider's region (the stand-in's is always us-east-1, in `aws`). */
const partition: DataSource = {
  name: "Partition",
  answer: () =>
    Promise.resolve({ id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
};

const instanceType: DataSource = {
  name: "EC2 Instance Type",
  async answer(inputs) {
    const out = await ec2Client().send(
      new DescribeInstanceTypesCommand({ InstanceTypes: [String(inputs.instanceType) as _InstanceType] }),
    );
    // An unknown type is EC2's InvalidInstanceType, which findInstanceTypes passes on as it is
    // ("reading EC2 Instance Type: … api error InvalidInstanceType: …"); an empty answer is no match.
    const type = single("EC2 Instance Type", out.InstanceTypes ?? []);
    const network = type.NetworkInfo;
    return {
      id: type.InstanceType,
      instanceType: type.InstanceType,
      maximumNetworkInterfaces: network?.MaximumNetworkInterfaces,
      maximumIpv4AddressesPerInterface: network?.Ipv4AddressesPerInterface,
      maximumIpv6AddressesPerInterface: network?.Ipv6AddressesPerInterface,
      ipv6Supported: network?.Ipv6Supported,
      networkCards: (network?.NetworkCards ?? []).map((card) => ({
        index: card.NetworkCardIndex,
        maximumInterfaces: card.MaximumNetworkInterfaces,
        performance: card.NetworkPerformance ?? "",
        baselineBandwidth: card.BaselineBandwidthInGbps ?? 0,
        peakBandwidth: card.PeakBandwidthInGbps ?? 0,
      })),
      supportedArchitectures: type.ProcessorInfo?.SupportedArchitectures ?? [],
    };
  },
};

const parameter: DataSource = {
  name: "SSM Parameter",
  async answer(inputs) {
    const out = await ssmClient().send(new GetParameterCommand({ Name: String(inputs.name), WithDecryption: true }));
    const found = out.Parameter;
    return {
      id: found?.Name,
      name: found?.Name,
      arn: found?.ARN,
      type: found?.Type,
      value: found?.Value,
      insecureValue: found?.Value,
      version: found?.Version,
    };
  },
};

/** The provider's region: the stand-in always runs in us-east-1 (the engine tests' aws:region). */
const region: DataSource = {
  name: "Region",
  answer: () =>
    Promise.resolve({
      id: "us-east-1",
      name: "us-east-1",
      region: "us-east-1",
      endpoint: "ec2.us-east-1.amazonaws.com",
      description: "US East (N. Virginia)",
    }),
};

/** Who the credentials are: moto's one account, as its STS GetCallerIdentity answers. */
const callerIdentity: DataSource = {
  name: "Caller Identity",
  answer: () =>
    Promise.resolve({
      id: "123456789012",
      accountId: "123456789012",
      arn: "arn:aws:sts::123456789012:user/moto",
      userId: "AKIAIOSFODNN7EXAMPLE",
    }),
};

/** Each data source the component reads during preview, by function token. */
export const dataSources: Record<string, DataSource> = {
  [awsFunctions.getSubnet]: subnet,
  [awsFunctions.getNetworkInterface]: networkInterface,
  [awsFunctions.getInstanceType]: instanceType,
  [awsFunctions.getParameter]: parameter,
  [awsFunctions.getAmi]: ami,
  [awsFunctions.getPartition]: partition,
  [awsFunctions.getRegion]: region,
  [awsFunctions.getCallerIdentity]: callerIdentity,
};

/**
 * Answers an invoke as the bridged AWS provider does: the data source's outputs, or its error as
 * pulumi-terraform-bridge reports a failed read. Its Invoke wraps the data source's diagnostics
 * (a go-multierror) with the function: `invoking aws:ec2/getSubnet:getSubnet: 1 error occurred:
 * * no matching EC2 Subnet found`; the engine then puts `invocation of <token> returned an error: `
 * before it.
 */
export async function invokeDataSource(token: string, inputs: Record<string, unknown>): Promise<Outputs> {
  const dataSource = dataSources[token];
  if (!dataSource) throw new Error(`the stand-in AWS provider does not answer ${token}`);
  try {
    return await dataSource.answer(inputs);
  } catch (err) {
    const reason = err instanceof NoSingleMatch ? err : actionFailed("reading", dataSource.name, undefined, err);
    throw new Error(`invoking ${token}: 1 error occurred:\n\t* ${reason.message}\n\n`, { cause: err });
  }
}
