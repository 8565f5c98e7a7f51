"use client";

import { ALL_SCOPES, SCOPE_LABELS, type ScopeName } from "@/lib/scopes";

/** Scope checkboxes; `allowed` limits the choices (a connection may only have its partner's scopes). */
export function ScopeCheckboxes({
  value,
  onChange,
  allowed = [...ALL_SCOPES],
}: {
  value: ScopeName[];
  onChange: (scopes: ScopeName[]) => void;
  allowed?: ScopeName[];
}) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">Scopes</legend>
      {allowed.map((scope) => (
        <label key={scope} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="scopes"
            className="size-4"
            checked={value.includes(scope)}
            onChange={(event) => onChange(event.target.checked ? [...value, scope] : value.filter((s) => s !== scope))}
          />
          {SCOPE_LABELS[scope]}
        </label>
      ))}
    </fieldset>
  );
}
