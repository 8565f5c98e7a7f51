/** A form's field errors once `field` is edited: a fixed field loses its error at once, not at the next submit. */
export function withoutError(errors: Record<string, string>, field: string) {
  return Object.fromEntries(Object.entries(errors).filter(([name]) => name !== field));
}

/** Moves focus to the first field (in `names`' order) that has an error: its id is `${idPrefix}-${name}`. */
export function focusFirstInvalid(idPrefix: string, names: readonly string[], errors: Record<string, string> | undefined) {
  const first = names.find((name) => errors?.[name]);
  if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
}
