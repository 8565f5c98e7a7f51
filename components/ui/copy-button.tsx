"use client";

import { useState } from "react";

import { Button } from "@/components/ui/button";

/** `what`: what to select by hand when the clipboard cannot be reached ("the key", "the practice group ID"). */
type Props = { value: string; label?: string; what?: string; className?: string; onCopied?: () => void };

export function CopyButton({ value, label = "Copy", what = "the key", className, onCopied }: Props) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
      onCopied?.();
      setTimeout(() => setState("idle"), 2500);
    } catch {
      setState("failed");
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={copy} className={className}>
        {state === "copied" ? "Copied" : label}
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied to the clipboard" : state === "failed" ? `Could not copy: select ${what} and copy it by hand` : ""}
      </span>
      {state === "failed" && <span className="text-sm text-red-700">Could not copy: select {what} and copy it by hand.</span>}
    </>
  );
}
