"use client";

import { useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

type ConfirmButtonProps = {
  label: string;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "danger";
  /** Returns an error message to show in the dialog, or nothing on success. */
  onConfirm: () => Promise<string | void>;
};

/** A destructive action behind a confirmation; errors stay in the dialog next to the action. */
export function ConfirmButton({ label, title, description, confirmLabel, pendingLabel, variant = "danger", onConfirm }: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function close() {
    setOpen(false);
    setError(null);
  }

  return (
    <>
      <Button variant={variant === "danger" ? "secondary" : variant} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Dialog open={open} title={title} description={description} onClose={close} role="alertdialog">
        {error && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {error}
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button
            variant={variant}
            pending={pending}
            pendingLabel={pendingLabel}
            onClick={() =>
              startTransition(async () => {
                const failure = await onConfirm();
                if (failure) setError(failure);
                else close();
              })
            }
          >
            {confirmLabel}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
