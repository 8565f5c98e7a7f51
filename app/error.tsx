"use client";

import DashboardError from "./(dashboard)/error";

/** Above the dashboard's layout: reading the signed-in user failed (the database did not answer), so there is no sidebar to show. */
export default function RootError(props: { error: unknown; retry: () => void }) {
  return (
    <main className="mx-auto max-w-xl p-4 sm:p-8">
      <DashboardError {...props} />
    </main>
  );
}
