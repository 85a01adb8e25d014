import { ReportsPage } from '@/features/reports/components/reports-page';

export function ReportsRoute() {
  return <ReportsPage />;
}
