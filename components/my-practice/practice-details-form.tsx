"use client";

import { useId, useState, useTransition } from "react";

import { updatePracticeDetailsAction } from "@/app/(dashboard)/settings/my-practice/actions";
import { TextField } from "@/components/super-admin/text-field";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid } from "@/components/ui/field-errors";
import { useAnnounce } from "@/components/ui/status-message";
import { PRACTICE_ADDRESS_MAX, PRACTICE_PHONE_MAX } from "@/lib/schemas";

type Props = { address: string | null; phone: string | null };

const FIELDS = ["address", "phone"] as const;

/** Practice admins: the address and phone patients see on the booking confirmation and in its calendar file. */
export function PracticeDetailsForm({ address: savedAddress, phone: savedPhone }: Props) {
  const id = useId();
  const announce = useAnnounce();
  const [address, setAddress] = useState(savedAddress ?? "");
  const [phone, setPhone] = useState(savedPhone ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const focusFirstInvalid = useFocusFirstInvalid(id, FIELDS);
  // A fixed field loses its error at once, not at the next Save.
  const clearError = (field: string) => setErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([name]) => name !== field)));

  function save(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    startTransition(async () => {
      const result = await updatePracticeDetailsAction({ address, phone });
      if (result.ok) {
        setErrors({});
        return announce("Practice details saved. Patients see them when they book.");
      }
      setErrors(result.fieldErrors ?? {});
      if (!result.fieldErrors) setFormError(result.error);
      focusFirstInvalid(result.fieldErrors);
    });
  }

  return (
    <details className="rounded-md border border-slate-200">
      <summary className="cursor-pointer px-3 py-2 text-sm font-semibold text-brand-700">Change address and phone</summary>
      <form onSubmit={save} noValidate className="space-y-4 border-t border-slate-200 p-3">
        <TextField
          id={`${id}-address`}
          label="Address"
          hint="Shown to patients when they book through a booking link, and in the calendar file. One line per line of the address."
          multiline
          maxLength={PRACTICE_ADDRESS_MAX}
          value={address}
          onChange={(value) => {
            setAddress(value);
            clearError("address");
          }}
          error={errors.address}
        />
        <TextField
          id={`${id}-phone`}
          label="Phone"
          hint="The number patients call to change or cancel an appointment, e.g. 01632 960000."
          maxLength={PRACTICE_PHONE_MAX}
          value={phone}
          onChange={(value) => {
            setPhone(value);
            clearError("phone");
          }}
          error={errors.phone}
        />
        {formError && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {formError}
          </p>
        )}
        <Button type="submit" pending={pending} pendingLabel="Saving…">
          Save practice details
        </Button>
      </form>
    </details>
  );
}
