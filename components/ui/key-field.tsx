"use client";

import { useId } from "react";

import { CopyButton } from "@/components/ui/copy-button";

type Props = { value: string; label?: string; copyLabel?: string; what?: string; onCopied?: () => void; testId?: string };

/**
 * A full API key (or another value to copy), selectable and copyable. A textarea so the whole key
 * wraps and stays readable at phone width. Rendered only from an action's response, never from the page.
 */
export function KeyField({ value, label = "API key", copyLabel = "Copy", what, onCopied, testId = "full-key" }: Props) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        readOnly
        rows={2}
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        // Copied by hand (when the Copy button could not reach the clipboard, it says to): copied all the same.
        onCopy={(event) => {
          const { selectionStart, selectionEnd } = event.currentTarget;
          if (selectionStart === 0 && selectionEnd === value.length) onCopied?.();
        }}
        data-testid={testId}
        spellCheck={false}
        className="field-sizing-content block w-full resize-none rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm break-all"
      />
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton value={value} label={copyLabel} what={what} onCopied={onCopied} />
      </div>
    </div>
  );
}
