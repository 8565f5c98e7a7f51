import Link from "next/link";

import { Sidebar } from "@/components/sidebar";
import { SignOutButton } from "@/components/sign-out-button";
import { StatusProvider } from "@/components/ui/status-message";
import { isSuperAdmin, requireUser } from "@/lib/session";

const ROLE_LABELS = { STAFF: "Staff", PRACTICE_ADMIN: "Practice admin", SUPER_ADMIN: "Super admin" } as const;

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();

  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white p-3 md:min-h-screen md:border-r md:border-b-0">
        <Link href="/dashboard" className="mb-2 block px-3 py-2 text-lg font-bold text-brand-700">
          Hero
        </Link>
        <Sidebar showSuperAdmin={isSuperAdmin(user)} />
      </aside>
      <div className="min-w-0">
        <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 md:px-8">
          <div className="text-sm">
            <p className="font-semibold" data-testid="current-practice">
              {user.practiceGroupName}
            </p>
            <p className="text-slate-600" data-testid="current-user">
              {user.name} · {ROLE_LABELS[user.role]}
            </p>
          </div>
          <SignOutButton />
        </header>
        <main id="main" className="mx-auto max-w-5xl space-y-8 px-4 py-6 md:px-8">
          <StatusProvider>{children}</StatusProvider>
        </main>
      </div>
    </div>
  );
}
