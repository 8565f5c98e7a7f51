import Link from "next/link";

/** "Parent / Current": the way back up from a detail page. */
export function Breadcrumb({ href, parent, current }: { href: string; parent: string; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <Link href={href} className="text-brand-700 underline">
        {parent}
      </Link>{" "}
      / {current}
    </nav>
  );
}
