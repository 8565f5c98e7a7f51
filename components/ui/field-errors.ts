/** A form's field errors once `field` is edited: a fixed field loses its error at once, not at the next submit. */
export function withoutError(errors: Record<string, string>, field: string) {
  return Object.fromEntries(Object.entries(errors).filter(([name]) => name !== field));
}
