"use client";

import { createContext, useContext, useId, useRef, useState, type KeyboardEvent } from "react";

import { CodeBlock } from "@/components/docs/code-block";
import { SAMPLE_LANGUAGES, type SampleLanguage } from "@/lib/api/sample-languages";

// One choice for the whole page: picking Ruby once shows Ruby in every example.
const LanguageContext = createContext<{ language: SampleLanguage; setLanguage: (language: SampleLanguage) => void } | null>(null);

export function SampleLanguageProvider({ children }: { children: React.ReactNode }) {
  const [language, setLanguage] = useState<SampleLanguage>("curl");
  return <LanguageContext value={{ language, setLanguage }}>{children}</LanguageContext>;
}

/** curl, Node.js and Ruby versions of one call, as tabs (WAI-ARIA tabs: arrow keys move between them). */
export function CodeTabs({ samples, what }: { samples: Record<SampleLanguage, string>; what: string }) {
  const shared = useContext(LanguageContext);
  const [own, setOwn] = useState<SampleLanguage>("curl");
  const language = shared?.language ?? own;
  const setLanguage = shared?.setLanguage ?? setOwn;
  const id = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent, index: number) {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: SAMPLE_LANGUAGES.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key] + SAMPLE_LANGUAGES.length) % SAMPLE_LANGUAGES.length;
    setLanguage(SAMPLE_LANGUAGES[next].id);
    tabs.current[next]?.focus();
  }

  return (
    <div className="min-w-0">
      <div role="tablist" aria-label={`Language of the ${what}`} className="flex gap-1">
        {SAMPLE_LANGUAGES.map((option, index) => {
          const selected = option.id === language;
          return (
            <button
              key={option.id}
              ref={(element) => {
                tabs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`${id}-${option.id}-tab`}
              aria-selected={selected}
              aria-controls={`${id}-${option.id}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => setLanguage(option.id)}
              onKeyDown={(event) => onKeyDown(event, index)}
              className={`min-h-9 rounded-t-md px-3 text-sm font-semibold ${selected ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200"}`}
            >
              {option.label}
            </button>
          );
        })}
      </div>
      {SAMPLE_LANGUAGES.map((option) => (
        <div key={option.id} role="tabpanel" id={`${id}-${option.id}`} aria-labelledby={`${id}-${option.id}-tab`} hidden={option.id !== language}>
          <CodeBlock code={samples[option.id]} what={`${option.label} ${what}`} />
        </div>
      ))}
    </div>
  );
}
