// TEST DOUBLE: a stand-in for the AWS provider plugin (pulumi-resource-aws), which cannot be
// downloaded or built here. It works against the moto emulator named by STAND_IN_AWS_ENDPOINT
// (EC2 and SSM APIs), never from fixed answers: Check auto-names as the provider does, Diff says
// which changes replace a resource from the provider's own rules (standInAws/replacementRules.ts),
// and create, read (refresh), update and delete go through the EC2 API (standInAws/resources/),
// so `pulumi up`, `refresh` and `destroy` run for real against moto. Data-source invokes answer
// the lookups the component makes during preview.
import {
  DescribeInstanceTypesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  type _InstanceType,
} from "@aws-sdk/client-ec2";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import * as provider from "@pulumi/pulumi/provider";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type { ResourceHandler } from "./standInAws/resourceHandler";
import { ec2Resources } from "./standInAws/resources";
import { plannedState, unknownValue } from "./standInAws/plannedState";
import { replacementsFor } from "./standInAws/replacementRules";
import { standInAwsSchema } from "./standInAwsSchema";

const clientConfig = () => ({
  endpoint: process.env.STAND_IN_AWS_ENDPOINT,
  region: process.env.AWS_REGION ?? "us-east-1",
});

async function withClient<C extends { destroy(): void }, T>(client: C, use: (client: C) => Promise<T>): Promise<T> {
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

type Invoke = (inputs: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Each data source the component reads during preview, answered through the AWS API (moto). */
const invokes: Record<string, Invoke> = {
  "aws:ec2/getSubnet:getSubnet": (inputs) =>
    withClient(new EC2Client(clientConfig()), async (ec2) => {
      const out = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [String(inputs.id)] }));
      const subnet = out.Subnets?.[0];
      return {
        id: subnet?.SubnetId,
        arn: subnet?.SubnetArn,
        availabilityZone: subnet?.AvailabilityZone,
        availabilityZoneId: subnet?.AvailabilityZoneId,
        vpcId: subnet?.VpcId,
        cidrBlock: subnet?.CidrBlock,
        ipv6CidrBlock: subnet?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock ?? "",
      };
    }),
  "aws:ec2/getNetworkInterface:getNetworkInterface": (inputs) =>
    withClient(new EC2Client(clientConfig()), async (ec2) => {
      const out = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [String(inputs.id)] }));
      const eni = out.NetworkInterfaces?.[0];
      return {
        id: eni?.NetworkInterfaceId,
        subnetId: eni?.SubnetId,
        privateIp: eni?.PrivateIpAddress,
        // The data source's list keeps EC2's order.
        privateIps: (eni?.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
        securityGroups: (eni?.Groups ?? []).map((g) => g.GroupId),
      };
    }),
  "aws:ec2/getInstanceType:getInstanceType": (inputs) =>
    withClient(new EC2Client(clientConfig()), async (ec2) => {
      const out = await ec2.send(
        new DescribeInstanceTypesCommand({ InstanceTypes: [String(inputs.instanceType) as _InstanceType] }),
      );
      const type = out.InstanceTypes?.[0];
      const network = type?.NetworkInfo;
      return {
        id: type?.InstanceType,
        instanceType: type?.InstanceType,
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
        supportedArchitectures: type?.ProcessorInfo?.SupportedArchitectures ?? [],
      };
    }),
  "aws:ssm/getParameter:getParameter": (inputs) =>
    withClient(new SSMClient(clientConfig()), async (ssm) => {
      const out = await ssm.send(new GetParameterCommand({ Name: String(inputs.name), WithDecryption: true }));
      const parameter = out.Parameter;
      return {
        id: parameter?.Name,
        name: parameter?.Name,
        arn: parameter?.ARN,
        type: parameter?.Type,
        value: parameter?.Value,
        insecureValue: parameter?.Value,
        version: parameter?.Version,
      };
    }),
};

// The type segment holds the parents' types too: `parent$child`.
const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;
const nameOf = (urn: string) => urn.split("::")[3];

/** Whether the Update being answered is the engine's preview of it. */
const previewing = new AsyncLocalStorage<boolean>();
const containsUnknown = (value: unknown): boolean => JSON.stringify(value ?? null).includes(unknownValue);

/**
 * EC2's error as the provider reports it, with the API error code (`InvalidKeyPair.NotFound:
 * ...`): the SDK keeps the code in the error's name, not its message.
 */
async function withErrorCode<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as Error & { $metadata?: unknown };
    if (e?.$metadata !== undefined && !e.message.startsWith(e.name)) {
      throw Object.assign(new Error(`api error ${e.name}: ${e.message}`), { name: e.name });
    }
    throw err;
  }
}

