"use client";

import { CloseGuardActions, useCloseGuard } from "@/components/ui/close-guard";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { KeyField } from "@/components/ui/key-field";
import { REQUEST_HEADERS } from "@/lib/api/headers";

export type NewKey = { title: string; note: string; key: string; shownOnce: boolean };

type Props = { shown: NewKey | null; practiceGroupId: string; onClose: () => void };

/**
 * A key the practice hands to its partner, with the practice group ID and a request to try it.
 * The key lives only in the caller's state: closing forgets it. For a key shown once, closing
 * before copying asks first (Escape, a click outside, Done or leaving the page).
 */
export function NewKeyDialog(props: Props) {
  // Keyed by the key: a new key starts with "not copied".
  return <KeyDialog key={props.shown?.key ?? ""} {...props} />;
}

function KeyDialog({ shown, practiceGroupId, onClose }: Props) {
  const guard = useCloseGuard(onClose, shown?.shownOnce ?? false);
  // Only rendered in the browser: the dialog opens from an action's response.
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  const curl = shown
    ? `curl -X GET "${origin}/api/v1/practice-groups" \\\n  -H "${REQUEST_HEADERS.apiKey.name}: ${shown.key}" \\\n  -H "${REQUEST_HEADERS.practiceGroupId.name}: ${practiceGroupId}"`
    : "";

  return (
    <Dialog
      open={shown !== null}
      title={shown?.title ?? ""}
      description={<p className={shown?.shownOnce ? "rounded-md bg-amber-50 p-3 font-medium text-amber-900" : undefined}>{shown?.note}</p>}
      onClose={guard.requestClose}
      role="alertdialog"
    >
      {shown && (
        <>
          <KeyField value={shown.key} onCopied={guard.markCopied} />
          <div className="space-y-1">
            <p className="text-sm font-medium">Practice group ID</p>
            <p className="font-mono text-sm break-all" data-testid="new-key-practice-group-id">
              {practiceGroupId}
            </p>
            <CopyButton value={practiceGroupId} label="Copy practice group ID" what="the practice group ID" />
          </div>
          <details className="text-sm">
            <summary className="cursor-pointer font-medium">Try it: an example request</summary>
            <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs whitespace-pre-wrap break-all text-slate-100" data-testid="curl-example">
              {curl}
            </pre>
            {/* The example holds the key: copying it copies the key. */}
            <CopyButton value={curl} label="Copy example" what="the example" onCopied={guard.markCopied} />
          </details>
          <CloseGuardActions guard={guard} what="key" doneLabel={shown.shownOnce ? "Done" : "Close"} />
        </>
      )}
    </Dialog>
  );
}
