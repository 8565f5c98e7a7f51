/**
 * What a search found, for screen readers: the search updates the page without a reload, and
 * Next's route announcer speaks only a new title, which these pages keep. Always rendered, so that
 * each change is read out (and nothing on load); `shown` when it is all there is to see (no match).
 */
export function ResultsStatus({ children, shown = false }: { children: React.ReactNode; shown?: boolean }) {
  return (
    <p role="status" className={shown ? "text-sm" : "sr-only"} data-testid="results-status">
      {children}
    </p>
  );
}
