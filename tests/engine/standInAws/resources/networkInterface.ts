// TEST DOUBLE (part of the stand-in AWS provider): network interfaces through the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { freeAddresses } from "../addressAllocation";
import { describeInterface, detachInterface } from "../describe";
import { ec2Client } from "../awsClients";
import { ec2Refusal, ignoring } from "../errors";
import type { Props, ResourceHandler } from "../resourceHandler";
import { addressesUnassignedOnLowering, setOrder } from "../setOrder";
import { tagSpec, tagsOf, updateTags } from "../tags";

const sameSet = (a: unknown, b: unknown) =>
  JSON.stringify([...((a as string[]) ?? [])].sort()) === JSON.stringify([...((b as string[]) ?? [])].sort());

/**
 * Source/destination check, groups and description, each with its own call as the provider makes
 * them (resourceNetworkInterfaceUpdate); a description or check taken out of the program goes back
 * to none and to the default, true.
 */
async function updateAttributes(id: string, olds: Props, news: Props): Promise<void> {
  const modify = (input: Omit<ec2.ModifyNetworkInterfaceAttributeCommandInput, "NetworkInterfaceId">) =>
    ec2Client().send(new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, ...input }));
  if ((olds.sourceDestCheck ?? true) !== (news.sourceDestCheck ?? true)) {
    await modify({ SourceDestCheck: { Value: news.sourceDestCheck ?? true } });
  }
  if (news.securityGroups !== undefined && !sameSet(olds.securityGroups, news.securityGroups)) {
    await modify({ Groups: news.securityGroups });
  }
  if ((olds.description ?? "") !== (news.description ?? "")) {
    await modify({ Description: { Value: news.description ?? "" } });
  }
}

/**
 * The provider's set form (`privateIps`): exactly the removed addresses go and the added ones come.
 * Returns how many secondary addresses the interface holds afterwards by the count's reckoning.
 */
async function updateListedAddresses(id: string, olds: Props, news: Props): Promise<number> {
  const was = new Set(olds.privateIps as string[]);
  const now = new Set(news.privateIps as string[]);
  const removed = [...was].filter((ip) => !now.has(ip));
  const added = [...now].filter((ip) => !was.has(ip));
  if (removed.includes(olds.privateIp as string)) {
    // EC2 refuses this (moto does not check it).
    throw ec2Refusal(
      "UnassignPrivateIpAddresses",
      "InvalidParameterValue",
      `the primary private address ${String(olds.privateIp)} cannot be unassigned`,
    );
  }
  if (removed.length > 0) {
    await ec2Client().send(
      new ec2.UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: removed }),
    );
  }
  if (added.length > 0) {
    await ec2Client().send(
      new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: added }),
    );
  }
  return (olds.privateIpsCount ?? 0) + added.length - removed.length;
}

/** The written-out addresses, then the count: raised with addresses EC2 could pick, lowered as the provider lowers it. */
async function updatePrivateAddresses(id: string, olds: Props, news: Props): Promise<void> {
  const before: number =
    news.privateIps !== undefined ? await updateListedAddresses(id, olds, news) : (olds.privateIpsCount ?? 0);
  const after: number = news.privateIpsCount ?? before;
  if (after > before) {
    await ec2Client().send(
      new ec2.AssignPrivateIpAddressesCommand({
        NetworkInterfaceId: id,
        PrivateIpAddresses: await freeAddresses(olds.subnetId as string, after - before, "AssignPrivateIpAddresses"),
      }),
    );
  } else if (after < before) {
    const secondaries = (olds.privateIps as string[]).filter((ip) => ip !== olds.privateIp);
    await ec2Client().send(
      new ec2.UnassignPrivateIpAddressesCommand({
        NetworkInterfaceId: id,
        PrivateIpAddresses: addressesUnassignedOnLowering(secondaries, before - after),
      }),
    );
  }
}

/** The IPv6 address count: raised by EC2's picks, lowered as the provider lowers it. */
async function updateIpv6Addresses(id: string, olds: Props, news: Props): Promise<void> {
  const ipv6Before = olds.ipv6AddressCount ?? 0;
  const ipv6After = news.ipv6AddressCount ?? ipv6Before;
  if (ipv6After > ipv6Before) {
    await ec2Client().send(
      new ec2.AssignIpv6AddressesCommand({ NetworkInterfaceId: id, Ipv6AddressCount: ipv6After - ipv6Before }),
    );
  } else if (ipv6After < ipv6Before) {
    // As the provider does: the first addresses of its unordered ipv6Addresses set.
    await ec2Client().send(
      new ec2.UnassignIpv6AddressesCommand({
        NetworkInterfaceId: id,
        Ipv6Addresses: addressesUnassignedOnLowering(olds.ipv6Addresses as string[], ipv6Before - ipv6After),
      }),
    );
  }
}

