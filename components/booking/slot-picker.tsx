"use client";

import { useActionState, useEffect, useRef, useState } from "react";

import { markBookPressed } from "@/components/booking/arrival-heading";
import { Button } from "@/components/ui/button";
import type { BookThroughLinkResult } from "@/lib/patient-booking";

type Action = (previous: BookThroughLinkResult | null, form: FormData) => Promise<BookThroughLinkResult>;
export type SlotChoice = { id: string; time: string; clinician: string; label: string };
export type SlotDay = { date: string; heading: string; slots: SlotChoice[] };

/**
 * The free times, a heading per day, as one radio group (Tab enters it, arrow keys move through
 * every day, Tab again reaches Book). Book sits in a bar stuck to the bottom of the screen with
 * the chosen time, so on a phone it is in reach wherever the list is scrolled to.
 */
export function SlotPicker({ action, days }: { action: Action; days: SlotDay[] }) {
  const [result, formAction, pending] = useActionState(action, null);
  const [chosen, setChosen] = useState<SlotChoice | null>(null);
  // A refused booking clears the form (React resets it after an action), so the bar lets go of its
  // time too. Set while rendering, as the answer arrives: the action stays the server's own, so
  // the form still books with scripts off.
  const [answered, setAnswered] = useState(result);
  // Each refusal mounts its alert afresh (its key), so a second one in the same words is read out too.
  const [refusals, setRefusals] = useState(0);
  if (result !== answered) {
    setAnswered(result);
    if (result && "error" in result) {
      setChosen(null);
      setRefusals(refusals + 1);
    }
  }
  const [unchosen, setUnchosen] = useState(false);
  // A refusal is answered by choosing another time: it goes then, and does not come back after "Choose a time first.".
  const [answeredBy, setAnsweredBy] = useState<BookThroughLinkResult | null>(null);
  const refusal = result && "error" in result && result !== answeredBy ? result.error : null;
  const error = unchosen ? "Choose a time first." : refusal;
  // Book was disabled while it waited, which drops the focus to the page: after a refusal, back to
  // the times, to choose another (the alert has said why).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result && "error" in result) form.current?.querySelector<HTMLInputElement>('input[name="slotId"]')?.focus();
  }, [result]);

  function check(event: React.FormEvent<HTMLFormElement>) {
    if (new FormData(event.currentTarget).get("slotId")) {
      markBookPressed();
      return;
    }
    event.preventDefault();
    setUnchosen(true);
    setRefusals(refusals + 1);
    event.currentTarget.querySelector<HTMLInputElement>('input[name="slotId"]')?.focus();
  }

  return (
    <form ref={form} action={formAction} onSubmit={check}>
      <fieldset aria-describedby="times-hint">
        <legend className="text-lg font-semibold">Choose a time</legend>
        <p id="times-hint" className="text-sm text-slate-700">
          Times are in UK time.
        </p>
        <div className="mt-4 space-y-5">
          {days.map((day) => (
            <div key={day.date} role="group" aria-labelledby={`day-${day.date}`} className="space-y-2">
              <h2 id={`day-${day.date}`} className="font-semibold">
                {day.heading}
              </h2>
              <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                {day.slots.map((slot) => (
                  <label
                    key={slot.id}
                    className="flex cursor-pointer items-center gap-3 rounded-md border border-slate-300 bg-white p-3 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600"
                  >
                    <input
                      type="radio"
                      name="slotId"
                      value={slot.id}
                      // Keeps a focused time clear of the bar at the bottom when the browser scrolls to it.
                      className="size-4 shrink-0 scroll-mt-4 scroll-mb-40 accent-brand-600"
                      onChange={() => {
                        setChosen(slot);
                        setUnchosen(false);
                        setAnsweredBy(result);
                      }}
                    />
                    <span className="min-w-0">
                      {/* The day in each time's name: arrow keys move from day to day without passing its heading. */}
                      <span className="sr-only">{day.heading}, </span>
                      <span className="block font-semibold">{slot.time}</span>
                      <span className="block text-sm break-words text-slate-700">{slot.clinician}</span>
                    </span>
                  </label>
                ))}
              </div>
            </div>
          ))}
        </div>
      </fieldset>
      <div
        data-testid="booking-bar"
        className="sticky bottom-0 mt-6 -mx-4 space-y-2 border-t border-slate-300 bg-white px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] shadow-[0_-4px_12px_rgb(15_23_42/0.08)] sm:mx-0 sm:rounded-t-lg sm:border-x"
      >
        <p id="chosen-time" className="text-sm">
          {chosen ? (
            <>
              Chosen: <strong>{chosen.label}</strong>
            </>
          ) : (
            "No time chosen yet."
          )}
        </p>
        {error && (
          <p key={refusals} id="booking-error" role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        )}
        <Button
          type="submit"
          pending={pending}
          pendingLabel="Booking…"
          aria-describedby={error ? "chosen-time booking-error" : "chosen-time"}
          className="w-full sm:w-auto"
        >
          Book appointment
        </Button>
      </div>
    </form>
  );
}
