/**
 * The shell: the left navigation (links keep the shared namespaces, duration and refresh), the
 * toolbar every page shares, the banner for unreachable backends, the theme switch, and the page.
 */
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useSearchParams } from 'react-router';
import { DurationSelect, RefreshSelect } from '../components/ToolbarSelects.tsx';
import { UpstreamBanner } from '../features/mesh/index.ts';
import type { Theme } from '../lib/preferences.ts';
import { readPreferences, writePreferences } from '../lib/preferences.ts';
import { NAV_ITEMS } from './paths.ts';
import { sharedSearch } from './url.ts';

export function Layout() {
  const [params] = useSearchParams();
  const [theme, setTheme] = useState<Theme>(() => readPreferences().theme);
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  const search = sharedSearch(params);
  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <div className="brand">Meshlens</div>
        <ul>
          {NAV_ITEMS.map((item) => (
            <li key={item.path}>
              <NavLink to={{ pathname: item.path, search }}>{item.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main">
        <UpstreamBanner />
        <header className="toolbar">
          <DurationSelect />
          <RefreshSelect />
          <button
            type="button"
            className="theme-toggle"
            onClick={() => {
              setTheme(writePreferences({ theme: theme === 'dark' ? 'light' : 'dark' }).theme);
            }}
          >
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
        </header>
        <main className="page">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