function handlerFor(urn: string): ResourceHandler {
  const handler = ec2Resources[typeOf(urn)];
  if (!handler) throw new Error(`the stand-in AWS provider does not manage ${typeOf(urn)}`);
  return handler;
}

/** Resource types the provider auto-names: the logical name and seven random hex characters. */
const autoNamed = new Set(["aws:ec2/securityGroup:SecurityGroup"]);

/** Properties the provider's schema types as sets (network interface and instance ones). */
const setProperties = new Set(["privateIps", "securityGroups", "ipv6Addresses", "vpcSecurityGroupIds"]);

/**
 * Inputs the user set that differ from the resource's current state. An input left out is not a
 * change: the provider's optional inputs are also computed, so it keeps what the resource has.
 */
function changedInputs(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  // Set-typed properties in the provider's schema compare without order.
  const comparable = (key: string, value: unknown) =>
    setProperties.has(key) && Array.isArray(value)
      ? JSON.stringify([...(value as unknown[])].map(String).sort())
      : JSON.stringify(value);
  return Object.keys(news).filter(
    (key) =>
      news[key] !== undefined &&
      (containsUnknown(news[key]) || comparable(key, news[key]) !== comparable(key, olds[key])),
  );
}

const standInAwsProvider: provider.Provider = {
  version: standInAwsSchema.version,
  schema: JSON.stringify(standInAwsSchema),
  check: (urn, olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const inputs = { ...news };
    if (autoNamed.has(typeOf(urn)) && inputs.name === undefined && inputs.namePrefix === undefined) {
      inputs.name = olds?.name ?? `${nameOf(urn)}-${randomBytes(4).toString("hex").slice(0, 7)}`;
    }
    return Promise.resolve({ inputs });
  },
  diff: (_id, urn, olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const changed = changedInputs(olds, news);
    const replaces = replacementsFor(typeOf(urn), changed, news);
    return Promise.resolve({ changes: changed.length > 0, replaces });
  },
  create: (urn, inputs: Record<string, unknown>) =>
    // Planned during preview as the provider plans a new resource: its inputs, the rest unknown.
    previewing.getStore()
      ? Promise.resolve({ id: "", outs: inputs })
      : withErrorCode(() => handlerFor(urn).create(inputs, nameOf(urn))),
  read: async (id, urn, props: Record<string, unknown> = {}) => {
    const current = await withErrorCode(() => handlerFor(urn).read(id, props));
    // An id left out tells the engine the resource is gone.
    return current ? { id, props: current } : { id: undefined, props: {} };
  },
  update: async (id, urn, olds: Record<string, unknown>, news: Record<string, unknown>) => ({
    outs: previewing.getStore()
      ? plannedState(typeOf(urn), olds, news)
      : await withErrorCode(() => handlerFor(urn).update(id, olds, news)),
  }),
  delete: (id, urn, props: Record<string, unknown>) => withErrorCode(() => handlerFor(urn).delete(id, props)),
  invoke: async (token, inputs: Record<string, unknown>) => {
    const invoke = invokes[token];
    if (!invoke) throw new Error(`the stand-in AWS provider does not answer ${token}`);
    return { outputs: await invoke(inputs) };
  },
};

/**
 * The SDK's provider server offers no previews of updates, so the engine would take a resource's new
 * inputs as its planned state (no allocation id, no addresses): a poorer plan than the AWS
 * provider's. Offer them as the provider does: say so in Configure, and answer a preview Create or
 * Update with the planned state instead of calling the EC2 API.
 */
function offerUpdatePreviews(): void {
  const grpc = createRequire(require.resolve("@pulumi/pulumi/provider"))("@grpc/grpc-js") as {
    Server: {
      prototype: { addService: (this: unknown, service: unknown, implementation: Record<string, unknown>) => void };
    };
  };
  type Handler = (call: { request: any }, callback: (err: unknown, resp?: any) => void) => void;
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const configure = implementation.configure as Handler | undefined;
    if (!configure || !implementation.create || !implementation.update)
      return addService.call(this, service, implementation);
    const wrapped: Record<string, unknown> = Object.create(implementation) as Record<string, unknown>;
    wrapped.configure = (call: { request: any }, callback: (err: unknown, resp?: any) => void) =>
      configure.call(implementation, call, (err, resp) => {
        resp?.setSupportspreview?.(true);
        callback(err, resp);
      });
    // With previews offered, the engine also sends Create during preview: plan it, create nothing.
    for (const method of ["create", "update"]) {
      const handler = implementation[method] as Handler;
      wrapped[method] = (call: { request: any }, callback: (err: unknown, resp?: any) => void) =>
        previewing.run(call.request.getPreview() === true, () => handler.call(implementation, call, callback));
    }
    return addService.call(this, service, wrapped);
  };
}

offerUpdatePreviews();
void provider.main(standInAwsProvider, process.argv.slice(2));
