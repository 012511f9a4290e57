/**
 * The tag an interface with written-out addresses carries besides `Name`, so that switching to or
 * from written-out addresses is always an update of the interface, which runs its before-update
 * hook, even when its addresses stay.
 */
export const writtenOutAddressesTag = "dual-homed-server:addresses";

/** The tags of one child: the user's, and `Name` set to the child's resource name. */
export function childTags(userTags: Record<string, string> | undefined, resourceName: string): Record<string, string> {
  return { ...userTags, Name: resourceName };
}
