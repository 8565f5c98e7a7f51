/**
 * What is left of a text field's limit, once it is near (the last fifth) or past it: the server
 * refuses longer text at the field and keeps it, and this says so before. Counted as the server
 * counts, after trimming. Not HTML maxlength, which cuts a paste short in silence.
 */
export function CharacterCount({ fieldId, value, max }: { fieldId: string; value: string; max: number }) {
  const id = characterCountId(fieldId, value, max);
  if (!id) return null;
  const length = value.trim().length;
  const over = length > max;
  const count = over ? length - max : max - length;
  return (
    <p id={id} className={`text-xs ${over ? "text-red-700" : "text-slate-600"}`} data-testid="character-count">
      {count} {count === 1 ? "character" : "characters"} {over ? "too many" : "left"}
    </p>
  );
}

/** The id of field `fieldId`'s count while it is shown (for the field's aria-describedby), else null. */
export function characterCountId(fieldId: string, value: string, max: number | undefined) {
  return max !== undefined && value.trim().length >= max * 0.8 ? `${fieldId}-count` : null;
}
