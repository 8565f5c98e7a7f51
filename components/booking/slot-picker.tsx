"use client";

import { useActionState } from "react";

import { Button } from "@/components/ui/button";
import type { BookThroughLinkResult } from "@/lib/patient-booking";

type Action = (previous: BookThroughLinkResult | null, form: FormData) => Promise<BookThroughLinkResult>;

/** The free appointments as radio buttons and one Book button; the error appears above it. */
export function SlotPicker({ action, slots }: { action: Action; slots: { id: string; label: string }[] }) {
  const [result, formAction, pending] = useActionState(action, null);
  const error = result && "error" in result ? result.error : null;

  return (
    <form action={formAction} className="space-y-4">
      <fieldset className="space-y-2" aria-describedby={error ? "booking-error" : undefined}>
        <legend className="mb-2 text-sm font-medium">Free appointments</legend>
        {slots.map((slot) => (
          <label
            key={slot.id}
            className="flex cursor-pointer items-center gap-3 rounded-md border border-slate-200 bg-white p-3 has-[:checked]:border-brand-600 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600"
          >
            <input type="radio" name="slotId" value={slot.id} required className="size-4 accent-brand-600" />
            <span>{slot.label}</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p id="booking-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" pending={pending} pendingLabel="Booking…">
        Book appointment
      </Button>
    </form>
  );
}
