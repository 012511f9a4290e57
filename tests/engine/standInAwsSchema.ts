// TEST DOUBLE: the subset of the `aws` package schema the engine tests' programs and the component
// package use, with the property names and types of @pulumi/aws 7.48.0 (its ec2, vpc and iam
// modules' .d.ts files). Resource and function tokens come from the rules package's table; object
// type tokens are schema data. Inputs are also outputs; `outputs` adds what only the provider sets.
import { awsFunctions, awsTypes } from "dual-homed-server-rules";

const typeToken = (module: string, name: string) => `aws:${module}/${name}:${name}`;
const primaryNetworkInterfaceType = typeToken("ec2", "InstancePrimaryNetworkInterface");
const rootBlockDeviceType = typeToken("ec2", "InstanceRootBlockDevice");
const metadataOptionsType = typeToken("ec2", "InstanceMetadataOptions");
const interfaceAttachmentType = typeToken("ec2", "NetworkInterfaceAttachment");
const amiBlockDeviceType = typeToken("ec2", "getAmiBlockDeviceMapping");
const filterType = typeToken("ec2", "getNetworkInterfaceFilter");
const amiFilterType = typeToken("ec2", "getAmiFilter");

const string = { type: "string" };
const integer = { type: "integer" };
const boolean = { type: "boolean" };
const strings = { type: "array", items: string };
const tags = { type: "object", additionalProperties: string };
const ref = (token: string) => ({ $ref: `#/types/${token}` });
const refs = (token: string) => ({ type: "array", items: ref(token) });

function resource(inputs: Record<string, object>, outputs: Record<string, object> = {}, required: string[] = []) {
  return { inputProperties: inputs, requiredInputs: required, properties: { ...inputs, ...outputs } };
}

function objectType(properties: Record<string, object>, required: string[] = []) {
  return { type: "object", properties, required };
}

const ruleInputs = {
  securityGroupId: string,
  ipProtocol: string,
  fromPort: integer,
  toPort: integer,
  cidrIpv4: string,
  cidrIpv6: string,
  prefixListId: string,
  referencedSecurityGroupId: string,
  description: string,
  tags,
};

