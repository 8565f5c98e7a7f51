"use client";

import { useEffect, useId, useRef } from "react";

type DialogProps = {
  open: boolean;
  title: string;
  description?: React.ReactNode;
  onClose: () => void;
  children: React.ReactNode;
  /** alertdialog for confirmations and for the shown-once key, so screen readers announce them. */
  role?: "dialog" | "alertdialog";
  /** An action it started is running: Escape and a click outside wait, so its answer (an error, a key) has somewhere to appear. */
  busy?: boolean;
};

/** A modal on the native <dialog>: focus is trapped and Escape closes it, for free; so does a click outside. */
export function Dialog({ open, title, description, onClose, children, role = "dialog", busy = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const pressedOutside = useRef(false);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  // close() hands focus back to what opened the dialog; a dialog removed while open (its owner
  // unmounted it, as the new-key dialog is for each key) gets no such help, so it is done here.
  useEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog?.open && opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      role={role}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      // Chrome closes a dialog on a second Escape even when its cancel was refused: while its owner
      // still has it open (busy, or asking before it closes), it opens again.
      onClose={() => {
        if (open && ref.current && !ref.current.open) ref.current.showModal();
      }}
      // The content fills the <dialog>, so a click on the element itself is a click on the backdrop;
      // only one that also started there: selecting the key and letting go outside is not a click outside.
      onMouseDown={(event) => {
        pressedOutside.current = event.target === event.currentTarget;
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget && pressedOutside.current && !busy) onClose();
      }}
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl"
    >
      {open && (
        <div className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {description && (
            <div id={descriptionId} className="text-sm text-slate-700">
              {description}
            </div>
          )}
          {children}
        </div>
      )}
    </dialog>
  );
}
