"use client";

import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";

/**
 * Closing a dialog that shows something only once (a key, a one-time link): before it was copied,
 * Escape, a click outside or Done ask first, and so does leaving the page (the browser's own
 * question). Pass guarded only while the dialog is open; key its content by what it shows, so a
 * new one starts as not copied.
 */
export function useCloseGuard(onClose: () => void, guarded: boolean) {
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  useAskBeforeLeaving(guarded && !copied);
  return {
    confirming,
    requestClose: () => (guarded && !copied ? setConfirming(true) : onClose()),
    markCopied: () => setCopied(true),
    goBack: () => setConfirming(false),
    close: onClose,
  };
}

/** While asking: leaving the page (reload, closing the tab, another address) brings up the browser's own question. */
export function useAskBeforeLeaving(asking: boolean) {
  useEffect(() => {
    if (!asking) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [asking]);
}

type Props = { guard: ReturnType<typeof useCloseGuard>; what: string; doneLabel: string };

/** Done, or in its place the question; each time the focused button goes, focus moves to what took its place. */
export function CloseGuardActions({ guard, what, doneLabel }: Props) {
  const done = useRef<HTMLButtonElement>(null);
  const wentBack = useRef(false);
  useEffect(() => {
    if (guard.confirming || !wentBack.current) return;
    wentBack.current = false;
    done.current?.focus();
  }, [guard.confirming]);

  if (!guard.confirming)
    return (
      <div className="flex justify-end">
        <Button ref={done} onClick={guard.requestClose}>
          {doneLabel}
        </Button>
      </div>
    );
  return (
    <div role="alert" className="space-y-3 rounded-md bg-red-50 p-3 text-sm text-red-900">
      <p className="font-medium">You have not copied the {what}. Close anyway?</p>
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          variant="secondary"
          autoFocus
          onClick={() => {
            wentBack.current = true;
            guard.goBack();
          }}
        >
          Go back
        </Button>
        <Button variant="danger" onClick={guard.close}>
          Close anyway
        </Button>
      </div>
    </div>
  );
}
