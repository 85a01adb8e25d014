// Thin route components: read the path's params, render the feature's page.
import { useParams } from 'react-router';
import { Link } from 'react-router';
import { CohortsPage } from '@/features/cohorts/components/cohorts-page';
import { AccountDetail } from '@/features/accounts/components/account-detail';
import { AccountsPage } from '@/features/accounts/components/accounts-page';
import { CustomerDetail } from '@/features/customers/components/customer-detail';
import { CustomersPage } from '@/features/customers/components/customers-page';
import { EmailsPage } from '@/features/emails/components/emails-page';
import { FailureDetail } from '@/features/emails/components/failure-detail';
import { OrderDetail } from '@/features/orders/components/order-detail';
import { OrdersPage } from '@/features/orders/components/orders-page';
import { ProductDetail } from '@/features/products/components/product-detail';
import { ProductsPage } from '@/features/products/components/products-page';
import { ReordersPage } from '@/features/reorders/components/reorders-page';

export function EmailsRoute() {
  return <EmailsPage />;
}

export function EmailRoute() {
  const { id = '' } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <NotFoundRoute />;
  return <FailureDetail key={n} id={n} />;
}

export function OrdersRoute() {
  return <OrdersPage />;
}

export function OrderRoute() {
  const { orderID = '' } = useParams();
  return <OrderDetail key={orderID} orderID={orderID} />;
}

export function CustomersRoute() {
  return <CustomersPage />;
}

export function CustomerRoute() {
  const { contactID = '' } = useParams();
  return <CustomerDetail key={contactID} contactID={contactID} />;
}

export function AccountsRoute() {
  return <AccountsPage />;
}

export function AccountRoute() {
  const { accountID = '' } = useParams();
  return <AccountDetail key={accountID} accountID={accountID} />;
}

export function ProductsRoute() {
  return <ProductsPage />;
}

export function ProductRoute() {
  const { code = '' } = useParams();
  return <ProductDetail key={code} code={code} />;
}

export function ReordersRoute() {
  return <ReordersPage />;
}

export function CohortsRoute() {
  return <CohortsPage />;
}

export function NotFoundRoute() {
  return (
    <div className="state">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </div>
  );
}
