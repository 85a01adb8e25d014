#include "store/sqlite/schema.h"

#include <array>
#include <string>

#include "store/sqlite/view_file.h"

namespace packprod::store::sqlite {
namespace {

// Append-only: a shipped migration never changes; a new one is added at the end.
// Every table leads with client_id (tenant) except the store-wide change-log sequence.
// orders and order_items are rowid tables: their rows are large and arrive in time
// order, so appending keeps pages full; WITHOUT ROWID is for the small keyed rows.
// A null entry is a migration in code (view_file.h MoveViewsToTheirFile). From 29 on the
// views live in their own file, attached as the schema "views": a migration that creates
// or alters a view table names it views.<table> (CREATE INDEX views.<index> ON <table>).
constexpr std::array<const char*, 29> kMigrations = {
    R"sql(
CREATE TABLE clients (
  client_id TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  timezone TEXT NOT NULL,
  currency TEXT NOT NULL,
  vip_spend INTEGER NOT NULL,
  vip_orders INTEGER NOT NULL,
  dormant_days INTEGER NOT NULL,
  new_days INTEGER NOT NULL,
  weekly_days INTEGER NOT NULL,
  fortnightly_days INTEGER NOT NULL,
  monthly_days INTEGER NOT NULL,
  quarterly_days INTEGER NOT NULL
);
CREATE TABLE api_keys (
  key_id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients(client_id),
  key_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'read')),
  label TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE TABLE contacts (
  client_id TEXT NOT NULL REFERENCES clients(client_id),
  contact_id TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT,
  company TEXT,
  phone TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, contact_id)
) WITHOUT ROWID;
CREATE TABLE orders (
  client_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  reference TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  total INTEGER NOT NULL,
  ref_folded TEXT NOT NULL,
  who_folded TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (client_id, order_id),
  FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id)
);
CREATE UNIQUE INDEX orders_by_reference ON orders (client_id, reference);
CREATE INDEX orders_by_time ON orders (client_id, created_at, order_id);
CREATE INDEX orders_by_contact ON orders (client_id, contact_id, created_at, order_id);
CREATE TABLE order_items (
  client_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT,
  quantity INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  -- copied from the order, so product listings and roll-ups need no join
  created_at INTEGER NOT NULL,
  contact_id TEXT NOT NULL,
  counted INTEGER NOT NULL,
  PRIMARY KEY (client_id, order_id, line_no),
  FOREIGN KEY (client_id, order_id) REFERENCES orders(client_id, order_id) ON DELETE CASCADE
);
CREATE INDEX order_items_by_code ON order_items (client_id, code, created_at, order_id);
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('INSERT', 'MODIFY', 'REMOVE')),
  old_image TEXT,
  new_image TEXT,
  committed_at INTEGER NOT NULL
);
)sql",
    // 2: the views kept by the stream processor (src/stream) and its checkpoint.
    // customer_metrics.search_rowid links a row to its customer_search entry.
    // contact_days.revenue serves topCustomers of a period.
    R"sql(
