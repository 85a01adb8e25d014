import { useEffect } from 'react';
import { Link } from 'react-router';

export interface PageHeaderProps {
  title: React.ReactNode;
  /** The browser tab's title (defaults to `title` when that is text). */
  docTitle?: string;
  subtitle?: React.ReactNode;
  back?: { to: string; label: string };
  actions?: React.ReactNode;
}

export function PageHeader({ title, docTitle, subtitle, back, actions }: PageHeaderProps) {
  const tab = docTitle ?? (typeof title === 'string' ? title : null);
  useEffect(() => {
    if (tab) document.title = `${tab} · packprod`;
  }, [tab]);
  return (
    <header className="page-header">
      <div>
        {back && (
          <Link className="back-link" to={back.to}>
            ← {back.label}
          </Link>
        )}
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
