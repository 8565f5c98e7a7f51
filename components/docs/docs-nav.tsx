"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { DOCS_PAGES, REFERENCE_PATH } from "@/components/docs/docs-pages";

export type ContentsGroup = { title: string; links: { href: string; label: string }[] };

/** The docs' pages, and under API reference its endpoints by group (the Reference's contents). */
export function DocsNav({ reference }: { reference: ContentsGroup[] }) {
  const pathname = usePathname();
  return (
    <ul className="space-y-1 text-sm">
      {DOCS_PAGES.map((page) => (
        <li key={page.href}>
          <Link
            href={page.href}
            aria-current={pathname === page.href ? "page" : undefined}
            className={`block rounded-md px-3 py-1.5 font-medium ${pathname === page.href ? "bg-brand-100 text-brand-900" : "text-slate-800 hover:bg-slate-100"}`}
          >
            {page.label}
          </Link>
          {page.href === REFERENCE_PATH && (
            <ul className="mt-1 space-y-2 border-l border-slate-200 pl-3 ml-3">
              {reference.map((group) => (
                <li key={group.title}>
                  <span className="block px-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">{group.title}</span>
                  <ul>
                    {group.links.map((link) => (
                      <li key={link.href}>
                        <Link href={link.href} className="block rounded px-2 py-1 font-mono text-xs text-slate-800 hover:bg-slate-100 [overflow-wrap:anywhere]">
                          {link.label}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