CREATE TABLE stream_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  applied_seq INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO stream_state (id, applied_seq, updated_at) VALUES (1, 0, 0);
CREATE TABLE customer_metrics (
  client_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT,
  company TEXT,
  name_folded TEXT,
  search_text TEXT NOT NULL,
  order_count INTEGER NOT NULL,
  total_spend INTEGER NOT NULL,
  first_order INTEGER,
  last_order INTEGER,
  last_order_reference TEXT,
  last_updated INTEGER NOT NULL,
  search_rowid INTEGER NOT NULL,
  PRIMARY KEY (client_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX customer_metrics_by_spend ON customer_metrics (client_id, total_spend, contact_id);
CREATE INDEX customer_metrics_by_orders ON customer_metrics (client_id, order_count, contact_id);
CREATE INDEX customer_metrics_by_last ON customer_metrics (client_id, last_order, contact_id);
CREATE INDEX customer_metrics_by_first ON customer_metrics (client_id, first_order, contact_id);
CREATE INDEX customer_metrics_by_name ON customer_metrics (client_id, name_folded, contact_id);
CREATE VIRTUAL TABLE customer_search USING fts5(
  search_text, client_id UNINDEXED, contact_id UNINDEXED, tokenize = 'trigram');
CREATE TABLE product_totals (
  client_id TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT,
  name_at INTEGER,
  name_ref TEXT,
  units INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  first_ordered INTEGER,
  last_ordered INTEGER,
  PRIMARY KEY (client_id, code)
) WITHOUT ROWID;
CREATE INDEX product_totals_by_revenue ON product_totals (client_id, revenue, code);
CREATE INDEX product_totals_by_units ON product_totals (client_id, units, code);
CREATE INDEX product_totals_by_orders ON product_totals (client_id, orders, code);
CREATE INDEX product_totals_by_customers ON product_totals (client_id, customers, code);
CREATE TABLE product_customers (
  client_id TEXT NOT NULL,
  code TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  orders INTEGER NOT NULL,
  PRIMARY KEY (client_id, code, contact_id)
) WITHOUT ROWID;
CREATE TABLE sales_daily (
  client_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  units INTEGER NOT NULL,
  PRIMARY KEY (client_id, day)
) WITHOUT ROWID;
CREATE TABLE product_daily (
  client_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  code TEXT NOT NULL,
  units INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  PRIMARY KEY (client_id, day, code)
) WITHOUT ROWID;
CREATE TABLE contact_days (
  client_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  contact_id TEXT NOT NULL,
  orders INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  PRIMARY KEY (client_id, day, contact_id)
) WITHOUT ROWID;
)sql",
    // 3: order e-mail ingestion: the messages imported (Message-ID dedupe), the failure
    // queue (each failed message kept whole) and each client's template rules.
    R"sql(
CREATE TABLE ingest_messages (
  client_id TEXT NOT NULL,
  message_key TEXT NOT NULL,
  order_id TEXT NOT NULL,
  ingested_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, message_key)
) WITHOUT ROWID;
CREATE TABLE ingest_failures (
  failure_id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id TEXT NOT NULL,
  message_key TEXT NOT NULL,
  from_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  source TEXT NOT NULL,
  reason TEXT NOT NULL,
  field TEXT NOT NULL,
  raw BLOB NOT NULL,
  attempts INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ingest_failures_by_key ON ingest_failures (client_id, message_key);
CREATE TABLE email_rules (
  client_id TEXT PRIMARY KEY,
  rules TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
)sql",
    // 4: counts kept beside what they count (customer_counts by the stream processor,
    // the others in the import's own transaction), so a listing's `total` costs one
    // row instead of a count over every matching index entry. order_counts:
    // every order of the client; product_order_counts: the orders (any status) holding
    // each code. Filled from the orders already stored. orders_by_contact also covers
    // status and total, so the statistics read no order document; order_items_by_code
    // also covers contact_id and counted, so a period's distinct customers of a product
    // read no item row.
    R"sql(
DROP INDEX orders_by_contact;
CREATE INDEX orders_by_contact ON orders
  (client_id, contact_id, created_at, order_id, status, total);
DROP INDEX order_items_by_code;
CREATE INDEX order_items_by_code ON order_items
  (client_id, code, created_at, order_id, contact_id, counted);
CREATE TABLE order_counts (
  client_id TEXT PRIMARY KEY,
  orders INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE product_order_counts (
  client_id TEXT NOT NULL,
  code TEXT NOT NULL,
  orders INTEGER NOT NULL,
  PRIMARY KEY (client_id, code)
) WITHOUT ROWID;
-- the rows of customer_metrics per client, kept by the stream processor with them
CREATE TABLE customer_counts (
  client_id TEXT PRIMARY KEY,
  customers INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO customer_counts (client_id, customers)
  SELECT client_id, COUNT(*) FROM customer_metrics GROUP BY client_id;
INSERT INTO order_counts (client_id, orders)
  SELECT client_id, COUNT(*) FROM orders GROUP BY client_id;
INSERT INTO product_order_counts (client_id, code, orders)
  SELECT client_id, code, COUNT(DISTINCT order_id) FROM order_items GROUP BY client_id, code;
)sql",
    // 5: shop platform webhooks: each client's signing secret per platform.
    R"sql(
CREATE TABLE webhook_secrets (
  client_id TEXT NOT NULL REFERENCES clients(client_id),
  platform TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, platform)
);
)sql",
    // 6: digest and alerts (src/notify): per client, small JSON documents (settings,
    // digest weeks sent, alert state) written with a version check.
    R"sql(
