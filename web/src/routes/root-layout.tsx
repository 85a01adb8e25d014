// Signed-in pages: the shell, live updates, and a redirect to sign-in without a key.
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { AppShell } from '@/components/layout/app-shell';
import { clearApiKey, useApiKey } from '@/lib/auth-store';
import { useLiveEvents } from '@/features/live/api/use-live-events';
import { FreshnessIndicator } from '@/features/live/components/freshness-indicator';

const NAV = [
  { to: '/reports', label: 'Reports' },
  { to: '/orders', label: 'Orders' },
  { to: '/customers', label: 'Customers' },
  { to: '/products', label: 'Products' },
  { to: '/performance', label: 'Performance' },
];

export function RootLayout() {
  const key = useApiKey();
  const location = useLocation();
  const queryClient = useQueryClient();
  useLiveEvents(key);
  if (!key) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <AppShell
      nav={NAV}
      status={<FreshnessIndicator />}
      onSignOut={() => {
        clearApiKey('You have signed out.');
        queryClient.clear();
      }}
    >
      <Outlet />
    </AppShell>
  );
}
