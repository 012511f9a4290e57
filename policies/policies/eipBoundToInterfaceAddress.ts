import type { StackValidationPolicy } from "@pulumi/policy";
import { ruleNames } from "dual-homed-server-rules";
import { reportUnverifiableSchema, type UnverifiableConfig } from "../config";
import type { EipBindingFact, EniFact, InstanceFact } from "../facts/factTypes";
import type { Known } from "../facts/knownFacts";
import { buildStackModel } from "../facts/stackModel";
import { packTags, policyDocsUrl, unlessApplicable } from "../metadata";
import { unverifiable } from "../reporting";

const rule = ruleNames.eipBoundToInterfaceAddress;
const howToBind =
  "Bind it to a network interface and private IP (Eip: networkInterface + associateWithPrivateIp; " +
  "EipAssociation: networkInterfaceId + privateIpAddress).";

/** Private IPv4 addresses of an instance's only interface. */
function onlyInterfaceAddresses(instance: InstanceFact): Known<number> {
  if (instance.primaryAddresses) return instance.primaryAddresses.ipv4Count;
  const [only] = instance.enis;
  if (!only) return { known: false, why: `${instance.label} has no interface this pack can see` };
  return only.eni.known ? only.eni.value.ipv4Count : only.eni;
}

/** Whether the named private address is one the interface has, or why that cannot be known. */
function namedAddressOnInterface(binding: EipBindingFact, eni: EniFact): Known<string[]> {
  const { privateIp, label } = binding;
  if (!binding.privateIpNamed) return { known: true, value: [] };
  // An address computed from the interface's own outputs is one of its addresses by construction.
  const fromInterface =
    binding.privateIpFrom.length > 0 && binding.privateIpFrom.every((r) => r.urn === eni.resource.urn);
  if (fromInterface) return { known: true, value: [] };
  if (!privateIp.known) return privateIp;
  const address = String(privateIp.value);
  if (!eni.declaredAddresses.known) return eni.declaredAddresses;
  const declared = eni.declaredAddresses.value;
  if (!declared) {
    return {
      known: false,
      why:
        `${label} names ${address}, but ${eni.label} gets its addresses from AWS at creation, so no address can ` +
        `be checked before then; take it from the interface's privateIps output`,
    };
  }
  return declared.includes(address)
    ? { known: true, value: [] }
    : {
        known: true,
        value: [
          `${rule}: ${label} names private address ${address}, which ${eni.label} does not have (it has ` +
            `${declared.join(", ")}); AWS refuses the association. Name one of the interface's addresses.`,
        ],
      };
}

/** Messages for one binding, or the fact that stops it being checked. */
function check(binding: EipBindingFact): Known<string[]> {
  const { target, label } = binding;
  const unnamedAddress = (what: string, addresses: number) =>
    addresses > 1 && !binding.privateIpNamed
      ? [
          `${rule}: ${label} binds to ${what}, which has ${addresses} private IPv4 addresses, without naming one; ` +
            `AWS then picks the primary address. Set associateWithPrivateIp (Eip) or privateIpAddress (EipAssociation).`,
        ]
      : [];
  switch (target.kind) {
    case "none":
      return { known: true, value: [] };
    case "both":
      return {
        known: true,
        value: [`${rule}: ${label} names both an instance and a network interface; name the interface only.`],
      };
    case "unresolved":
      return { known: false, why: target.why };
    case "interface": {
      if (!target.eni.ipv4Count.known) return target.eni.ipv4Count;
      const named = namedAddressOnInterface(binding, target.eni);
      if (!named.known) return named;
      return { known: true, value: [...unnamedAddress(target.eni.label, target.eni.ipv4Count.value), ...named.value] };
    }
    case "instance": {
      const { instance } = target;
      if (instance.slots.length > 1) {
        return {
          known: true,
          value: [
            `${rule}: ${label} names ${instance.label}, which has ${instance.slots.length} network interfaces; ` +
              `the association is ambiguous. ${howToBind}`,
          ],
        };
      }
      const addresses = onlyInterfaceAddresses(instance);
      return addresses.known ? { known: true, value: unnamedAddress(instance.label, addresses.value) } : addresses;
    }
  }
}

export const eipBoundToInterfaceAddress: StackValidationPolicy = {
  name: rule,
  description:
    "An Elastic IP or association names a network interface (and, when that interface has several private " +
    "IPv4 addresses, the private address, which must be one the interface has), never an instance with several " +
    `interfaces, and never both an instance and an interface. ${howToBind}`,
  enforcementLevel: "mandatory",
  // high: AWS refuses an association that names both targets, an ambiguous instance or an address
  // the interface lacks, at apply time; one that names no address binds the public address to the
  // interface's primary address instead of the intended one, and nothing reports it.
  severity: "high",
  remediationSteps:
    `${howToBind} When the interface has several private IPv4 addresses, name one of them (take it from the ` +
    "interface's privateIps output); never name both an instance and a network interface.",
  url: policyDocsUrl(rule),
  tags: [...packTags, "elastic-ip"],
  configSchema: { properties: { reportUnverifiable: reportUnverifiableSchema } },
  validateStack: (args, report) => {
    const to = { rule, report, config: args.getConfig<UnverifiableConfig>() };
    const { eipBindings } = buildStackModel(args.resources);
    unlessApplicable(args, eipBindings.length, "the stack has no Elastic IP and no Elastic IP association");
    for (const binding of eipBindings) {
      const result = check(binding);
      if (!result.known) {
        unverifiable(to, binding.resource.urn, `what ${binding.label} binds to`, result.why);
        continue;
      }
      for (const message of result.value) report(message, binding.resource.urn);
    }
  },
};
