// TEST DOUBLE (part of the stand-in AWS provider): EC2 errors, as EC2 returns them.

/** An error as the EC2 API returns it (code and message), for rules moto does not enforce. */
export function awsError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { name: code, Code: code });
}

function isNotFound(err: unknown): boolean {
  return /NotFound|does not exist/.test(String((err as Error)?.name ?? "") + String((err as Error)?.message ?? ""));
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
