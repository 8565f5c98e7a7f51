"use client";

import { Button } from "@/components/ui/button";

/**
 * A page that could not be loaded (the database did not answer, or a fault), or an action whose
 * answer was lost: it may have been done (a key rotated), so never claim that nothing changed.
 * Try again fetches the page again (retry; reset would only re-render what failed).
 */
export default function DashboardError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <section role="alert" className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-6">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="text-slate-700">
        Hero could not reach its data just now. If you had just made a change, reload the page to see whether it was done before trying it again.
      </p>
      <Button onClick={retry}>Try again</Button>
    </section>
  );
}
