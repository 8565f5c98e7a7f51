"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { MY_PRACTICE_PAGE, SETTINGS_PAGE, SUPER_ADMIN_PAGE, SUPER_ADMIN_PAGES, type NavItem } from "@/components/navigation";

const INDENT = ["font-medium", "md:pl-6", "md:pl-9"] as const;

function NavLink({ item, depth = 0 }: { item: Pick<NavItem, "href" | "label">; depth?: 0 | 1 | 2 }) {
  const pathname = usePathname();
  const current = pathname === item.href;
  const within = !current && pathname.startsWith(`${item.href}/`);
  return (
    <Link
      href={item.href}
      aria-current={current ? "page" : undefined}
      className={`block rounded-md px-3 py-2 text-sm ${INDENT[depth]} ${current ? "bg-brand-100 text-brand-900" : within ? "text-brand-900" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {item.label}
    </Link>
  );
}

/** Dashboard, Apps, Settings (My Practice; Super admin and its pages, for super admins), API docs. */
export function Sidebar({ showSuperAdmin }: { showSuperAdmin: boolean }) {
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1 md:block md:space-y-1">
      <NavLink item={{ href: "/dashboard", label: "Dashboard" }} />
      <NavLink item={{ href: "/apps", label: "Apps" }} />
      <NavLink item={SETTINGS_PAGE} />
      <NavLink item={MY_PRACTICE_PAGE} depth={1} />
      {showSuperAdmin && (
        <>
          <NavLink item={SUPER_ADMIN_PAGE} depth={1} />
          {SUPER_ADMIN_PAGES.map((item) => (
            <NavLink key={item.href} item={item} depth={2} />
          ))}
        </>
      )}
      <NavLink item={{ href: "/docs", label: "API docs" }} />
    </nav>
  );
}
