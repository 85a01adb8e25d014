// Signed-in pages: the shell, live updates, and a redirect to sign-in without a key.
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { AlertsIndicator } from '@/components/layout/alerts-indicator';
import { AppShell } from '@/components/layout/app-shell';
import { clearApiKey, useApiKey } from '@/lib/auth-store';
import { useShop } from '@/lib/shop';
import { useAlerts } from '@/features/alerts/api/get-alerts';
import { alertsSummary } from '@/features/alerts/summary';
import { useFailureCount } from '@/features/emails/api/get-failures';
import { badgeText } from '@/features/emails/components/failure-format';
import { useLiveEvents } from '@/features/live/api/use-live-events';
import { FreshnessIndicator } from '@/features/live/components/freshness-indicator';

const NAV = [
  { to: '/reports', label: 'Reports' },
  { to: '/orders', label: 'Orders' },
  { to: '/customers', label: 'Customers' },
  { to: '/reorders', label: 'Reorders' },
  { to: '/cohorts', label: 'Cohorts' },
  { to: '/accounts', label: 'Accounts' },
  { to: '/products', label: 'Products' },
  { to: '/emails', label: 'E-mails' },
  { to: '/performance', label: 'Performance' },
];

export function RootLayout() {
  const key = useApiKey();
  const location = useLocation();
  const queryClient = useQueryClient();
  useLiveEvents(key);
  const shop = useShop();
  const failed = useFailureCount(key !== null);
  const badge = badgeText(failed);
  const alerts = useAlerts(key !== null);
  const nav = NAV.map((n) =>
    n.to === '/emails' && badge ? { ...n, count: badge, countLabel: `${failed} failed e-mails` } : n,
  );
  if (!key) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <AppShell
      nav={nav}
      shopName={shop.data?.name}
      status={
        <>
          <AlertsIndicator summary={alerts.data ? alertsSummary(alerts.data) : undefined} />
          <FreshnessIndicator />
        </>
      }
      onSignOut={() => {
        clearApiKey('You have signed out.');
        queryClient.clear();
      }}
    >
      <Outlet />
    </AppShell>
  );
}
