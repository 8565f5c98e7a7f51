import { Button } from "@/components/ui/button";

/** An error that belongs to the whole dialog, next to its buttons. */
export function FormError({ message }: { message?: string | null }) {
  return message ? (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
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
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button variant={variant} pending={pending} pendingLabel={pendingLabel} onClick={onConfirm}>
        {confirmLabel}
      </Button>
    </div>
  );
}
