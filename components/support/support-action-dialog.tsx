"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { CharacterCount, characterCountId } from "@/components/ui/character-count";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions, FormError } from "@/components/ui/dialog-actions";
import { describedBy, useFocusFirstInvalid, withoutError } from "@/components/ui/field-errors";
import { useAnnounce } from "@/components/ui/status-message";
import { REASON_MAX } from "@/lib/support";

/** What a field needs to show its own error: `name` is its name in the action's input. */
export type FieldProps = (name: string) => { id: string; name: string; error?: string };

type Props = {
  label: string;
  /** The button's name where many share its label (a Remove in each row): it starts with the label. */
  accessibleName?: string;
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  /** Said in the page's status message when the change is made; null when onSubmit says it, for the page it goes to. */
  outcome: string | null;
  variant?: "primary" | "secondary" | "danger";
  /** Extra fields above the reason; they keep their own state. `field(name)` gives each its id and its error, by its name in the action's input. */
  children?: (field: FieldProps) => React.ReactNode;
  /** Sets the extra fields to what the page shows now, as the dialog opens: not an abandoned edit, nor values since changed by someone else. */
  onOpen?: () => void;
  /** Field errors ({ reason }, { form }, …) to show, or nothing on success. */
  onSubmit: (reason: string) => Promise<Record<string, string> | void>;
};

/** Every change by Hero support asks why first: the reason goes into the audit log. */
export function SupportActionDialog({
  label,
  accessibleName,
  title,
  description,
  confirmLabel,
  pendingLabel,
  outcome,
  variant = "primary",
  children,
  onOpen,
  onSubmit,
}: Props) {
  const id = useId();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const router = useRouter();

  // The fields claim their errors as they render; any other (a stale id: "Partner not found") is the form's.
  const claimed: string[] = [];
  const field: FieldProps = (name) => {
    claimed.push(name);
    return { id: `${id}-${name}`, name, error: errors[name] };
  };
  const fields = children?.(field);
  const formError = errors.form ?? Object.entries(errors).find(([name]) => name !== "reason" && !claimed.includes(name))?.[1];
  const focusFirstInvalid = useFocusFirstInvalid(id, [...claimed, "reason"]);

  function close() {
    // After a refusal ("changed since this page was loaded") the page shows what is now, so a retry sends the current key.
    if (formError) router.refresh();
    setOpen(false);
    setReason("");
    setErrors({});
  }

  return (
    <>
      <Button
        variant={variant === "danger" ? "secondary" : variant}
        aria-label={accessibleName}
        onClick={() => {
          onOpen?.();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Dialog open={open} title={title} description={description} onClose={close} busy={pending}>
        {/* An edited field loses its error at once (change events bubble here, with the field's name). */}
        {fields && (
          <div className="space-y-4" onChange={(event) => setErrors((errors) => withoutError(errors, (event.target as HTMLInputElement).name))}>
            {fields}
          </div>
        )}
        <div className="space-y-1">
          <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
            Reason
          </label>
          <p id={`${id}-reason-hint`} className="text-xs text-slate-600">
            Why you are doing this, e.g. the support ticket. It is kept in the audit log.
          </p>
          <textarea
            id={`${id}-reason`}
            rows={2}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setErrors((errors) => withoutError(errors, "reason"));
            }}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={describedBy(`${id}-reason-hint`, characterCountId(`${id}-reason`, reason, REASON_MAX), errors.reason && `${id}-reason-error`)}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          />
          <CharacterCount fieldId={`${id}-reason`} value={reason} max={REASON_MAX} />
          {errors.reason && (
            <p id={`${id}-reason-error`} role="alert" className="text-sm text-red-700">
              {errors.reason}
            </p>
          )}
        </div>
        <FormError message={formError} />
        <DialogActions
          onCancel={close}
          confirmLabel={confirmLabel}
          pendingLabel={pendingLabel}
          pending={pending}
          variant={variant}
          onConfirm={() =>
            startTransition(async () => {
              const failure = await onSubmit(reason);
              if (failure) {
                setErrors(failure);
                focusFirstInvalid(failure);
                return;
              }
              if (outcome) announce(outcome);
              close();
            })
          }
        />
      </Dialog>
    </>
  );
}

/** What a server action's failure becomes in the dialog. */
export const failureErrors = (result: { ok: false; error: string; fieldErrors?: Record<string, string> }) => result.fieldErrors ?? { form: result.error };
