// The frame of every signed-in page: navigation, a status slot, sign-out, the page.
import { useEffect, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { Button } from '@/components/ui/button';

export interface NavItem {
  to: string;
  label: string;
  /** A count beside the label (e.g. items needing attention); hidden when null. */
  count?: string | null;
  countLabel?: string;
}

export interface AppShellProps {
  nav: NavItem[];
  /** The shop's name, beside the product's. */
  shopName?: string;
  status?: React.ReactNode;
  onSignOut: () => void;
  children: React.ReactNode;
}

export function AppShell({ nav, shopName, status, onSignOut, children }: AppShellProps) {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After moving to another page, keyboard and screen-reader users start at its content.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          packprod
          {shopName && (
            <span className="brand-shop" data-testid="shop-name">
              {shopName}
            </span>
          )}
        </span>
        <button
          type="button"
          className="btn btn-ghost menu-toggle"
          aria-expanded={open}
          aria-controls="main-nav"
          onClick={() => setOpen(!open)}
        >
          Menu
        </button>
        <nav id="main-nav" className={`nav ${open ? 'nav-open' : ''}`} aria-label="Main">
          {nav.map((n) => (
            <NavLink key={n.to} to={n.to} onClick={() => setOpen(false)}>
              {n.label}
              {n.count && (
                <span className="nav-count" aria-label={n.countLabel} data-testid={`nav-count-${n.to.slice(1)}`}>
                  {n.count}
                </span>
              )}
            </NavLink>
          ))}
        </nav>
        <div className="topbar-end">
          {status}
          <Button variant="ghost" onClick={onSignOut}>
            Sign out
          </Button>
        </div>
      </header>
      <main id="main" ref={main} className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
