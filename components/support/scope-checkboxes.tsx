"use client";

import { ALL_SCOPES, SCOPE_LABELS, type ScopeName } from "@/lib/scopes";

type Props = {
  value: ScopeName[];
  onChange: (scopes: ScopeName[]) => void;
  /** The choices: a connection may only have its partner's scopes. */
  allowed?: ScopeName[];
  /** From SupportActionDialog's field("scopes"): the first box gets the id, so the error can focus it. */
  id: string;
  name: string;
  error?: string;
};

/** Scope checkboxes, with their error under them and read with the group (aria-describedby). */
export function ScopeCheckboxes({ value, onChange, allowed = [...ALL_SCOPES], id, name, error }: Props) {
  const errorId = `${id}-error`;
  return (
    <fieldset className="space-y-1" aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium">Scopes</legend>
      {allowed.map((scope, index) => (
        <label key={scope} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            id={index === 0 ? id : undefined}
            name={name}
            className="size-4"
            aria-invalid={error ? true : undefined}
            checked={value.includes(scope)}
            onChange={(event) => onChange(event.target.checked ? [...value, scope] : value.filter((s) => s !== scope))}
          />
          {SCOPE_LABELS[scope]}
        </label>
      ))}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