CREATE TABLE notify_docs (
  client_id TEXT NOT NULL,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, name)
);
)sql",
    // 7: reorder_cadence, kept by the stream processor, per contact with at least 3
    // counted orders (domain/reorders.h); the listing reads it by value at risk; the clients'
    // reorder settings. A
    // contact's cadence is recomputed from its contact_days rows (hence their index by
    // contact). Existing shops get their rows from `packprod rebuild`.
    R"sql(
CREATE TABLE reorder_cadence (
  client_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  order_count INTEGER NOT NULL,
  cadence_days INTEGER NOT NULL,
  last_day INTEGER NOT NULL,
  expected_day INTEGER NOT NULL,
  average_order_value INTEGER NOT NULL,
  PRIMARY KEY (client_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX reorder_cadence_by_value ON reorder_cadence
  (client_id, average_order_value DESC, contact_id);
CREATE INDEX contact_days_by_contact ON contact_days (client_id, contact_id, day);
ALTER TABLE clients ADD COLUMN reorder_window_days INTEGER NOT NULL DEFAULT 7;
ALTER TABLE clients ADD COLUMN reorder_tolerance_days INTEGER NOT NULL DEFAULT 3;
ALTER TABLE clients ADD COLUMN reorder_tolerance_pct INTEGER NOT NULL DEFAULT 25;
)sql",
    // 8: contact_order_days, kept by the stream processor: each contact's counted order
    // days as one encoded DayMultiset (domain/day_multiset.h), so a touched contact's
    // cadence costs one row, not one row per day. Rows of existing shops are made as
    // their contacts are next touched (from contact_days) or by `packprod rebuild`.
    R"sql(
CREATE TABLE contact_order_days (
  client_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  days BLOB NOT NULL,
  PRIMARY KEY (client_id, contact_id)
) WITHOUT ROWID;
)sql",
    // 9: day_customers, kept by the stream processor: per local day, the contacts whose
    // first counted order is that day (firsts, customers) and the other customers'
    // previous order days as one encoded DayMultiset (domain/day_customers.h), so the
    // reports count distinct customers of any range of days without a row per contact.
    // Existing shops get their rows from BuildMissingViews (a rebuild of the client).
    R"sql(
CREATE TABLE day_customers (
  client_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  firsts INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  previous BLOB NOT NULL,
  PRIMARY KEY (client_id, day)
) WITHOUT ROWID;
)sql",
    // 10: segment movements and cohorts (docs/metrics.md), kept by the stream processor:
    // each contact's counted orders and spend per local day (contact_spend_days, encoded
    // SpendDays), its segment moves (one row each, future time-only ones included) and the
    // per (cohort month, month) counters. Existing shops are rebuilt once on upgrade
    // (BuildMissingViews).
    R"sql(
CREATE TABLE contact_spend_days (
  client_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  days TEXT NOT NULL,
  PRIMARY KEY (client_id, contact_id)
) WITHOUT ROWID;
CREATE TABLE segment_moves (
  client_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  from_segment TEXT NOT NULL,
  to_segment TEXT NOT NULL,
  PRIMARY KEY (client_id, contact_id, day)
) WITHOUT ROWID;
CREATE INDEX segment_moves_by_day ON segment_moves (client_id, day);
CREATE INDEX segment_moves_by_kind ON segment_moves
  (client_id, from_segment, to_segment, day, contact_id);