/**
 * The addresses a new interface gets (resourceNetworkInterfaceCreate): its `private_ips` set in the
 * provider's set order, the first becoming the primary, cut to `private_ips_count` + 1 and topped
 * up to it with addresses EC2 picks; or, for a count alone, addresses EC2 picks (see freeAddresses).
 */
async function addressesAtCreation(inputs: Props): Promise<string[]> {
  const count = inputs.privateIpsCount as number | undefined;
  const subnetId = inputs.subnetId as string;
  if (!Array.isArray(inputs.privateIps) || inputs.privateIps.length === 0) {
    return freeAddresses(subnetId, 1 + (count || 0), "CreateNetworkInterface");
  }
  const listed = setOrder(inputs.privateIps as string[]).slice(0, count !== undefined ? count + 1 : undefined);
  const more = count !== undefined ? count + 1 - listed.length : 0;
  return [...listed, ...(await freeAddresses(subnetId, more, "AssignPrivateIpAddresses"))];
}

export const networkInterface: ResourceHandler = {
  type: awsTypes.networkInterface,
  name: "EC2 Network Interface",
  async create(inputs) {
    const out = await ec2Client().send(
      new ec2.CreateNetworkInterfaceCommand({
        SubnetId: inputs.subnetId,
        Groups: inputs.securityGroups,
        PrivateIpAddresses: (await addressesAtCreation(inputs)).map((ip, i) => ({
          PrivateIpAddress: ip,
          Primary: i === 0,
        })),
        Ipv6AddressCount: inputs.ipv6AddressCount || undefined,
        Description: inputs.description,
        TagSpecifications: tagSpec("network-interface", inputs.tags),
      }),
    );
    const id = out.NetworkInterface!.NetworkInterfaceId!;
    if (inputs.sourceDestCheck === false) {
      await ec2Client().send(
        new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, SourceDestCheck: { Value: false } }),
      );
    }
    return { id, outs: (await networkInterface.read(id, inputs))! };
  },
  async read(id, olds) {
    const eni = await describeInterface(id);
    if (!eni) return undefined;
    const listed = (eni.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress!);
    return {
      ...olds,
      id,
      subnetId: eni.SubnetId,
      privateIp: eni.PrivateIpAddress,
      // EC2's own order (primary first, then as assigned), as the provider's privateIpLists.
      privateIpLists: listed,
      privateIps: [...listed].sort(),
      privateIpsCount: listed.length - 1,
      ipv6AddressLists: (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!),
      ipv6Addresses: (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!).sort(),
      ipv6AddressCount: (eni.Ipv6Addresses ?? []).length,
      securityGroups: (eni.Groups ?? []).map((g) => g.GroupId!),
      sourceDestCheck: eni.SourceDestCheck,
      description: eni.Description ?? olds.description,
      macAddress: eni.MacAddress,
      // The provider's attachment block, read from EC2 (resourceNetworkInterfaceRead).
      attachments: eni.Attachment
        ? [
            {
              attachmentId: eni.Attachment.AttachmentId,
              instance: eni.Attachment.InstanceId,
              deviceIndex: eni.Attachment.DeviceIndex,
              networkCardIndex: eni.Attachment.NetworkCardIndex ?? 0,
            },
          ]
        : [],
      tags: tagsOf(eni.TagSet),
    };
  },
  async update(id, olds, news) {
    await updateAttributes(id, olds, news);
    await updatePrivateAddresses(id, olds, news);
    await updateIpv6Addresses(id, olds, news);
    await updateTags(id, olds, news);
    return (await networkInterface.read(id, news))!;
  },
  // resourceNetworkInterfaceDelete: the attachment the state holds is force-detached first, then
  // the interface deleted; an interface already gone is no error (deleteNetworkInterface).
  async delete(id, olds) {
    const attachmentId = (olds.attachments as Props[] | undefined)?.[0]?.attachmentId as string | undefined;
    if (attachmentId) await detachInterface(id, attachmentId);
    await ignoring(["InvalidNetworkInterfaceID.NotFound"], () =>
      ec2Client().send(new ec2.DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id })),
    );
  },
};
