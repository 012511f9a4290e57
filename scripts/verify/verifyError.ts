/** A problem the user fixes outside this tool; printed as one line, without a stack trace. */
export class VerifyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerifyError";
  }
}
