"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { KeyOptionsFields, type KeyOptions } from "@/components/keys/key-options-fields";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions, FormError } from "@/components/ui/dialog-actions";
import { withoutError } from "@/components/ui/field-errors";
import { describeAccess, type ScopeName } from "@/lib/scopes";

type Props = {
  label: string;
  title: string;
  description: React.ReactNode;
  partnerName: string;
  partnerScopes: ScopeName[];
  initial: KeyOptions;
  confirmLabel: string;
  pendingLabel: string;
  variant?: "primary" | "secondary";
  /** Field errors (or { form }) to show, or nothing on success. */
  onSubmit: (options: KeyOptions) => Promise<Record<string, string> | void>;
};

/** Connect and Rotate API key: what the new key carries, and in plain words what the partner may do. */
export function KeyOptionsDialog({
  label,
  title,
  description,
  partnerName,
  partnerScopes,
  initial,
  confirmLabel,
  pendingLabel,
  variant = "primary",
  onSubmit,
}: Props) {
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const router = useRouter();

  function close() {
    // After a refusal ("changed since this page was loaded") the page shows what is now, so a retry sends the current key.
    if (errors.form) router.refresh();
    setOpen(false);
    setErrors({});
  }

  return (
    <>
      {/* Opens on what the page shows now: not an abandoned edit, nor values since changed. */}
      <Button
        variant={variant}
        onClick={() => {
          setOptions(initial);
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Dialog open={open} title={title} description={description} onClose={close} busy={pending}>
        <KeyOptionsFields
          idPrefix={label.toLowerCase().replace(/\W+/g, "-")}
          partnerScopes={partnerScopes}
          value={options}
          onChange={setOptions}
          errors={errors}
          onEdit={(field) => setErrors((errors) => withoutError(errors, field))}
        />
        <p className="text-sm text-slate-700" data-testid="access-summary">
          {describeAccess(partnerName, options.scopes)}
        </p>
        <FormError message={errors.form} />
        <DialogActions
          onCancel={close}
          confirmLabel={confirmLabel}
          pendingLabel={pendingLabel}
          pending={pending}
          onConfirm={() =>
            startTransition(async () => {
              const failure = await onSubmit(options);
              if (failure) setErrors(failure);
              else close();
            })
          }
        />
      </Dialog>
    </>
  );
}
