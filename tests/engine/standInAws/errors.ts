// TEST DOUBLE (part of the stand-in AWS provider): AWS API errors, in the one format the AWS
// provider reports them in. The provider (Terraform's AWS provider, bridged) prefixes what it was
// doing to the Go SDK's wording of the API error:
//   creating EC2 Network Interface: operation error EC2: CreateNetworkInterface, https response
//   error StatusCode: 400, RequestID: <id>, api error InvalidParameterValue: <message>
// Errors of the AWS SDK for JavaScript (what moto answers) and the stand-in's own refusals, for rules
// moto does not enforce, are both AwsApiErrors; the provider adds the action (`actionFailed`).
import { randomUUID } from "node:crypto";

/** An AWS API error worded as the AWS provider's Go SDK words it; `name` is the API's error code. */
class AwsApiError extends Error {
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly code: string,
    readonly detail: string,
    statusCode = 400,
    requestId: string = randomUUID(),
  ) {
    super(
      `operation error ${service}: ${operation}, https response error StatusCode: ${statusCode}, ` +
        `RequestID: ${requestId}, api error ${code}: ${detail}`,
    );
    this.name = code;
  }
}

/** What EC2 answers where moto does not enforce one of its rules: the code and message AWS returns. */
export function ec2Refusal(operation: string, code: string, detail: string): AwsApiError {
  return new AwsApiError("EC2", operation, code, detail);
}

/** An error of the AWS SDK for JavaScript as an AwsApiError; any other error unchanged. */
function fromSdkError(service: string, operation: string, err: unknown): unknown {
  const e = err as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
  if (e?.$metadata === undefined) return err;
  // The JavaScript SDK names IAM's errors after their exception classes (NoSuchEntityException); the
  // API's code, which the Go SDK reports, is the name without the suffix.
  const code = service === "IAM" ? e.name.replace(/Exception$/, "") : e.name;
  return new AwsApiError(service, operation, code, e.message, e.$metadata.httpStatusCode, e.$metadata.requestId);
}

type Handler = (args: unknown) => Promise<unknown>;

/** Makes an AWS SDK client throw its API errors as AwsApiErrors named after the failed operation. */
export function reportingApiErrors<C extends { middlewareStack: { add(...args: any[]): void } }>(
  service: string,
  client: C,
): C {
  client.middlewareStack.add(
    (next: Handler, context: { commandName?: string }) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (err) {
        throw fromSdkError(service, (context.commandName ?? "").replace(/Command$/, ""), err);
      }
    },
    { step: "initialize", name: "standInAwsApiErrors" },
  );
  return client;
}

/** The error the provider reports when an action on a resource fails: `creating EC2 Instance: …`. */
export function actionFailed(action: string, resource: string, id: string | undefined, err: unknown): Error {
  const cause = err instanceof Error ? err.message : String(err);
  return new Error(`${action} ${resource}${id ? ` (${id})` : ""}: ${cause}`, { cause: err });
}

function isNotFound(err: unknown): boolean {
  return (
    err instanceof AwsApiError && /NotFound|NoSuchEntity|\.Unknown\b|does not exist/.test(`${err.code} ${err.detail}`)
  );
}

/** Whether an error is an AWS API error with one of the codes. */
export function hasCode(err: unknown, ...codes: string[]): boolean {
  return err instanceof AwsApiError && codes.includes(err.code);
}

/** The call's result, or undefined when AWS answers one of the codes (what a provider function ignores). */
export async function ignoring<T>(codes: string[], call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (hasCode(err, ...codes)) return undefined;
    throw err;
  }
}

/** The call's result, or undefined when EC2 says the thing does not exist (or is already gone). */
export async function unlessNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
