"use client";

import { useState } from "react";

import { CharacterCount, characterCountId } from "@/components/ui/character-count";
import { describedBy } from "@/components/ui/field-errors";
import { EXPIRY_CHOICES, EXPIRY_LABELS, ukDate, type ExpiryChoice } from "@/lib/key-expiry";
import { KEY_NAME_MAX } from "@/lib/schemas";
import { SCOPE_LABELS, type ScopeName } from "@/lib/scopes";

export type KeyOptions = { name: string; expiry: ExpiryChoice; expiryDate: string; scopes: ScopeName[] };

export const defaultKeyOptions = (scopes: ScopeName[]): KeyOptions => ({ name: "", expiry: "never", expiryDate: "", scopes });

/**
 * The options of a key that replaces `live` (Rotate API key, Generate API Key for a connected
 * partner): its name, its scopes and its last day, so replacing a 30-day key never quietly makes a permanent
 * one. A key that has expired, or ends today, leaves the date to choose. A live key none of whose
 * scopes the partner still offers (Hero support narrowed it) ticks none: never more than the
 * practice granted, so the admin chooses.
 */
export function replacementKeyOptions(
  live: { name: string; scopes: ScopeName[]; expiresAt: Date | null } | null,
  partnerScopes: ScopeName[],
  now = new Date(),
): KeyOptions {
  const options = { ...defaultKeyOptions(live ? live.scopes : partnerScopes), name: live?.name ?? "" };
  if (!live?.expiresAt) return options;
  // expiresAt is the first instant the key no longer works: its last day is the one before.
  const lastDay = ukDate(new Date(live.expiresAt.getTime() - 1));
  return { ...options, expiry: "date", expiryDate: lastDay > ukDate(now) ? lastDay : "" };
}

type Props = {
  idPrefix: string;
  /** The scopes the partner may be given: the choices. */
  partnerScopes: ScopeName[];
  value: KeyOptions;
  onChange: (value: KeyOptions) => void;
  errors?: Record<string, string>;
  /** Called with the field whose error an edit may have fixed, so it goes at once. */
  onEdit?: (field: string) => void;
};

// role="alert": the confirm button was disabled while the action ran, so focus has left the field
// and the error must be announced.
function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} role="alert" className="text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

/** Name, expiry and scopes of a new key: Connect, Generate API Key and Rotate API key. */
export function KeyOptionsFields({ idPrefix, partnerScopes, value, onChange, errors = {}, onEdit }: Props) {
  const [tomorrow] = useState(() => ukDate(new Date(Date.now() + 86_400_000)));
  const set = (patch: Partial<KeyOptions>) => {
    onChange({ ...value, ...patch });
    // The expiry's error is the date's: choosing another expiry fixes it too.
    for (const field of Object.keys(patch)) onEdit?.(field === "expiry" ? "expiryDate" : field);
  };
  const toggle = (scope: ScopeName, on: boolean) => set({ scopes: on ? [...value.scopes, scope] : value.scopes.filter((s) => s !== scope) });

  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-name`} className="block text-sm font-medium">
          Key name <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <input
          id={`${idPrefix}-name`}
          type="text"
          value={value.name}
          placeholder="e.g. production"
          onChange={(event) => set({ name: event.target.value })}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy(characterCountId(`${idPrefix}-name`, value.name, KEY_NAME_MAX), errors.name && `${idPrefix}-name-error`)}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
        <CharacterCount fieldId={`${idPrefix}-name`} value={value.name} max={KEY_NAME_MAX} />
        <FieldError id={`${idPrefix}-name-error`} message={errors.name} />
      </div>

      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-expiry`} className="block text-sm font-medium">
          Expires
        </label>
        <select
          id={`${idPrefix}-expiry`}
          value={value.expiry}
          onChange={(event) => set({ expiry: event.target.value as ExpiryChoice })}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {EXPIRY_LABELS[choice]}
            </option>
          ))}
        </select>
        {value.expiry === "date" && (
          <>
            <label htmlFor={`${idPrefix}-expiry-date`} className="block pt-2 text-sm font-medium">
              Expiry date
            </label>
            <input
              id={`${idPrefix}-expiry-date`}
              type="date"
              value={value.expiryDate}
              min={tomorrow}
              onChange={(event) => set({ expiryDate: event.target.value })}
              aria-invalid={errors.expiryDate ? true : undefined}
              aria-describedby={`${idPrefix}-expiry-date-hint${errors.expiryDate ? ` ${idPrefix}-expiry-date-error` : ""}`}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
            />
            <p id={`${idPrefix}-expiry-date-hint`} className="text-sm text-slate-600">
              The key works until the end of this day, UK time.
            </p>
          </>
        )}
        <FieldError id={`${idPrefix}-expiry-date-error`} message={errors.expiryDate} />
      </div>

      <fieldset className="space-y-1" aria-describedby={errors.scopes ? `${idPrefix}-scopes-error` : undefined}>
        <legend className="text-sm font-medium">Scopes</legend>
        {partnerScopes.map((scope) => (
          <label key={scope} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={value.scopes.includes(scope)} onChange={(event) => toggle(scope, event.target.checked)} className="size-4" />
            {SCOPE_LABELS[scope]}
          </label>
        ))}
        <FieldError id={`${idPrefix}-scopes-error`} message={errors.scopes} />
      </fieldset>
    </div>
  );
}

/** What the server action receives from these fields. */
export function keyOptionsInput(value: KeyOptions) {
  return { name: value.name, expiry: value.expiry, expiryDate: value.expiryDate, scopes: value.scopes };
}
