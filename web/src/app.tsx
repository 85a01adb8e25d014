// The route table. Reports and Performance (the pages with charts) load on demand.
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, RouterProvider, createBrowserRouter } from 'react-router';
import { Loading } from '@/components/ui/status';
import { createQueryClient } from '@/lib/query-client';
import {
  CohortsRoute,
  AccountRoute,
  AccountsRoute,
  CustomerRoute,
  CustomersRoute,
  EmailRoute,
  EmailsRoute,
  NotFoundRoute,
  OrderRoute,
  OrdersRoute,
  ProductRoute,
  ProductsRoute,
  ReordersRoute,
} from '@/routes/pages';
import { RouteError } from '@/routes/route-error';
import { RootLayout } from '@/routes/root-layout';
import { SignInRoute } from '@/routes/sign-in';

export function createRouter() {
  return createBrowserRouter([
    { path: '/sign-in', element: <SignInRoute /> },
    {
      path: '/',
      element: <RootLayout />,
      errorElement: <RouteError />,
      hydrateFallbackElement: <Loading />,
      children: [
        { index: true, element: <Navigate to="/reports" replace /> },
        { path: 'orders', element: <OrdersRoute /> },
        { path: 'orders/:orderID', element: <OrderRoute /> },
        { path: 'customers', element: <CustomersRoute /> },
        { path: 'customers/:contactID', element: <CustomerRoute /> },
        { path: 'products', element: <ProductsRoute /> },
        { path: 'products/:code', element: <ProductRoute /> },
        { path: 'reorders', element: <ReordersRoute /> },
        { path: 'cohorts', element: <CohortsRoute /> },
        { path: 'accounts', element: <AccountsRoute /> },
        { path: 'accounts/:accountID', element: <AccountRoute /> },
        { path: 'emails', element: <EmailsRoute /> },
        { path: 'emails/:id', element: <EmailRoute /> },
        {
          path: 'reports',
          lazy: async () => ({ Component: (await import('@/routes/reports')).ReportsRoute }),
        },
        {
          path: 'performance',
          lazy: async () => ({ Component: (await import('@/routes/performance')).PerformanceRoute }),
        },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
