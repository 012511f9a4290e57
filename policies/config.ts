import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { InstanceNetworkLimits } from "dual-homed-server-rules";
import type { SubnetLookupConfig } from "./facts/subnetZones";

/** Settings every ENI policy takes. */
export interface UnverifiableConfig {
  /**
   * Report a fact the policy needed but could not establish (an unknown value during preview, a
   * resource outside the stack, an instance type missing from the table) as a violation of this
   * policy. Default true: nothing passes unchecked without saying so.
   */
  reportUnverifiable?: boolean;
}

export interface InstanceLimitsConfig extends UnverifiableConfig {
  /** Instance types to add to, or override in, the pack's table. */
  instanceTypeLimits?: Record<string, InstanceNetworkLimits>;
}

export interface SubnetZonesConfig extends UnverifiableConfig {
  subnetLookup?: SubnetLookupConfig;
}

export const reportUnverifiableSchema: PolicyConfigJSONSchema = {
  type: "boolean",
  default: true,
  description:
    "Report, as a violation of this policy, every fact it needed but could not establish (unknown during " +
    "preview, outside the stack, type not in the table). Set false to skip such cases silently.",
};

const count = { type: "integer", minimum: 0 } as const;

const instanceTypeLimitsSchema: PolicyConfigJSONSchema = {
  type: "object",
  default: {},
  description: "Instance types to add to or override in the pack's table, keyed by type.",
  additionalProperties: {
    type: "object",
    required: [
      "maxNetworkInterfaces",
      "ipv4AddressesPerInterface",
      "ipv6AddressesPerInterface",
      "ipv6Supported",
      "networkCards",
    ],
    properties: {
      maxNetworkInterfaces: count,
      ipv4AddressesPerInterface: count,
      ipv6AddressesPerInterface: count,
      ipv6Supported: { type: "boolean" },
      networkCards: {
        type: "array",
        items: {
          type: "object",
          required: ["index", "maxNetworkInterfaces"],
          properties: { index: count, maxNetworkInterfaces: count },
        },
      },
    },
  },
};

/** The config of the policies that read the instance-type limits. */
export const instanceLimitsConfigSchema = {
  properties: { reportUnverifiable: reportUnverifiableSchema, instanceTypeLimits: instanceTypeLimitsSchema },
};

export const subnetLookupSchema: PolicyConfigJSONSchema = {
  type: "object",
  default: { enabled: true },
  description:
    "Live DescribeSubnets lookup of subnets that are not resources of the stack, with the stack's own AWS " +
    "provider settings (region, endpoints, credentials), else the usual AWS credential chain.",
  properties: {
    enabled: { type: "boolean", default: true, description: "Look subnets up (off: report them as unverifiable)." },
    region: { type: "string", description: "Region to query. Default: the stack's aws:region, else AWS_REGION." },
    endpoint: { type: "string", description: "EC2 endpoint override. Default: the stack's aws:endpoints ec2 entry." },
    timeoutMs: { type: "integer", minimum: 100, default: 5000, description: "Upper bound for the whole lookup." },
  },
};