export const standInAwsSchema = {
  name: "aws",
  version: "7.48.0",
  types: {
    [primaryNetworkInterfaceType]: objectType({ networkInterfaceId: string, deleteOnTermination: boolean }, [
      "networkInterfaceId",
    ]),
    [rootBlockDeviceType]: objectType({
      deleteOnTermination: boolean,
      deviceName: string,
      encrypted: boolean,
      iops: integer,
      kmsKeyId: string,
      throughput: integer,
      volumeId: string,
      volumeSize: integer,
      volumeType: string,
      tags,
    }),
    [metadataOptionsType]: objectType({
      httpEndpoint: string,
      httpPutResponseHopLimit: integer,
      httpTokens: string,
      instanceMetadataTags: string,
    }),
    [interfaceAttachmentType]: objectType(
      { attachmentId: string, deviceIndex: integer, instance: string, networkCardIndex: integer },
      ["deviceIndex", "instance"],
    ),
    [amiBlockDeviceType]: objectType({ deviceName: string, ebs: tags, noDevice: string, virtualName: string }),
    [filterType]: objectType({ name: string, values: strings }, ["name", "values"]),
    [amiFilterType]: objectType({ name: string, values: strings }, ["name", "values"]),
  },
  resources: {
    [awsTypes.subnet]: resource({ vpcId: string, cidrBlock: string, availabilityZone: string, tags }, {}, ["vpcId"]),
    [awsTypes.networkInterface]: resource(
      {
        subnetId: string,
        attachments: refs(interfaceAttachmentType),
        description: string,
        interfaceType: string,
        ipv6AddressCount: integer,
        ipv6AddressListEnabled: boolean,
        ipv6AddressLists: strings,
        ipv6Addresses: strings,
        privateIp: string,
        privateIpListEnabled: boolean,
        privateIpLists: strings,
        privateIps: strings,
        privateIpsCount: integer,
        securityGroups: strings,
        sourceDestCheck: boolean,
        tags,
      },
      { arn: string, macAddress: string, ownerId: string },
      ["subnetId"],
    ),
    [awsTypes.instance]: resource(
      {
        ami: string,
        instanceType: string,
        subnetId: string,
        availabilityZone: string,
        vpcSecurityGroupIds: strings,
        secondaryPrivateIps: strings,
        privateIp: string,
        primaryNetworkInterface: ref(primaryNetworkInterfaceType),
        rootBlockDevice: ref(rootBlockDeviceType),
        metadataOptions: ref(metadataOptionsType),
        keyName: string,
        iamInstanceProfile: string,
        placementGroup: string,
        monitoring: boolean,
        disableApiTermination: boolean,
        disableApiStop: boolean,
        sourceDestCheck: boolean,
        userData: string,
        userDataReplaceOnChange: boolean,
        tags,
      },
      { arn: string, instanceState: string, primaryNetworkInterfaceId: string },
    ),
    [awsTypes.attachment]: resource(
      { instanceId: string, networkInterfaceId: string, deviceIndex: integer, networkCardIndex: integer },
      { attachmentId: string, status: string },
      ["instanceId", "networkInterfaceId", "deviceIndex"],
    ),
    [awsTypes.eip]: resource(
      {
        domain: string,
        instance: string,
        networkInterface: string,
        associateWithPrivateIp: string,
        address: string,
        publicIpv4Pool: string,
        tags,
      },
      { publicIp: string, allocationId: string, associationId: string, privateIp: string },
    ),
    [awsTypes.securityGroup]: resource(
      { vpcId: string, description: string, name: string, namePrefix: string, revokeRulesOnDelete: boolean, tags },
      { arn: string, ownerId: string },
    ),
    [awsTypes.ingressRule]: resource(ruleInputs, { arn: string, securityGroupRuleId: string }, ["ipProtocol"]),
    [awsTypes.egressRule]: resource(ruleInputs, { arn: string, securityGroupRuleId: string }, ["ipProtocol"]),
    [awsTypes.eipAssociation]: resource({
      allocationId: string,
      instanceId: string,
      networkInterfaceId: string,
      privateIpAddress: string,
      publicIp: string,
      allowReassociation: boolean,
    }),
    [awsTypes.iamRole]: resource(
      {
        assumeRolePolicy: string,
        description: string,
        forceDetachPolicies: boolean,
        maxSessionDuration: integer,
        name: string,
        namePrefix: string,
        path: string,
        permissionsBoundary: string,
        tags,
      },
      { arn: string, uniqueId: string, createDate: string },
      ["assumeRolePolicy"],
    ),
    [awsTypes.instanceProfile]: resource(
      { name: string, namePrefix: string, path: string, role: string, tags },
      { arn: string, uniqueId: string, createDate: string },
    ),
    [awsTypes.rolePolicyAttachment]: resource({ role: string, policyArn: string }, {}, ["role", "policyArn"]),
    [awsTypes.rolePolicy]: resource({ role: string, name: string, namePrefix: string, policy: string }, {}, [
      "role",
      "policy",
    ]),
    [awsTypes.placementGroup]: resource(
      { name: string, strategy: string, spreadLevel: string, partitionCount: integer, tags },
      { arn: string, placementGroupId: string },
      ["strategy"],
    ),
    [awsTypes.snsTopic]: resource(
      { name: string, namePrefix: string, displayName: string, kmsMasterKeyId: string, tags },
      { arn: string, owner: string },
    ),
  },
  functions: {
    [awsFunctions.getSubnet]: {
      inputs: { properties: { id: string } },
      outputs: {
        properties: { id: string, availabilityZone: string, vpcId: string, cidrBlock: string, ipv6CidrBlock: string },
        required: ["id", "availabilityZone", "vpcId", "cidrBlock"],
      },
    },
    [awsFunctions.getNetworkInterface]: {
      inputs: { properties: { id: string, filters: refs(filterType) } },
      outputs: {
        properties: {
          id: string,
          subnetId: string,
          privateIp: string,
          privateIps: strings,
          securityGroups: strings,
          tags,
        },
        required: ["id", "subnetId", "privateIp", "privateIps", "securityGroups"],
      },
    },
    [awsFunctions.getAmi]: {
      inputs: { properties: { filters: refs(amiFilterType), owners: strings, includeDeprecated: boolean } },
      outputs: {
        properties: {
          id: string,
          imageId: string,
          rootDeviceName: string,
          blockDeviceMappings: refs(amiBlockDeviceType),
        },
        required: ["id", "imageId", "rootDeviceName", "blockDeviceMappings"],
      },
    },
    [awsFunctions.getPartition]: {
      inputs: { properties: {} },
      outputs: {
        properties: { id: string, partition: string, dnsSuffix: string, reverseDnsPrefix: string },
        required: ["id", "partition", "dnsSuffix"],
      },
    },
  },
};
