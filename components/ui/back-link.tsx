import Link from "next/link";

/** Seed 004's "Back: Return to the previous screen": the screen above this one, as a link. */
export function BackLink({ href }: { href: string }) {
  return (
    <Link href={href} className="inline-flex min-h-10 items-center text-sm font-semibold text-brand-700 hover:underline">
      <span aria-hidden>←&nbsp;</span>Back
    </Link>
  );
}
