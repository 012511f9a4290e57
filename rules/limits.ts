/** Per-card interface limit, as reported by EC2 `DescribeInstanceTypes` → `NetworkInfo.NetworkCards`. */
export interface NetworkCardLimit {
  /** Network card index; the primary interface is always on card 0. */
  index: number;
  /** Interfaces this card can hold. */
  maxNetworkInterfaces: number;
}

/**
 * The network limits of one instance type, the shape of each entry in
 * `data/instance-network-limits.json` (see `instanceNetworkLimitsTablePath`).
 */
export interface InstanceNetworkLimits {
  /** Interfaces per instance, all cards together, primary included. */
  maxNetworkInterfaces: number;
  /** Private IPv4 addresses per interface, the primary private address included. */
  ipv4AddressesPerInterface: number;
  /** IPv6 addresses per interface. */
  ipv6AddressesPerInterface: number;
  /** Whether the type supports IPv6 at all. */
  ipv6Supported: boolean;
  /** Cards of the type, sorted by index. */
  networkCards: NetworkCardLimit[];
}

/** The subset of the EC2 API's `NetworkInfo` this project reads (AWS SDK v3 casing). */
export interface Ec2NetworkInfo {
  MaximumNetworkInterfaces?: number;
  Ipv4AddressesPerInterface?: number;
  Ipv6AddressesPerInterface?: number;
  Ipv6Supported?: boolean;
  NetworkCards?: { NetworkCardIndex?: number; MaximumNetworkInterfaces?: number }[];
}

/** The subset of `aws.ec2.getInstanceType`'s result this project reads. */
export interface PulumiInstanceTypeInfo {
  maximumNetworkInterfaces: number;
  maximumIpv4AddressesPerInterface: number;
  maximumIpv6AddressesPerInterface: number;
  ipv6Supported: boolean;
  networkCards?: { index: number; maximumInterfaces: number }[];
}

function withCards(
  limits: Omit<InstanceNetworkLimits, "networkCards">,
  cards: NetworkCardLimit[],
): InstanceNetworkLimits {
  // Types reported without cards have one card holding every interface.
  const networkCards = cards.length
    ? [...cards].sort((a, b) => a.index - b.index)
    : [{ index: 0, maxNetworkInterfaces: limits.maxNetworkInterfaces }];
  return { ...limits, networkCards };
}

/** Converts the EC2 API's `NetworkInfo` (what the limits script and live lookups read). */
export function limitsFromEc2NetworkInfo(info: Ec2NetworkInfo): InstanceNetworkLimits {
  return withCards(
    {
      maxNetworkInterfaces: info.MaximumNetworkInterfaces ?? 0,
      ipv4AddressesPerInterface: info.Ipv4AddressesPerInterface ?? 0,
      ipv6AddressesPerInterface: info.Ipv6AddressesPerInterface ?? 0,
      ipv6Supported: info.Ipv6Supported ?? false,
    },
    (info.NetworkCards ?? []).map((card) => ({
      index: card.NetworkCardIndex ?? 0,
      maxNetworkInterfaces: card.MaximumNetworkInterfaces ?? 0,
    })),
  );
}

/** Converts `aws.ec2.getInstanceType`'s result (what the component reads during preview). */
export function limitsFromInstanceTypeLookup(info: PulumiInstanceTypeInfo): InstanceNetworkLimits {
  return withCards(
    {
      maxNetworkInterfaces: info.maximumNetworkInterfaces,
      ipv4AddressesPerInterface: info.maximumIpv4AddressesPerInterface,
      ipv6AddressesPerInterface: info.maximumIpv6AddressesPerInterface,
      ipv6Supported: info.ipv6Supported,
    },
    (info.networkCards ?? []).map((card) => ({
      index: card.index,
      maxNetworkInterfaces: card.maximumInterfaces,
    })),
  );
}

/**
 * The most any EC2 instance type allows (the maxima of the instance-type table): a request above
 * these can never be met, whatever the type, so it is refused before any lookup.
 */
export const largestInstanceTypeLimits = {
  maxNetworkInterfaces: 80,
  ipv4AddressesPerInterface: 64,
  ipv6AddressesPerInterface: 64,
} as const;