CREATE TABLE cohort_cells (
  client_id TEXT NOT NULL,
  cohort INTEGER NOT NULL,
  month INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  PRIMARY KEY (client_id, cohort, month)
) WITHOUT ROWID;
)sql",
    // 11: accounts (docs/metrics.md "Accounts"): account_metrics, kept by the stream processor,
    // one row per account with its figures over its contacts; account_members, the account
    // each contact is in; account_rules, the manual merges and splits (not a view: rebuild
    // keeps them). Existing shops get their accounts built once on upgrade
    // (stream/maintenance.h BuildMissingViews).
    R"sql(
CREATE TABLE account_metrics (
  client_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  account_key TEXT NOT NULL,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  search_text TEXT NOT NULL,
  contacts INTEGER NOT NULL,
  order_count INTEGER NOT NULL,
  total_spend INTEGER NOT NULL,
  first_order INTEGER,
  last_order INTEGER,
  last_order_reference TEXT,
  cadence_days INTEGER,
  cadence_last_day INTEGER,
  expected_day INTEGER,
  last_updated INTEGER NOT NULL,
  PRIMARY KEY (client_id, account_id)
);
CREATE INDEX account_metrics_by_spend ON account_metrics (client_id, total_spend, account_id);
CREATE INDEX account_metrics_by_orders ON account_metrics (client_id, order_count, account_id);
CREATE INDEX account_metrics_by_last ON account_metrics (client_id, last_order, account_id);
CREATE INDEX account_metrics_by_first ON account_metrics (client_id, first_order, account_id);
CREATE INDEX account_metrics_by_name ON account_metrics (client_id, name_folded, account_id);
CREATE TABLE account_members (
  client_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  PRIMARY KEY (client_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX account_members_by_account ON account_members (client_id, account_id, contact_id);
CREATE TABLE account_rules (
  client_id TEXT PRIMARY KEY,
  rules TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
)sql",
    // 12: contact_products, kept by the stream processor: per contact and product its
    // figures over the contact's counted orders (domain/usual_basket.h), what the customer
    // detail's topProducts and usualBasket read. quantities / days: encoded
    // QuantityMultiset / DayMultiset. Existing shops get their rows from a rebuild at the
    // processor's start (stream/maintenance.h BuildMissingViews).
    R"sql(
CREATE TABLE contact_products (
  client_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT,
  name_at INTEGER,
  name_ref TEXT,
  units INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  first_ref TEXT NOT NULL,
  last_at INTEGER NOT NULL,
  last_ref TEXT NOT NULL,
  last_quantity INTEGER NOT NULL,
  last_unit_price INTEGER NOT NULL,
  median_quantity INTEGER NOT NULL,
  cadence_days INTEGER,
  quantities BLOB NOT NULL,
  days BLOB NOT NULL,
  PRIMARY KEY (client_id, contact_id, code)
) WITHOUT ROWID;
)sql",
    // 13: nothing here. PostgreSQL's 13 adds the customer_counts that SQLite has kept since
    // 4; the number keeps both engines' versions in step.
    R"sql(
SELECT 1;
)sql",
    // 14: cohorts by first product (docs/metrics.md "Cohorts"), kept by the stream
    // processor: each contact's first counted order (least createdAt, then reference) with
    // its local month and its lines' codes (a JSON array), and per (cohort month, code,
    // month) counters of the product cohorts. Existing shops are rebuilt once on upgrade
    // (stream/maintenance.h BuildMissingViews).
    R"sql(
