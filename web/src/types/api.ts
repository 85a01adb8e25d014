// The shapes of packprod's JSON API as the dashboard reads them: every type is taken from
// openapi.gen.ts, which `npm run api:types` generates from docs/openapi.yaml (and
// `npm run api:check`, run by the tests, keeps in step with it). Nothing here is written
// a second time by hand; only the lists of enum values the UI iterates over are spelled
// out, each checked against its generated type.
import type { components } from '@/types/openapi.gen';

type Schemas = components['schemas'];

export type Segment = Schemas['Segment'];
export const SEGMENTS = ['VIP', 'Active', 'New', 'Dormant'] as const satisfies readonly Segment[];

export type ReorderStatus = Schemas['ReorderStatus'];
export const REORDER_STATUSES = ['due', 'overdue', 'lapsed', 'on-track'] as const satisfies readonly ReorderStatus[];
export type Reorder = Schemas['Reorder'];

export type OrderStatus = Schemas['OrderStatus'];
export const ORDER_STATUSES = [
  'pending',
  'processing',
  'on-hold',
  'paid',
  'shipped',
  'completed',
  'cancelled',
  'refunded',
  'failed',
] as const satisfies readonly OrderStatus[];

export type Meta = Schemas['MetaFields'] &
  Partial<Schemas['PageFields']> &
  Partial<Schemas['AsOfField']>;

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

export type Customer = Schemas['Customer'];
export type OrderSummary = Schemas['OrderSummary'];
export type OrderItem = Schemas['OrderItem'];
export type Order = Schemas['Order'];
export type TopProduct = Schemas['CustomerProduct'];
export type CustomerDetail = Schemas['CustomerDetail'];
export type Account = Schemas['Account'];
export type AccountDetail = Schemas['AccountDetail'];
export type UsualBasketItem = Schemas['UsualBasketItem'];
export type Product = Schemas['Product'];
export type ProductOrder = Schemas['ProductOrder'];
export type ProductOrders = Schemas['ProductOrders'];
export type PeriodFigures = Schemas['PeriodFiguresFields'];
export type ReportProduct = Schemas['ReportProduct'];
export type Overview = Schemas['Overview'];
export type Interval = Schemas['Sales']['interval'];
export type SalesBucket = Schemas['SalesBucket'];
export type Sales = Schemas['Sales'];
export type Statistics = Schemas['Statistics'];
export type SegmentMovements = Schemas['SegmentMovementsResponse']['data'];
export type SegmentMovement = SegmentMovements['movements'][number];
export type SegmentMoveContact = NonNullable<SegmentMovements['contacts']>[number];
export type Cohorts = Schemas['CohortsResponse']['data'];
export type Cohort = Cohorts['cohorts'][number];
export type CohortMetric = Cohorts['metric'];
export type CohortBy = Cohorts['by'];
export type MonthCohort = Schemas['MonthCohort'];
export type ProductCohort = Schemas['ProductCohort'];
export type RoutePerformance = Schemas['RoutePerformance'];
export type StreamState = Schemas['StreamStatus'];
export type Performance = Schemas['Performance'];
export type Client = Schemas['Client'];
export type IngestFailure = Schemas['IngestFailure'];
export type IngestFailureDetail = Schemas['IngestFailureDetail'];
export type ReplayResult = Schemas['IngestResult'];
