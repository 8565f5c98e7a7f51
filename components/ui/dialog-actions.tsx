"use client";

import { useEffect, useRef } from "react";

import { Button } from "@/components/ui/button";

/** An error that belongs to the whole dialog, next to its buttons; focused as it comes, so the keyboard starts again from it. */
export function FormError({ message }: { message?: string | null }) {
  const error = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) error.current?.focus();
  }, [message]);
  return message ? (
    <p ref={error} tabIndex={-1} role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 outline-none">
      {message}
    </p>
  ) : null;
}

type Props = {
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  variant?: "primary" | "secondary" | "danger";
};

/** Cancel and the dialog's one action, right-aligned; Cancel is disabled while the action runs. */
export function DialogActions({ onCancel, onConfirm, confirmLabel, pendingLabel, pending, variant = "primary" }: Props) {
  const confirm = useRef<HTMLButtonElement>(null);
  const wasPending = useRef(false);
  // Disabled while the action ran, the button dropped focus to the page: it gets it back, unless
  // something took it meanwhile (the form's error, a field in error).
  useEffect(() => {
    if (wasPending.current && !pending && document.activeElement === document.body) confirm.current?.focus();
    wasPending.current = pending;
  }, [pending]);
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button ref={confirm} variant={variant} pending={pending} pendingLabel={pendingLabel} onClick={onConfirm}>
        {confirmLabel}
      </Button>
    </div>
  );
}