CREATE TABLE contact_first_orders (
  client_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  first_at INTEGER NOT NULL,
  first_ref TEXT NOT NULL,
  cohort INTEGER NOT NULL,
  codes TEXT NOT NULL,
  PRIMARY KEY (client_id, contact_id)
) WITHOUT ROWID;
CREATE TABLE product_cohort_cells (
  client_id TEXT NOT NULL,
  cohort INTEGER NOT NULL,
  code TEXT NOT NULL,
  month INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  PRIMARY KEY (client_id, cohort, code, month)
) WITHOUT ROWID;
)sql",
    // 15: product_day_customers, kept by the stream processor: per product and local day,
    // the contacts whose first counted order of the product is that day (firsts,
    // customers) and the other customers' previous order day of the product as one
    // encoded DayMultiset (domain/day_customers.h), so the products report counts each
    // product's distinct customers of any range of days from one row per day. Existing
    // shops get their rows from BuildMissingViews (a rebuild of the client).
    R"sql(
CREATE TABLE product_day_customers (
  client_id TEXT NOT NULL,
  code TEXT NOT NULL,
  day INTEGER NOT NULL,
  firsts INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  previous BLOB NOT NULL,
  PRIMARY KEY (client_id, code, day)
) WITHOUT ROWID;
)sql",
    // 16: the statistics counters (domain/order_stats.h), kept by the stream processor:
    // orders per (local day, status, weekday, hour), counted orders per (local day, total),
    // each also under day -2147483648 for all time; per total bucket (all time) and per
    // customer mean-gap class. Existing shops get their rows from a rebuild at the
    // processor's start (stream/maintenance.h BuildMissingViews).
    R"sql(
CREATE TABLE stats_cells (
  client_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  status TEXT NOT NULL,
  weekday INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  PRIMARY KEY (client_id, day, status, weekday, hour)
) WITHOUT ROWID;
CREATE TABLE stats_totals (
  client_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  total INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  PRIMARY KEY (client_id, day, total)
) WITHOUT ROWID;
CREATE TABLE stats_buckets (
  client_id TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  PRIMARY KEY (client_id, bucket)
) WITHOUT ROWID;
CREATE TABLE stats_gaps (
  client_id TEXT NOT NULL,
  gap_days INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  PRIMARY KEY (client_id, gap_days)
) WITHOUT ROWID;
)sql",
    // 17: what an account row needs to change by one contact's change without reading its
    // other contacts (docs/metrics.md "Accounts"): the union of their counted order days
    // (an encoded DayMultiset) and the contact whose company names it. Rows from before
    // have NULL days: the processor recomputes such an account from its contacts the
    // next time one changes, and BuildMissingViews rebuilds a client whose accounts lack them.
    R"sql(
ALTER TABLE account_metrics ADD COLUMN days BLOB;
ALTER TABLE account_metrics ADD COLUMN name_contact TEXT;
)sql",
    // 18: segment_days and product_blocks, kept by the stream processor. segment_days
    // (domain/segment_counts.h): contacts with a counted order per (kind, UTC day) of
    // their last order (kind 0 non-VIP, 1 VIP) and first order (kind 2, non-VIP), each
    // kind also under day -2147483648 for all; the segment counts of any instant read a
    // few hundred of them. product_blocks: product_daily summed per aligned block of 16
    // days (block = floor(day / 16)). Both are filled here from the rows they summarise
    // (customer_metrics under the client's VIP settings, product_daily), so an upgraded
    // store needs no rebuild.
    R"sql(
