"use client";

import { useEffect, useRef } from "react";

// Set when the patient presses Book: what appears after it may take the focus, what the page
// opened with may not (it would skip what comes before it).
let bookPressed = false;
export const markBookPressed = () => {
  bookPressed = true;
};

/**
 * A heading focused when it appears with nothing else focused: after Book, the form (and its
 * focused button) is replaced by the confirmation, or by a notice (the link expired meanwhile, the
 * last free time was taken), and focus would otherwise drop to the page. `afterBook`: only then,
 * for a heading below the page's own h1 (the open page's "No appointments are free").
 */
export function ArrivalHeading({
  id,
  className = "text-2xl",
  level = 1,
  afterBook = false,
  describedBy,
  children,
}: {
  id: string;
  className?: string;
  level?: 1 | 2;
  afterBook?: boolean;
  /** What is read with the heading as it takes the focus. */
  describedBy?: string;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (afterBook && !bookPressed) return;
    if (!document.activeElement || document.activeElement === document.body) ref.current?.focus();
  }, [afterBook]);
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <Heading ref={ref} id={id} tabIndex={-1} aria-describedby={describedBy} className={`${className} font-semibold focus:outline-none`}>
      {children}
    </Heading>
  );
}
