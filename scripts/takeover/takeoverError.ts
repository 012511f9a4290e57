/** A problem the user can act on, printed as one line without a stack trace. */
export class TakeoverError extends Error {
  constructor(
    message: string,
    /** 2: nothing was done (the command could not run); 1: it started and did not finish. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}
