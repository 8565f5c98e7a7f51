/** An error whose message is safe and meant for the person who acted; server actions return it. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ActionError";
  }
}
