import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import type { BackState } from '@/components/ui/list-link';

export interface PageHeaderProps {
  title: React.ReactNode;
  /** The browser tab's title (defaults to `title` when that is text). */
  docTitle?: string;
  subtitle?: React.ReactNode;
  back?: { to: string; label: string };
  actions?: React.ReactNode;
}

/** "/orders?status=paid" → "Orders": the list a back link returns to. */
export function backLabelOf(to: string, fallback: string): string {
  const first = to.split(/[/?#]/)[1] ?? '';
  return first ? first[0]!.toUpperCase() + first.slice(1) : fallback;
}

export function PageHeader({ title, docTitle, subtitle, back, actions }: PageHeaderProps) {
  const location = useLocation();
  const backTo = (location.state as BackState | null)?.back ?? back?.to;
  const backLabel = backTo ? backLabelOf(backTo, back?.label ?? 'Back') : null;
  const tab = docTitle ?? (typeof title === 'string' ? title : null);
  useEffect(() => {
    if (tab) document.title = `${tab} · packprod`;
  }, [tab]);
  return (
    <header className="page-header">
      <div>
        {back && (
          <Link className="back-link" to={backTo ?? back.to}>
            ← {backLabel}
          </Link>
        )}
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
