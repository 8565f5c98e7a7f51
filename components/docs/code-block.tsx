import { CopyButton } from "@/components/docs/copy-button";

/**
 * A code sample with its label and a Copy button. The code scrolls inside its own box (never the
 * page sideways; `tall` samples are cut to 24rem), and the box takes keyboard focus so it can be
 * scrolled without a mouse.
 */
export function CodeBlock({ code, label, what, tall }: { code: string; label?: string; what: string; tall?: boolean }) {
  return (
    <div className="min-w-0 overflow-hidden rounded-lg bg-slate-900 text-slate-100">
      <div className="flex items-center justify-between gap-2 border-b border-slate-700 px-3 py-1.5">
        <span className="text-xs font-semibold text-slate-300">{label}</span>
        <CopyButton text={code} what={what} />
      </div>
      <pre tabIndex={0} className={`overflow-auto p-3 font-mono text-[13px] leading-relaxed ${tall ? "max-h-96" : ""}`}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
