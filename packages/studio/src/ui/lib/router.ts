import { useEffect, useState } from 'preact/hooks';

export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
  /** path + search, as the API probes see it. */
  readonly href: string;
}

const listeners = new Set<() => void>();
const current = (): Location => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search), href: window.location.pathname + window.location.search });

window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** Goes to `href` inside the page (history entry, no reload). */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.scrollTo(0, 0);
  listeners.forEach((l) => l());
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = (): void => setLoc(current());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return loc;
}

/** A click that the page handles itself (plain left click, no modifier): the rest opens tabs as usual. */
export function onLinkClick(href: string) {
  return (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
}

/** The path after a prefix, split and decoded; undefined when it does not match. */
export function matchPath(path: string, prefix: string, parts: number): string[] | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length).split('/');
  if (rest.length !== parts || rest.some((p) => p === '')) return undefined;
  try {
    return rest.map(decodeURIComponent);
  } catch {
    return undefined;
  }
}
