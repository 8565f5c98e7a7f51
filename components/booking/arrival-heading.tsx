"use client";

import { useEffect, useRef } from "react";

/**
 * The page's h1, focused when it appears with nothing else focused: after Book, the form (and its
 * focused button) is replaced by the confirmation, or by a notice (the link expired meanwhile, the
 * last free time was taken), and focus would otherwise drop to the page.
 */
export function ArrivalHeading({ id, className = "text-2xl", children }: { id: string; className?: string; children: React.ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} id={id} tabIndex={-1} className={`${className} font-semibold focus:outline-none`}>
      {children}
    </h1>
  );
}
