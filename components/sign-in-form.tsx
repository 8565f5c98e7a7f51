"use client";

import { signIn } from "next-auth/react";
import { useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { SIGN_IN_UNAVAILABLE, TOO_MANY_ATTEMPTS } from "@/lib/sign-in-errors";

export function SignInForm({ callbackPath }: { callbackPath: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // Before the page's scripts run, a plain submit would send the form as a GET: the password in the address.
  const hydrated = useHydrated();

  // onSubmit, not a form action: React resets a form after its action, which would clear the
  // email along with a wrong password.
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    startTransition(async () => {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      // One message for a wrong password, an unknown email and an inactive account alike; and one,
      // for known and unknown emails alike, once too many attempts have failed.
      if (result?.error === TOO_MANY_ATTEMPTS) setError("Too many failed sign-in attempts. Wait 15 minutes, then try again.");
      else if (result?.error === SIGN_IN_UNAVAILABLE)
        setError("Sign-in is unavailable at the moment: nothing is wrong with your email or password. Try again in a few minutes.");
      else if (!result || result.error) setError("The email or password is incorrect.");
      // Checked again here: the client must never be the one place that trusts the value.
      else window.location.assign(safeCallbackPath(callbackPath));
    });
  }

  return (
    <form onSubmit={submit} method="post" className="space-y-4" noValidate>
      <div className="space-y-1">
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          aria-describedby={error ? "sign-in-error" : undefined}
          className="w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-describedby={error ? "sign-in-error" : undefined}
          className="w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      {error && (
        <p id="sign-in-error" role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      )}
      <Button type="submit" disabled={!hydrated} pending={pending} pendingLabel="Signing in…" className="w-full">
        Sign in
      </Button>
    </form>
  );
}
