"use client";

import { useState } from "react";

import { Button } from "@/components/ui/button";

type Props = { value: string; label?: string; className?: string; onCopied?: () => void };

export function CopyButton({ value, label = "Copy", className, onCopied }: Props) {
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
        {state === "copied" ? "Copied to the clipboard" : state === "failed" ? "Could not copy: select the key and copy it by hand" : ""}
      </span>
      {state === "failed" && <span className="text-sm text-red-700">Could not copy: select the key and copy it by hand.</span>}
    </>
  );
}
