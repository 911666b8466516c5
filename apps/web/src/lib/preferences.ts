/**
 * The console's preferences, kept in localStorage behind this one module (theme, graph layout),
 * read defensively: a value another version wrote, or none, falls back to the default.
 */
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'meshlens.preferences';

export interface Preferences {
  readonly theme: Theme;
}

function systemTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

export function readPreferences(): Preferences {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '{}');
    const theme = (raw as { theme?: unknown }).theme;
    return { theme: THEMES.includes(theme as Theme) ? (theme as Theme) : systemTheme() };
  } catch {
    return { theme: systemTheme() };
  }
}

export function writePreferences(update: Partial<Preferences>): Preferences {
  const next = { ...readPreferences(), ...update };
  try {
    window.localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page only.
  }
  return next;
}
