"use client";

import { useEffect, useState } from "react";

/** "Copy" for a code sample; `what` completes its accessible name ("Copy curl example"). */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <>
      <button
        type="button"
        onClick={copy}
        className="inline-flex min-h-8 items-center rounded border border-slate-500 bg-slate-800 px-2.5 text-xs font-semibold text-white hover:bg-slate-700"
      >
        {state === "copied" ? "Copied" : "Copy"}
        <span className="sr-only"> {what}</span>
      </button>
      <span role="status" className="sr-only">
        {state === "copied" ? `${what} copied` : state === "failed" ? "Could not copy: select the text and copy it by hand" : ""}
      </span>
    </>
  );
}