CREATE TABLE segment_days (
  client_id TEXT NOT NULL,
  kind INTEGER NOT NULL,
  day INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  PRIMARY KEY (client_id, kind, day)
) WITHOUT ROWID;
INSERT INTO segment_days (client_id, kind, day, customers)
SELECT client_id, kind, day, COUNT(*) FROM (
  SELECT m.client_id AS client_id, CASE WHEN (m.total_spend >= c.vip_spend OR m.order_count >= c.vip_orders) THEN 1 ELSE 0 END AS kind,
         (CASE WHEN m.last_order >= 0 THEN m.last_order / 86400000 ELSE -((-m.last_order - 1) / 86400000) - 1 END) AS day FROM customer_metrics m JOIN clients c ON c.client_id = m.client_id WHERE m.order_count > 0
  UNION ALL
  SELECT m.client_id, CASE WHEN (m.total_spend >= c.vip_spend OR m.order_count >= c.vip_orders) THEN 1 ELSE 0 END, -2147483648 FROM customer_metrics m JOIN clients c ON c.client_id = m.client_id WHERE m.order_count > 0
  UNION ALL
  SELECT m.client_id, 2, (CASE WHEN m.first_order >= 0 THEN m.first_order / 86400000 ELSE -((-m.first_order - 1) / 86400000) - 1 END) FROM customer_metrics m JOIN clients c ON c.client_id = m.client_id WHERE m.order_count > 0 AND NOT (m.total_spend >= c.vip_spend OR m.order_count >= c.vip_orders)
  UNION ALL
  SELECT m.client_id, 2, -2147483648 FROM customer_metrics m JOIN clients c ON c.client_id = m.client_id WHERE m.order_count > 0 AND NOT (m.total_spend >= c.vip_spend OR m.order_count >= c.vip_orders)
) r GROUP BY client_id, kind, day;
CREATE TABLE product_blocks (
  client_id TEXT NOT NULL,
  block INTEGER NOT NULL,
  code TEXT NOT NULL,
  orders INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  units INTEGER NOT NULL,
  PRIMARY KEY (client_id, block, code)
) WITHOUT ROWID;
INSERT INTO product_blocks (client_id, block, code, orders, revenue, units)
SELECT client_id, (CASE WHEN day >= 0 THEN day / 16 ELSE -((-day - 1) / 16) - 1 END), code, SUM(orders), SUM(revenue), SUM(units)
FROM product_daily GROUP BY client_id, (CASE WHEN day >= 0 THEN day / 16 ELSE -((-day - 1) / 16) - 1 END), code;
)sql",
    // 19: reorder days (docs/metrics.md "Reorders"): each reorder_cadence row keeps the
    // days its status changes under its client's settings (domain/reorders.h ReorderDays;
    // recomputed when the settings change), and reorder_day_counts how many rows have each
    // day as their due, overdue and lapse day, so a status total is a sum over day rows;
    // the value index carries the days so the listing filters on its entries. Existing
    // rows are filled here (the defaults where a client has no row).
    R"sql(
ALTER TABLE reorder_cadence ADD COLUMN due_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reorder_cadence ADD COLUMN overdue_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reorder_cadence ADD COLUMN lapse_day INTEGER NOT NULL DEFAULT 0;
UPDATE reorder_cadence SET overdue_day = expected_day + 1 + (
  SELECT CASE WHEN t >= cadence_days * p / 100 THEN t ELSE cadence_days * p / 100 END
  FROM (SELECT COALESCE(MAX(c.reorder_tolerance_days), 3) AS t,
               COALESCE(MAX(c.reorder_tolerance_pct), 25) AS p
        FROM clients c WHERE c.client_id = reorder_cadence.client_id) s);
UPDATE reorder_cadence SET lapse_day = CASE
    WHEN overdue_day >= expected_day + 3 * cadence_days + 1 THEN overdue_day
    ELSE expected_day + 3 * cadence_days + 1 END,
  due_day = (
    SELECT CASE WHEN expected_day - w <= overdue_day THEN expected_day - w ELSE overdue_day END
    FROM (SELECT COALESCE(MAX(c.reorder_window_days), 7) AS w
          FROM clients c WHERE c.client_id = reorder_cadence.client_id) s);
DROP INDEX reorder_cadence_by_value;
CREATE INDEX reorder_cadence_by_value ON reorder_cadence
  (client_id, average_order_value DESC, contact_id, due_day, overdue_day, lapse_day);
