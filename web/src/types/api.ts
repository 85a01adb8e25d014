// The shapes of packprod's JSON API (the product's API contract), as the dashboard reads them.

export type Segment = 'VIP' | 'Active' | 'New' | 'Dormant';
export const SEGMENTS: readonly Segment[] = ['VIP', 'Active', 'New', 'Dormant'];

export type OrderStatus =
  | 'pending'
  | 'processing'
  | 'on-hold'
  | 'paid'
  | 'shipped'
  | 'completed'
  | 'cancelled'
  | 'refunded'
  | 'failed';
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending',
  'processing',
  'on-hold',
  'paid',
  'shipped',
  'completed',
  'cancelled',
  'refunded',
  'failed',
];

export interface Meta {
  cacheHit: boolean;
  source: 'cache' | 'orders';
  responseTime: string;
  responseTimeMs: number;
  count?: number;
  total?: number;
  nextCursor?: string | null;
  asOf?: string;
}

export interface Envelope<T> {
  data: T;
  meta: Meta;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
  meta: Meta;
}

export interface Customer {
  contactID: string;
  name: string | null;
  email: string;
  company: string | null;
  orderCount: number;
  totalSpend: number;
  averageOrderValue: number;
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  lastOrderReference: string | null;
  lastOrderDaysAgo: number | null;
  segment: Segment | null;
  purchaseFrequency: string | null;
  lastUpdated: string | null;
}

export interface OrderSummary {
  orderID: string;
  orderReference: string;
  createdAt: string;
  status: OrderStatus;
  currency: string;
  total: number;
  contactID: string;
  customer: { name: string | null; email: string; company: string | null };
  lines: number;
  units: number;
}

export interface OrderItem {
  code: string;
  name: string | null;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface Order extends OrderSummary {
  subtotal: number | null;
  shipping: number | null;
  tax: number | null;
  items: OrderItem[];
  source: string | null;
  shippingAddress: Record<string, unknown> | null;
  billingAddress: Record<string, unknown> | null;
  importedAt: string;
  updatedAt: string;
}

export interface TopProduct {
  code: string;
  name: string | null;
  units: number;
  revenue: number;
}

export interface CustomerDetail extends Customer {
  recentOrders: OrderSummary[];
  topProducts: TopProduct[];
}

export interface Product {
  code: string;
  name: string | null;
  units: number;
  revenue: number;
  orders: number;
  customers: number;
  firstOrderedAt: string | null;
  lastOrderedAt: string | null;
}

export interface ProductOrder extends OrderSummary {
  quantity: number;
  lineRevenue: number;
}

export interface ProductOrders {
  product: Product;
  orders: ProductOrder[];
}

export interface PeriodFigures {
  revenue: number;
  orders: number;
  averageOrderValue: number;
  customers: number;
  newCustomers: number;
  returningCustomers: number;
  units: number;
}

export interface ReportProduct {
  code: string;
  name: string | null;
  units: number;
  revenue: number;
  orders: number;
  customers: number;
}

export interface Overview extends PeriodFigures {
  period: { from: string; to: string };
  previous: PeriodFigures & { period?: { from: string; to: string } };
  topProducts: ReportProduct[];
  topCustomers: { contactID: string; name: string | null; revenue: number; orders: number }[];
  segments: Record<Segment, number>;
}

export type Interval = 'day' | 'week' | 'month';

export interface SalesBucket {
  period: string;
  orders: number;
  revenue: number;
  averageOrderValue: number;
  customers: number;
  units: number;
}

export interface Sales {
  interval: Interval;
  buckets: SalesBucket[];
  totals: Omit<SalesBucket, 'period'>;
}

export interface Statistics {
  orders: number;
  revenue: number;
  customers: number;
  averageOrderValue: number;
  averageOrdersPerCustomer: number;
  orderValuePercentiles: { p25: number; p50: number; p75: number; p90: number; p99: number };
  ordersByWeekday: number[];
  ordersByHour: number[];
  statusCounts: Record<string, number>;
  segmentCounts: Record<string, number>;
  frequencyCounts: Record<string, number>;
}

export interface RoutePerformance {
  route: string;
  requests: number;
  errors: number;
  clientErrors?: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  cacheHitRate: number | null;
}

export interface StreamState {
  backlog: number;
  lagMsP50: number;
  lagMsP90: number;
  lagMsP99?: number;
  lastAppliedSeq: number;
  headSeq: number;
  appliedEvents?: number;
  processor?: boolean;
}

export interface Performance {
  window: string;
  windowMinutes: number;
  routes: RoutePerformance[];
  stream: StreamState;
  imports: { orders: number; batches?: number; perHour: number };
}
