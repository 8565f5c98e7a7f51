"use client";

import { Button } from "@/components/ui/button";

/**
 * The page could not be loaded, or a booking's answer was lost on its way back: the booking may
 * have been made, so the patient is sent to look before choosing again.
 */
export default function BookError() {
  return (
    <main className="mx-auto max-w-xl p-4 sm:p-8">
      <section role="alert" className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-6">
        <h1 className="text-xl font-semibold">This page could not be loaded</h1>
        <p className="text-slate-700">
          Something went wrong on our side. If you had just chosen a time, reload this page to see whether it was booked before choosing again. If it keeps
          happening, contact your practice.
        </p>
        <Button onClick={() => window.location.reload()}>Reload this page</Button>
      </section>
    </main>
  );
}
