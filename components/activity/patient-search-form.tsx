"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";

import { findPatientAction } from "@/app/(dashboard)/actions";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid } from "@/components/ui/field-errors";
import { useHydrated } from "@/components/ui/use-hydrated";

type Props = {
  /** The page the search shows its results on. */
  action: string;
  label: string;
  submitLabel: string;
  /** The NHS number of the patient the page shows, if any. */
  nhsNumber: string;
  "aria-label"?: string;
  className?: string;
  inputClassName?: string;
  /** Other fields of the search (selects, hidden inputs): sent in the address as they are. */
  children?: React.ReactNode;
};

/**
 * A search by NHS number whose address names the patient by id (?patient=), never by NHS
 * number, so the number stays out of access logs and browser history. The NHS field has no
 * name, so no plain submit can put it in the address either; the button waits for the page's
 * scripts (before them, a plain submit would drop the patient without saying so).
 */
export function PatientSearchForm({ action, label, submitLabel, nhsNumber, className, inputClassName, children, ...rest }: Props) {
  const formId = useId();
  const id = `${formId}-nhs`;
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const focusFirstInvalid = useFocusFirstInvalid(formId, ["nhs"]);

  function search(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const nhs = (form.elements.namedItem(id) as HTMLInputElement).value;
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === "string" && value) query.set(name, value);
    startTransition(async () => {
      const result = await findPatientAction({ nhs });
      if (!result.ok) {
        const error = result.fieldErrors?.nhs ?? result.error;
        setError(error);
        return focusFirstInvalid({ nhs: error });
      }
      setError(null);
      if (result.patientId) query.set("patient", result.patientId);
      router.push(query.size ? `${action}?${query}` : action, { scroll: false });
    });
  }

  return (
    <form action={action} onSubmit={search} noValidate role="search" aria-label={rest["aria-label"]} className={className}>
      {children}
      <div className="space-y-1">
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <input
          // A new patient shown (a search, Back or Forward) refills the field with its number.
          key={nhsNumber}
          id={id}
          inputMode="numeric"
          autoComplete="off"
          defaultValue={nhsNumber}
          maxLength={12}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={() => setError(null)}
          className={inputClassName}
        />
        {error && (
          <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" variant="secondary" disabled={!hydrated} pending={pending} pendingLabel="Searching…">
        {submitLabel}
      </Button>
    </form>
  );
}
