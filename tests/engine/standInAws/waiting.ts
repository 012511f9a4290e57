// TEST DOUBLE (part of the stand-in AWS provider): the provider's retries and waits, bounded so the
// tests stay fast. Where the AWS provider retries a call for as long as a resource's timeout (a
// security group's delete: 15 minutes) or waits for a state, the stand-in retries and polls for at
// most STAND_IN_AWS_RETRY_TIMEOUT_MS (default 5 s), then fails with the last error, as the provider
// does when its timeout runs out.
import { hasCode } from "./errors";

const pollMs = 200;

/** How long the stand-in retries or waits, standing in for the provider's timeouts. */
export function retryTimeoutMs(): number {
  const configured = Number(process.env.STAND_IN_AWS_RETRY_TIMEOUT_MS);
  return Number.isFinite(configured) && configured >= 0 ? configured : 5_000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The call, retried while AWS answers one of `codes` (tfresource.RetryWhenAWSErrCodeEquals). */
export async function retryWhileCode<T>(codes: string[], call: () => Promise<T>): Promise<T> {
  const until = Date.now() + retryTimeoutMs();
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!hasCode(err, ...codes) || Date.now() >= until) throw err;
      await sleep(pollMs);
    }
  }
}

/** Polls until `done` holds (the provider's waiters), failing with `what` when the time runs out. */
export async function waitUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + retryTimeoutMs();
  while (!(await done())) {
    if (Date.now() >= until) throw new Error(`timeout while waiting for ${what}`);
    await sleep(pollMs);
  }
}