CREATE TABLE reorder_day_counts (
  client_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  due_n INTEGER NOT NULL,
  overdue_n INTEGER NOT NULL,
  lapsed_n INTEGER NOT NULL,
  PRIMARY KEY (client_id, day)
) WITHOUT ROWID;
INSERT INTO reorder_day_counts (client_id, day, due_n, overdue_n, lapsed_n)
SELECT client_id, day, SUM(a), SUM(b), SUM(c) FROM (
  SELECT client_id, due_day AS day, 1 AS a, 0 AS b, 0 AS c FROM reorder_cadence
  UNION ALL SELECT client_id, overdue_day, 0, 1, 0 FROM reorder_cadence
  UNION ALL SELECT client_id, lapse_day, 0, 0, 1 FROM reorder_cadence) t
GROUP BY client_id, day;
)sql",
    // 20: a customer search joins the FTS5 matches to customer_metrics by their rowid
    // (search_rowid, one index entry per row) instead of reading each match's FTS5 content
    // row for its client_id.
    R"sql(
CREATE INDEX customer_metrics_by_search ON customer_metrics (client_id, search_rowid);
)sql",
    // 21: client_stream: per client, how many change records were appended and how many
    // the views applied (the checkpoint passed them), and its newest record's seq, so a
    // client's backlog is one row (appended - applied), never a count over the change
    // log. Kept in the transactions that append records and move the checkpoint; filled
    // here from the change log as it stands and the current checkpoint.
    R"sql(
CREATE TABLE client_stream (
  client_id TEXT NOT NULL PRIMARY KEY,
  appended INTEGER NOT NULL,
  applied INTEGER NOT NULL,
  newest_seq INTEGER NOT NULL
);
INSERT INTO client_stream (client_id, appended, applied, newest_seq)
SELECT l.client_id, COUNT(*), SUM(CASE WHEN l.seq <= s.applied_seq THEN 1 ELSE 0 END), MAX(l.seq)
FROM change_log l, stream_state s WHERE s.id = 1 GROUP BY l.client_id;
)sql",
    // 22: order_hour_counts: orders per client, UTC hour of created_at (created_at /
    // 3,600,000, rounded down) and status, kept by the writes of orders in their own
    // transaction like order_counts (a cell that reaches 0 is removed), so the total of
    // an orders list over a date range sums its whole hours instead of counting every
    // order in it. Filled here from the orders already stored.
    R"sql(
CREATE TABLE order_hour_counts (
  client_id TEXT NOT NULL,
  hour INTEGER NOT NULL,
  status TEXT NOT NULL,
  orders INTEGER NOT NULL,
  PRIMARY KEY (client_id, hour, status)
) WITHOUT ROWID;
INSERT INTO order_hour_counts (client_id, hour, status, orders)
SELECT client_id, (created_at - ((created_at % 3600000) + 3600000) % 3600000) / 3600000 AS h,
  status, COUNT(*) FROM orders GROUP BY client_id, h, status;
)sql",
    // 23: customer_metrics_search_keys replaces customer_metrics_by_search: besides
    // (client_id, search_rowid) it holds the listing's sort keys, the columns of its
    // segment conditions and search_text, so a search joins its FTS5 matches, tests the
    // substring, counts and ranks them from the index alone and reads only the page's
    // rows from the table.
    R"sql(
DROP INDEX customer_metrics_by_search;
CREATE INDEX customer_metrics_search_keys ON customer_metrics (client_id, search_rowid,
  total_spend, order_count, last_order, first_order, name_folded, search_text);
)sql",
    // 24: product_block_customers, kept by the stream processor: product_day_customers
    // summed per product and aligned block of 16 days (block = floor(day / 16), as
    // product_blocks): the block's firsts and the union (with multiplicity) of its days'
    // previous-day multisets, so the products report counts a product's distinct
    // customers over a long period from its whole blocks and at most 15 edge days at each
    // end. The rows are sums of encoded sets, which SQL cannot add: existing shops get
    // them from their product_day_customers rows at the processor's start (and `packprod
    // init`; stream/maintenance.h BuildMissingViews), without a rebuild.
    R"sql(
