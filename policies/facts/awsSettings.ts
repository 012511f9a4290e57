import type { PolicyResource } from "@pulumi/policy";

/** Where and as whom to call the EC2 API: the settings the stack's AWS provider is configured with. */
export interface AwsSettings {
  region?: string;
  /** EC2 endpoint override (`aws:endpoints` `ec2`), e.g. a local emulator. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  profile?: string;
}

/** Provider inputs arrive as the engine built them from stack config: structured values as JSON text. */
function structured(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * The AWS settings of the provider a resource is created with (the default provider configured by
 * `aws:region`, `aws:endpoints`, `aws:accessKey`…, or an explicit one). Unset fields fall back to
 * the AWS SDK's usual chain (environment, profile), as the provider's do.
 */
export function awsSettingsOf(resource: PolicyResource): AwsSettings {
  const props = (resource.provider?.type.startsWith("pulumi:providers:aws") ? resource.provider.props : {}) as Record<
    string,
    unknown
  >;
  const endpoints = structured(props.endpoints);
  const ec2Endpoint = Array.isArray(endpoints)
    ? endpoints.map((e) => text((e as Record<string, unknown> | null)?.ec2)).find(Boolean)
    : undefined;
  const accessKeyId = text(props.accessKey);
  const secretAccessKey = text(props.secretKey);
  return {
    region: text(props.region),
    endpoint: ec2Endpoint,
    credentials:
      accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken: text(props.token) } : undefined,
    profile: text(props.profile),
  };
}

/** A key grouping lookups that can share one client. */
export function settingsKey(settings: AwsSettings): string {
  return JSON.stringify([settings.region, settings.endpoint, settings.credentials?.accessKeyId, settings.profile]);
}
