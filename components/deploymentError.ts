import * as pulumi from "@pulumi/pulumi";

/**
 * The error a DualHomedServer fails with: every problem listed once, attached to the component,
 * without a stack trace (the message says what to fix; a trace of the SDK's internals does not).
 *
 * When a check that outputs wait on fails, @pulumi/pulumi rethrows the same error object for each
 * waiting property after prefixing its message with `error serializing property "x": `, so the
 * message would grow one prefix per output. The message here is fixed at construction. The SDK
 * also renders an error that has a stack with `util.inspect`, which walks the component's whole
 * resource graph (gigabytes of memory and minutes for one server); with no stack it takes the message.
 */
export function deploymentError(name: string, problems: string[], component: pulumi.Resource): pulumi.ResourceError {
  const message = `DualHomedServer "${name}" cannot be deployed:\n  - ${problems.join("\n  - ")}`;
  const error = new pulumi.ResourceError(message, component, /* hideStack */ true);
  Object.defineProperty(error, "message", {
    get: () => message,
    set: () => undefined,
    enumerable: false,
    configurable: false,
  });
  Object.defineProperty(error, "stack", { value: "", enumerable: false, writable: false, configurable: false });
  return error;
}
