"use client";

import { useActionState } from "react";

import { signOut } from "@/app/(dashboard)/actions";
import { Button } from "@/components/ui/button";

/** The header's Sign out: a form, so it works before the page's scripts run; a sign-out the database could not record says so here. */
export function SignOutButton() {
  const [state, action, pending] = useActionState(signOut, null);
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-3">
      {state?.error && (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <Button type="submit" variant="secondary" disabled={pending}>
        Sign out
      </Button>
    </form>
  );
}
