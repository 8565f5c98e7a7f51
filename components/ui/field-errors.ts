import { useEffect, useState } from "react";

/** A field's aria-describedby: the ids of what is shown beside it (hint, count, error), or none. */
export function describedBy(...ids: (string | null | false | undefined)[]) {
  return ids.filter(Boolean).join(" ") || undefined;
}

/** A form's field errors once `field` is edited: a fixed field loses its error at once, not at the next submit. */
export function withoutError(errors: Record<string, string>, field: string) {
  return Object.fromEntries(Object.entries(errors).filter(([name]) => name !== field));
}

/**
 * Returns a function that moves focus to the first field (in `names`' order) with an error (its id
 * is `${idPrefix}-${name}`) once the errors are on screen: a field focused before its aria-invalid
 * and message have rendered is read out without them. Call it beside setting the errors in state.
 */
export function useFocusFirstInvalid(idPrefix: string, names: readonly string[]) {
  // An object each time, so the same field is focused again after the same error.
  const [target, setTarget] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (target) document.getElementById(target.id)?.focus();
  }, [target]);
  return (errors: Record<string, string> | undefined) => {
    const first = names.find((name) => errors?.[name]);
    if (first) setTarget({ id: `${idPrefix}-${first}` });
  };
}
