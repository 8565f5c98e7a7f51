"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

type NavItem = { href: string; label: string; children?: NavItem[] };

function NavLink({ item, nested }: { item: NavItem; nested?: boolean }) {
  const pathname = usePathname();
  const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
  return (
    <Link
      href={item.href}
      aria-current={current ? "page" : undefined}
      className={`block rounded-md px-3 py-2 text-sm ${nested ? "md:pl-6" : "font-medium"} ${current ? "bg-brand-100 text-brand-900" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {item.label}
    </Link>
  );
}

// Settings > Super admin: user API keys and Hero support's console across practices.
const SUPER_ADMIN_PAGES: NavItem[] = [
  { href: "/settings/super-admin/api-keys", label: "Super admin" },
  { href: "/settings/super-admin/partners", label: "Partners" },
  { href: "/settings/super-admin/networks", label: "Networks" },
];

export function Sidebar({ showSuperAdmin }: { showSuperAdmin: boolean }) {
  const settings: NavItem[] = [{ href: "/settings/my-practice", label: "My Practice" }];
  if (showSuperAdmin) settings.push(...SUPER_ADMIN_PAGES);

  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1 md:block md:space-y-1">
      <NavLink item={{ href: "/dashboard", label: "Dashboard" }} />
      <NavLink item={{ href: "/apps", label: "Apps" }} />
      <div className="contents md:block">
        <p className="hidden px-3 pt-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase md:block">Settings</p>
        {settings.map((item) => (
          <NavLink key={item.href} item={item} nested />
        ))}
      </div>
      <NavLink item={{ href: "/docs/api", label: "API docs" }} />
    </nav>
  );
}
