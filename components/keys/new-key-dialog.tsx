"use client";

import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { KeyField } from "@/components/ui/key-field";
import { REQUEST_HEADERS } from "@/lib/api/headers";

export type NewKey = { title: string; note: string; key: string; shownOnce: boolean };

type Props = { shown: NewKey | null; practiceGroupId: string; onClose: () => void };

/**
 * A key the practice hands to its partner, with the practice group ID and a request to try it.
 * The key lives only in the caller's state: closing forgets it. For a key shown once, closing
 * before copying asks first (Escape, a click outside or Done).
 */
export function NewKeyDialog(props: Props) {
  // Keyed by the key: a new key starts with "not copied".
  return <KeyDialog key={props.shown?.key ?? ""} {...props} />;
}

function KeyDialog({ shown, practiceGroupId, onClose }: Props) {
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // The question replaces Done, and Go back replaces the question: each time the focused button
  // goes, so focus is put on what took its place, not left to fall to the page.
  const done = useRef<HTMLButtonElement>(null);
  const wentBack = useRef(false);
  useEffect(() => {
    if (confirming || !wentBack.current) return;
    wentBack.current = false;
    done.current?.focus();
  }, [confirming]);
  // Only rendered in the browser: the dialog opens from an action's response.
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  function requestClose() {
    if (shown?.shownOnce && !copied) setConfirming(true);
    else onClose();
  }

  const curl = shown
    ? `curl -X GET "${origin}/api/v1/practice-groups" \\\n  -H "${REQUEST_HEADERS.apiKey.name}: ${shown.key}" \\\n  -H "${REQUEST_HEADERS.practiceGroupId.name}: ${practiceGroupId}"`
    : "";

  return (
    <Dialog
      open={shown !== null}
      title={shown?.title ?? ""}
      description={<p className={shown?.shownOnce ? "rounded-md bg-amber-50 p-3 font-medium text-amber-900" : undefined}>{shown?.note}</p>}
      onClose={requestClose}
      role="alertdialog"
    >
      {shown && (
        <>
          <KeyField value={shown.key} onCopied={() => setCopied(true)} />
          <div className="space-y-1">
            <p className="text-sm font-medium">Practice group ID</p>
            <p className="font-mono text-sm break-all" data-testid="new-key-practice-group-id">
              {practiceGroupId}
            </p>
            <CopyButton value={practiceGroupId} label="Copy practice group ID" />
          </div>
          <details className="text-sm">
            <summary className="cursor-pointer font-medium">Try it: an example request</summary>
            <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs whitespace-pre-wrap break-all text-slate-100" data-testid="curl-example">
              {curl}
            </pre>
            {/* The example holds the key: copying it copies the key. */}
            <CopyButton value={curl} label="Copy example" onCopied={() => setCopied(true)} />
          </details>
          {confirming ? (
            <div role="alert" className="space-y-3 rounded-md bg-red-50 p-3 text-sm text-red-900">
              <p className="font-medium">You have not copied the key. Close anyway?</p>
              <div className="flex flex-wrap justify-end gap-2">
                <Button
                  variant="secondary"
                  autoFocus
                  onClick={() => {
                    wentBack.current = true;
                    setConfirming(false);
                  }}
                >
                  Go back
                </Button>
                <Button variant="danger" onClick={onClose}>
                  Close anyway
                </Button>
              </div>
            </div>
          ) : (
            <div className="flex justify-end">
              <Button ref={done} onClick={requestClose}>
                {shown.shownOnce ? "Done" : "Close"}
              </Button>
            </div>
          )}
        </>
      )}
    </Dialog>
  );
}
