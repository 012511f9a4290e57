import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { expectedInterfaces, type ServerOutputs } from "./stackOutputs";
import { VerifyError } from "./verifyError";

/** One network interface as the EC2 API reports it. */
export interface ObservedInterface {
  id: string;
  attachedInstanceId?: string;
  deviceIndex?: number;
  networkCardIndex?: number;
  subnetId: string;
  availabilityZone: string;
  securityGroupIds: string[];
  privateIps: string[];
  ipv6Addresses: string[];
}

/** One Elastic IP as the EC2 API reports it. */
export interface ObservedAddress {
  publicIp: string;
  networkInterfaceId?: string;
  privateIpAddress?: string;
}

export interface ObservedTopology {
  instanceAz: string;
  /** The name of each instance's IAM instance profile (`""` without one): the instance's, then the standby's. */
  instanceProfiles: string[];
  /** Zone of the standby instance, when the stack has one. */
  standbyAz?: string;
  /** Interfaces the instance (and the standby) report as attached, with the instance and device index. */
  attached: { id: string; instanceId: string; deviceIndex: number }[];
  interfaces: Map<string, ObservedInterface>;
  addresses: Map<string, ObservedAddress>;
}

/** Turns SDK failures into one actionable line. */
export function describeAwsFailure(err: unknown, endpoint: string | undefined): VerifyError {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const where = endpoint ?? "the default EC2 endpoint of the region";
  if (e.name === "CredentialsProviderError") {
    return new VerifyError("no AWS credentials found; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }
  const network = e.code ?? e.cause?.code ?? e.name ?? "";
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|TimeoutError|AbortError/.test(network)) {
    return new VerifyError(
      `cannot reach ${where} (${network}); check --endpoint, AWS_ENDPOINT_URL_EC2 and the network`,
    );
  }
  if (e.name === "InvalidInstanceID.NotFound" || e.name === "InvalidInstanceID.Malformed") {
    return new VerifyError(`${e.message ?? e.name}; is the stack deployed in this region (--region, AWS_REGION)?`);
  }
  if (e.name === "AuthFailure" || e.name === "UnauthorizedOperation") {
    return new VerifyError(`AWS refused the credentials (${e.name}); check the profile or keys`);
  }
  return new VerifyError(`EC2 API call failed: ${e.name ?? "error"}: ${e.message ?? String(err)}`);
}

/** Reads the instance, its interfaces and the stack's Elastic IPs through the EC2 API. */
export async function observeTopology(client: EC2Client, outputs: ServerOutputs): Promise<ObservedTopology> {
  const instanceIds = [outputs.instanceId, ...(outputs.standbyInstanceId ? [outputs.standbyInstanceId] : [])];
  const instances = await client.send(new DescribeInstancesCommand({ InstanceIds: instanceIds }));
  const instanceById = (id: string) => {
    const instance = instances.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === id);
    if (!instance) throw new VerifyError(`instance ${id} does not exist; is the stack deployed in this region?`);
    return instance;
  };
  const [instance, standby] = instanceIds.map(instanceById);
  const attached = [instance, ...(standby ? [standby] : [])].flatMap((holder) =>
    (holder.NetworkInterfaces ?? []).map((eni) => ({
      id: eni.NetworkInterfaceId ?? "",
      instanceId: holder.InstanceId ?? "",
      deviceIndex: eni.Attachment?.DeviceIndex ?? -1,
    })),
  );
  const declared = expectedInterfaces(outputs).map((e) => e.info);
  const ids = [...new Set([...declared.map((i) => i.networkInterfaceId), ...attached.map((a) => a.id)])];
  // Filters rather than ids: a missing interface or address is a finding, not a failed call.
  const enis = await client.send(
    new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "network-interface-id", Values: ids }] }),
  );
  const interfaces = new Map(
    (enis.NetworkInterfaces ?? []).map((eni): [string, ObservedInterface] => [
      eni.NetworkInterfaceId ?? "",
      {
        id: eni.NetworkInterfaceId ?? "",
        attachedInstanceId: eni.Attachment?.InstanceId,
        deviceIndex: eni.Attachment?.DeviceIndex,
        networkCardIndex: eni.Attachment?.NetworkCardIndex,
        subnetId: eni.SubnetId ?? "",
        availabilityZone: eni.AvailabilityZone ?? "",
        securityGroupIds: (eni.Groups ?? []).map((g) => g.GroupId ?? ""),
        privateIps: (eni.PrivateIpAddresses ?? []).map((p) => p.PrivateIpAddress ?? ""),
        ipv6Addresses: (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address ?? ""),
      },
    ]),
  );
  const publicIps = declared.flatMap((i) => i.publicIps);
  const found = publicIps.length
    ? await client.send(new DescribeAddressesCommand({ Filters: [{ Name: "public-ip", Values: publicIps }] }))
    : { Addresses: [] };
  const addresses = new Map(
    (found.Addresses ?? []).map((a): [string, ObservedAddress] => [
      a.PublicIp ?? "",
      { publicIp: a.PublicIp ?? "", networkInterfaceId: a.NetworkInterfaceId, privateIpAddress: a.PrivateIpAddress },
    ]),
  );
  return {
    instanceAz: instance.Placement?.AvailabilityZone ?? "",
    // EC2 reports the profile's ARN (`arn:aws:iam::123456789012:instance-profile/path/name`).
    instanceProfiles: [instance, ...(standby ? [standby] : [])].map(
      (i) => i.IamInstanceProfile?.Arn?.split("/").pop() ?? "",
    ),
    standbyAz: standby?.Placement?.AvailabilityZone,
    attached,
    interfaces,
    addresses,
  };
}