CREATE TABLE product_block_customers (
  client_id TEXT NOT NULL,
  code TEXT NOT NULL,
  block INTEGER NOT NULL,
  firsts INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  previous BLOB NOT NULL,
  PRIMARY KEY (client_id, code, block)
) WITHOUT ROWID;
)sql",
    // 25: product_customers is gone. It held, per (product, contact), the contact's
    // counted orders holding the product: the same count as contact_products.orders, so
    // the stream processor now moves a product's distinct customers when a
    // contact_products row appears or vanishes, and each order no longer writes one
    // scattered row per product twice.
    R"sql(
DROP TABLE product_customers;
)sql",
    // 26: contact_days_by_contact is gone: a contact's order days when its
    // contact_order_days row is missing now come from its contact_spend_days row, so each
    // touched contact no longer writes a scattered entry of that index.
    R"sql(
DROP INDEX contact_days_by_contact;
)sql",
    // 27: contact_order_days is gone: each contact's order days are read from its
    // contact_spend_days row (the same days, with their orders and spend), so a touched
    // contact writes one row of days, not two.
    R"sql(
DROP TABLE contact_order_days;
)sql",
    // 28: client_applied: each client's records the views applied, moved out of
    // client_stream, which keeps what the imports count (appended, newest_seq): the
    // imports' transactions write the one, the processor's batches the other, and the
    // next migration puts them in different files.
    R"sql(
CREATE TABLE client_applied (
  client_id TEXT NOT NULL PRIMARY KEY,
  applied INTEGER NOT NULL
);
INSERT INTO client_applied (client_id, applied) SELECT client_id, applied FROM client_stream;
ALTER TABLE client_stream DROP COLUMN applied;
)sql",
    // 29: the views move to their own file (view_file.h), so that the stream processor
    // writes them beside the imports instead of between them.
    nullptr,
};

}  // namespace

std::int64_t LatestSchemaVersion() { return static_cast<std::int64_t>(kMigrations.size()); }

Status Migrate(Db& db) { return MigrateTo(db, LatestSchemaVersion()); }

Status MigrateTo(Db& db, std::int64_t target) {
  PP_RETURN_IF_ERROR(db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                             "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"));
  std::int64_t current = 0;
  {
    Stmt& s = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (s.Step()) current = s.Int(0);
    PP_RETURN_IF_ERROR(s.error());
    s.Reset();
  }
  if (current > static_cast<std::int64_t>(kMigrations.size())) {
    return Status::Internal("the database has schema version " + std::to_string(current) +
                            ", newer than this packprod knows (" +
                            std::to_string(kMigrations.size()) + "); upgrade packprod");
  }
  for (std::size_t v = static_cast<std::size_t>(current);
       v < kMigrations.size() && static_cast<std::int64_t>(v) < target; ++v) {
    PP_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    // Another process may have migrated meanwhile.
    Stmt& s = db.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    s.Bind(1, static_cast<std::int64_t>(v + 1));
    bool done = s.Step();
    s.Reset();
    Status st = done                        ? Status::Ok()
                : kMigrations[v] == nullptr ? MoveViewsToTheirFile(db)
                                            : db.Exec(kMigrations[v]);
    if (st.ok() && !done) {
      st = db.Exec("INSERT INTO schema_migrations VALUES (" + std::to_string(v + 1) +
                   ", CAST(strftime('%s', 'now') AS INTEGER) * 1000)");
    }
    if (!st.ok()) {
      db.Exec("ROLLBACK");
      return st;
    }
    PP_RETURN_IF_ERROR(db.Exec("COMMIT"));
  }
  return Status::Ok();
}

}  // namespace packprod::store::sqlite
