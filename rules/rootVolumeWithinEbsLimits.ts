import { ruleNames } from "./names";

/** The limits of one EBS volume type as a boot volume. */
interface EbsTypeLimits {
  sizeGiB: [number, number];
  /** Provisioned IOPS range and the most IOPS per GiB; absent where IOPS cannot be set. */
  iops?: { range: [number, number]; perGiB: number; required: boolean; default?: number };
  /** Throughput range in MiB/s and the most MiB/s per provisioned IOPS; gp3 only. */
  throughput?: { range: [number, number]; perIops: number };
}

/**
 * EBS limits by volume type, for the types an instance can boot from (st1 and sc1 cannot).
 * Sources: Amazon EBS User Guide, "Amazon EBS volume types" and "Provisioned IOPS SSD volumes";
 * EC2 API Reference, `EbsBlockDevice` (Iops, VolumeSize); AWS What's New, September 2025, "Amazon
 * EBS gp3 volumes now support up to 64 TiB, 80,000 IOPS and 2,000 MiB/s".
 */
export const ebsBootVolumeLimits: Record<string, EbsTypeLimits> = {
  gp3: {
    sizeGiB: [1, 65536],
    iops: { range: [3000, 80000], perGiB: 500, required: false, default: 3000 },
    throughput: { range: [125, 2000], perIops: 0.25 },
  },
  gp2: { sizeGiB: [1, 16384] },
  io1: { sizeGiB: [4, 16384], iops: { range: [100, 64000], perGiB: 50, required: true } },
  io2: { sizeGiB: [4, 65536], iops: { range: [100, 256000], perGiB: 1000, required: true } },
  standard: { sizeGiB: [1, 1024] },
};

/** A root volume as requested (`sizeGiB` absent: the image's snapshot size). */
export interface RootVolumeRequest {
  type: string;
  sizeGiB?: number;
  iops?: number;
  throughputMiBps?: number;
}

const whole = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n > 0);

/** IOPS: settable on this type, required where it must be, in range and within the per-GiB ratio. */
function iopsProblems(volume: RootVolumeRequest, limits: EbsTypeLimits, where: string): string[] {
  const rule = ruleNames.rootVolumeWithinEbsLimits;
  const { type, iops, sizeGiB } = volume;
  if (!limits.iops) {
    return iops === undefined
      ? []
      : [`${rule}: ${where}.iops is set, but ${type} volumes take no provisioned IOPS; remove it.`];
  }
  if (iops === undefined) {
    return limits.iops.required ? [`${rule}: ${where}.iops is required for ${type} volumes; give 100 or more.`] : [];
  }
  const [least, most] = limits.iops.range;
  if (iops < least || iops > most) {
    return [`${rule}: ${where}.iops is ${iops}; ${type} takes ${least} to ${most}.`];
  }
  if (sizeGiB !== undefined && iops > sizeGiB * limits.iops.perGiB) {
    const needed = Math.ceil(iops / limits.iops.perGiB);
    return [
      `${rule}: ${where}.iops is ${iops} on ${sizeGiB} GiB, but ${type} allows at most ${limits.iops.perGiB} IOPS ` +
        `per GiB; lower iops or give sizeGiB ${needed} or more.`,
    ];
  }
  return [];
}

function throughputProblems(volume: RootVolumeRequest, limits: EbsTypeLimits, where: string): string[] {
  const rule = ruleNames.rootVolumeWithinEbsLimits;
  const { type, throughputMiBps: throughput } = volume;
  if (throughput === undefined) return [];
  if (!limits.throughput) return [`${rule}: ${where}.throughputMiBps is set, but only gp3 volumes take it; remove it.`];
  const [least, most] = limits.throughput.range;
  if (throughput < least || throughput > most) {
    return [`${rule}: ${where}.throughputMiBps is ${throughput}; ${type} takes ${least} to ${most} MiB/s.`];
  }
  const iops = volume.iops ?? limits.iops?.default ?? 0;
  if (throughput > iops * limits.throughput.perIops) {
    return [
      `${rule}: ${where}.throughputMiBps is ${throughput} with ${iops} IOPS, but ${type} allows at most ` +
        `${limits.throughput.perIops} MiB/s per IOPS; raise iops to ${Math.ceil(throughput / limits.throughput.perIops)} ` +
        `or lower the throughput.`,
    ];
  }
  return [];
}

/**
 * A boot volume's type, size, IOPS and throughput within EBS's limits for its type, one message
 * per problem. `where` names the argument (`rootVolume`).
 */
export function rootVolumeWithinEbsLimits(volume: RootVolumeRequest, where: string): string[] {
  const rule = ruleNames.rootVolumeWithinEbsLimits;
  const limits = ebsBootVolumeLimits[volume.type];
  if (!limits) {
    return [
      `${rule}: ${where}.type is ${JSON.stringify(volume.type)}; an instance boots from ` +
        `${Object.keys(ebsBootVolumeLimits).join(", ")} (st1 and sc1 cannot be boot volumes).`,
    ];
  }
  const numbers: [string, number | undefined][] = [
    ["sizeGiB", volume.sizeGiB],
    ["iops", volume.iops],
    ["throughputMiBps", volume.throughputMiBps],
  ];
  const notWhole = numbers.filter(([, n]) => !whole(n));
  if (notWhole.length > 0) {
    return notWhole.map(
      ([field, n]) => `${ruleNames.validCount}: ${where}.${field} is ${n}; give a whole number above 0.`,
    );
  }
  const [least, most] = limits.sizeGiB;
  const size = volume.sizeGiB;
  const sizeProblems =
    size !== undefined && (size < least || size > most)
      ? [`${rule}: ${where}.sizeGiB is ${size}; a ${volume.type} volume takes ${least} to ${most} GiB.`]
      : [];
  return [...sizeProblems, ...iopsProblems(volume, limits, where), ...throughputProblems(volume, limits, where)];
}

/**
 * A volume made from a snapshot cannot be smaller than the snapshot (EC2 refuses the launch with
 * `InvalidBlockDeviceMapping`). `snapshotGiB` is the image's root snapshot size.
 */
export function rootVolumeFitsImage(where: string, sizeGiB: number, imageId: string, snapshotGiB: number): string[] {
  return sizeGiB < snapshotGiB
    ? [
        `${ruleNames.rootVolumeWithinEbsLimits}: ${where}.sizeGiB is ${sizeGiB}, below the ${snapshotGiB} GiB root ` +
          `snapshot of image ${imageId}; give ${snapshotGiB} or more, or leave sizeGiB out to take the snapshot's size.`,
      ]
    : [];
}
