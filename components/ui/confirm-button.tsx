"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions, FormError } from "@/components/ui/dialog-actions";

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
  const router = useRouter();

  function close() {
    // After a refusal ("already revoked", "not connected") the page shows what is now.
    if (error) router.refresh();
    setOpen(false);
    setError(null);
  }

  return (
    <>
      <Button variant={variant === "danger" ? "secondary" : variant} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Dialog open={open} title={title} description={description} onClose={close} role="alertdialog" busy={pending}>
        <FormError message={error} />
        <DialogActions
          onCancel={close}
          confirmLabel={confirmLabel}
          pendingLabel={pendingLabel}
          pending={pending}
          variant={variant}
          onConfirm={() =>
            startTransition(async () => {
              const failure = await onConfirm();
              if (failure) setError(failure);
              else close();
            })
          }
        />
      </Dialog>
    </>
  );
}
