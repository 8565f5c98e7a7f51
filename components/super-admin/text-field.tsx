import { CharacterCount, characterCountId } from "@/components/ui/character-count";
import { describedBy } from "@/components/ui/field-errors";

type Props = {
  id: string;
  /** The field's name in the action's input, which its errors are keyed by. */
  name?: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  multiline?: boolean;
  required?: boolean;
  /** The server's limit on its length: a count shows as the text nears it. */
  maxLength?: number;
};

/** A labelled text input whose error sits right under it and is announced with it (aria-describedby). */
export function TextField({ id, name, label, value, onChange, error, hint, multiline, required, maxLength }: Props) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const description = describedBy(hint && hintId, characterCountId(id, value, maxLength), error && errorId);
  const props = {
    id,
    name,
    value,
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
    "aria-invalid": error ? true : undefined,
    "aria-describedby": description,
    // aria-required, not required: the browser's own bubble would hide our message next to the field.
    "aria-required": required || undefined,
    className: `block w-full rounded-md border bg-white px-3 py-2 ${error ? "border-red-700" : "border-slate-300"}`,
  };

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {multiline ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
      {maxLength !== undefined && <CharacterCount fieldId={id} value={value} max={maxLength} />}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
