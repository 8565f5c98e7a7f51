import type { Metadata } from "next";
import Link from "next/link";

import { SampleLanguageProvider } from "@/components/docs/code-tabs";
import { DocsNav, type ContentsGroup } from "@/components/docs/docs-nav";
import { OPENAPI_URL, REFERENCE_PATH } from "@/components/docs/docs-pages";
import { openApiView } from "@/components/docs/openapi-view";

export const metadata: Metadata = { title: { default: "Developer docs", template: "%s · Hero developer docs" } };

// The public developer docs: no session (partners' developers have no dashboard account), and
// a layout of their own with the pages and the Reference's endpoints as contents.
export default function DocsLayout({ children }: { children: React.ReactNode }) {
  const reference: ContentsGroup[] = openApiView().tags.map((tag) => ({
    title: tag.name,
    links: tag.operations.map(({ method, path, operation }) => ({ href: `${REFERENCE_PATH}#${operation.operationId}`, label: `${method} ${path}` })),
  }));

  return (
    <div className="min-h-screen bg-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-20 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="z-10 border-b border-slate-200 bg-white md:sticky md:top-0">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3">
          <Link href="/docs" className="text-lg font-bold text-brand-700">
            Hero <span className="font-semibold text-slate-800">developer docs</span>
          </Link>
          <a href={OPENAPI_URL} className="text-sm font-medium text-brand-700 underline">
            OpenAPI document
          </a>
        </div>
      </header>
      <div className="mx-auto max-w-7xl md:grid md:grid-cols-[15rem_minmax(0,1fr)] md:gap-8 md:px-4">
        <details className="border-b border-slate-200 px-4 py-2 md:hidden">
          <summary className="min-h-10 cursor-pointer py-2 font-semibold">Contents</summary>
          <nav aria-label="Docs" className="pb-2">
            <DocsNav reference={reference} />
          </nav>
        </details>
        <nav aria-label="Docs" className="sticky top-14 hidden max-h-[calc(100vh-3.5rem)] overflow-y-auto py-6 md:block">
          <DocsNav reference={reference} />
        </nav>
        <main id="main" className="min-w-0 px-4 py-8 md:px-0">
          <SampleLanguageProvider>{children}</SampleLanguageProvider>
        </main>
      </div>
    </div>
  );
}
