// The domain's one error: what went wrong, in words safe to show, and which field it concerns.
// lib/ never knows who asked: the API wrapper (lib/api/with-api-key.ts) turns it into the error
// table's JSON, and the server-action wrapper (lib/actions.ts) into a form error.
export type DomainErrorKind = "invalid" | "not_found" | "slot_unavailable";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} not found.`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs: anything else cannot name a row and is not worth a query. */
export const isUuid = (value: string) => UUID.test(value);
