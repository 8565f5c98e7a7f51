"use client";

import Link from "next/link";
import { useRef, useState, useTransition } from "react";

import { findKeyAction } from "@/app/(dashboard)/settings/super-admin/practices/actions";
import { Button } from "@/components/ui/button";

type Found = { displayKey: string; whose: string; status: string; href: string | null; via: string | null; replaced: boolean };

/**
 * Find a key by the key itself, for a partner or practice reporting one compromised. Sent in a
 * server action's body, never a URL (the practice search is a GET form), and forgotten once sent.
 */
export function FindKeyForm() {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<Found | null>(null);
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);

  function find(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await findKeyAction({ key });
      setKey("");
      if (!result.ok) {
        setFound(null);
        setError(result.fieldErrors?.key ?? result.error);
        // Find key was disabled while it ran, so focus had left: back to the field, emptied to paste again, with the error read out.
        input.current?.focus();
        return;
      }
      setError(null);
      setFound(result);
    });
  }

  return (
    <form onSubmit={find} className="space-y-2" aria-labelledby="find-key">
      <h2 id="find-key" className="text-lg font-semibold">
        Find a key
      </h2>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor="find-key-input" className="block text-sm font-medium">
            API key or access token
          </label>
          <input
            id="find-key-input"
            ref={input}
            type="password"
            autoComplete="off"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "find-key-error" : "find-key-hint"}
            className={`block w-full rounded-md border bg-white px-3 py-2 font-mono ${error ? "border-red-700" : "border-slate-300"}`}
          />
        </div>
        <Button type="submit" variant="secondary" pending={pending} pendingLabel="Finding…">
          Find key
        </Button>
      </div>
      {error ? (
        <p id="find-key-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : (
        <p id="find-key-hint" className="text-xs text-slate-600">
          For a key reported as leaked: paste it here, never in the search above, which puts what it finds in the page&apos;s address.
        </p>
      )}
      <div role="status">
        {found && (
          <p className="rounded-md bg-slate-50 p-3 text-sm" data-testid="found-key">
            {found.via}
            <span className="font-mono">{found.displayKey}</span>: {found.whose}. Status: {found.status}.{" "}
            {found.replaced && "It no longer works. Where it is managed shows the partner's current key, if it has one: rotate that only if it leaked too. "}
            {found.href ? (
              <Link href={found.href} className="font-medium text-brand-700 underline">
                Open where it is managed
              </Link>
            ) : (
              "It no longer works: there is nothing to rotate or delete."
            )}
          </p>
        )}
      </div>
    </form>
  );
}
