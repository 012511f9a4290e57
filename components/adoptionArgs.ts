/**
 * A server built by hand that the component takes over instead of creating (`npm run adopt` writes
 * this from what EC2 reports). Every child whose role is listed is imported from the given id on
 * the next `pulumi up`, through Pulumi's `import` resource option: nothing is recreated, no address
 * changes. The arguments must describe the resources exactly as they are (the adopt command writes
 * them so), or the import fails at preview and says which property differs.
 */
export interface AdoptionArgs {
  /**
   * The AWS id of each existing resource, by child role: the child's resource name without the
   * component's name, e.g. `{"instance": "i-…", "eth0": "eni-…", "eth0-sg": "sg-…",
   * "eth1-attachment": "eni-attach-…", "eth0-ip0-eip": "eipalloc-…", "eth0-ip0-eip-association":
   * "eipassoc-…", "eth0-ingress-tcp-80-80-0.0.0.0-0": "sgr-…"}`. A child without an entry is created.
   */
  importIds?: Record<string, string>;
  /**
   * Properties of each adopted child kept as they were found, by child role (e.g. `{"eth0-sg":
   * ["name", "description", "tags"]}`): the component never changes them (Pulumi's
   * `ignoreChanges`), so a hand-built group keeps the name and description AWS cannot change in
   * place, and the import matches. Default: none.
   */
  keep?: Record<string, string[]>;
  /**
   * Keep every child in AWS when it leaves the stack (Pulumi's `retainOnDelete`), so destroying the
   * stack never terminates the server people built by hand. Default `true` for an adopted server.
   */
  retainOnDelete?: boolean;
  /**
   * The user data the instance was launched with, kept as it is (the component's Apache setup and
   * `bootScript` are not used): a change would replace the instance. Default: the component's own.
   */
  userData?: string;
  /**
   * Leave the root volume as it was launched: the component sets nothing on it (an unencrypted
   * volume stays unencrypted; encrypting it would replace the instance). Default `true` here.
   */
  keepRootVolume?: boolean;
}
