"use client";

import { CopyButton } from "@/components/ui/copy-button";

/** A full API key, selectable and copyable. Rendered only from an action's response, never from the page. */
export function KeyField({ value, label = "API key", copyLabel = "Copy" }: { value: string; label?: string; copyLabel?: string }) {
  return (
    <div className="space-y-1">
      <label className="block text-sm font-medium">
        {label}
        <input
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="full-key"
          className="mt-1 block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
        />
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton value={value} label={copyLabel} />
      </div>
    </div>
  );
}
