#include "store/sql/sql_store.h"

#include <algorithm>

#include "store/sql/tables.h"
#include "store/sql/view_queries.h"

namespace packprod::store::sql {

Result<std::optional<ClientSettings>> SqlStore::GetClient(const std::string& id) {
  return Snapshot<std::optional<ClientSettings>>([&](Session& s) { return ReadClient(s, id); },
                                                 true);
}

Result<std::vector<ClientSettings>> SqlStore::ListClients() {
  return Snapshot<std::vector<ClientSettings>>([&](Session& s) { return ReadClients(s); }, true);
}

Status SqlStore::PutClient(const ClientSettings& c) {
  PP_RETURN_IF_ERROR(Write([&](WriteTx& tx) { return tx.PutClient(c); }));
  // The client's reorder days under its settings: views, written apart (SQLite keeps
  // them in another file), and followed again at the processor's start.
  return WriteViews([&](WriteTx& tx) { return tx.FollowReorderSettings(c).status(); });
}

Status SqlStore::CreateKey(const ApiKey& k, const std::string& hash) {
  return OnWrite([&](Session& s) { return WriteKey(s, k, hash); });
}

Result<std::optional<ApiKey>> SqlStore::FindKey(const std::string& hash) {
  return Snapshot<std::optional<ApiKey>>([&](Session& s) { return ReadKeyByHash(s, hash); },
                                         true);
}

Result<std::vector<ApiKey>> SqlStore::ListKeys() {
  return Snapshot<std::vector<ApiKey>>([&](Session& s) { return ReadKeys(s); }, true);
}

Result<std::vector<std::pair<ApiKey, std::string>>> SqlStore::ExportKeys() {
  return Snapshot<std::vector<std::pair<ApiKey, std::string>>>(
      [&](Session& s) { return ReadKeysWithHashes(s); }, true);
}

Status SqlStore::RevokeKey(const std::string& key_id, Millis at) {
  return OnWrite([&](Session& s) { return WriteRevoke(s, key_id, at); });
}

Status SqlStore::TouchKey(const std::string& key_id, Millis at) {
  return OnWrite([&](Session& s) { return WriteTouch(s, key_id, at); });
}

Result<std::optional<Order>> SqlStore::GetOrder(const std::string& client,
                                                const std::string& order_id) {
  return Snapshot<std::optional<Order>>([&](Session& s) { return ReadOrder(s, client, order_id); },
                                        true);
}

Result<OrderPage> SqlStore::ListOrders(const std::string& client, const OrderQuery& q) {
  return Snapshot<OrderPage>([&](Session& s) { return QueryOrders(s, client, q); });
}

Status SqlStore::ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) {
  return OnSnapshot([&](Session& s) { return ScanOrderDocs(s, client, fn); });
}

Status SqlStore::ScanOrdersByContact(const std::string& client,
                                     const std::function<bool(Order&&)>& fn) {
  return OnSnapshot([&](Session& s) { return ScanOrderDocsByContact(s, client, fn); });
}

Result<std::vector<ContactRecord>> SqlStore::ListContacts(const std::string& client) {
  return Snapshot<std::vector<ContactRecord>>([&](Session& s) { return ReadContacts(s, client); },
                                              true);
}

Result<std::optional<ContactRecord>> SqlStore::GetContact(const std::string& client,
                                                          const std::string& contact_id) {
  return Snapshot<std::optional<ContactRecord>>(
      [&](Session& s) { return ReadContact(s, client, contact_id); }, true);
}

Result<Store::PendingChanges> SqlStore::ClientPendingChanges(const std::string& client,
                                                             std::int64_t after) {
  return Snapshot<PendingChanges>([&](Session& s) { return ReadClientPending(s, client, after); },
                                  true);
}

Result<std::vector<ChangeRecord>> SqlStore::ReadChanges(std::int64_t after, int limit) {
  return Snapshot<std::vector<ChangeRecord>>(
      [&](Session& s) { return ReadChangeLog(s, after, limit); }, true);
}

Status SqlStore::PutWebhookSecret(const WebhookSecret& w) {
  return OnWrite([&](Session& s) { return WriteWebhookSecret(s, w); });
}

Result<std::optional<WebhookSecret>> SqlStore::GetWebhookSecret(const std::string& client,
                                                                const std::string& platform) {
  return Snapshot<std::optional<WebhookSecret>>(
      [&](Session& s) { return ReadWebhookSecret(s, client, platform); }, true);
}

Result<std::vector<WebhookSecret>> SqlStore::ListWebhookSecrets() {
  return Snapshot<std::vector<WebhookSecret>>([&](Session& s) { return ReadWebhookSecrets(s); },
                                              true);
}

Status SqlStore::DeleteWebhookSecret(const std::string& client, const std::string& platform) {
  return OnWrite([&](Session& s) { return RemoveWebhookSecret(s, client, platform); });
}

Result<CustomerViewPage> SqlStore::ListCustomerViews(const std::string& client,
                                                     const CustomerViewQuery& q) {
  // Most listings are one statement, which needs no transaction around it.
  PP_ASSIGN_OR_RETURN(auto alone, Snapshot<std::optional<CustomerViewPage>>(
                                      [&](Session& s) {
                                        return QueryCustomerPageAlone(s, client, q);
                                      },
                                      true));
  if (alone) return std::move(*alone);
  return Snapshot<CustomerViewPage>([&](Session& s) { return QueryCustomerViews(s, client, q); });
}

Result<std::optional<CustomerAggregate>> SqlStore::FindCustomerView(
    const std::string& client, const std::string& contact_id) {
  return Snapshot<std::optional<CustomerAggregate>>(
      [&](Session& s) { return GetCustomerRow(s, client, contact_id); }, true);
}

Result<CustomerDetail> SqlStore::CustomerDetailView(const std::string& client,
                                                    const std::string& contact_id, int recent,
                                                    int top) {
  return Snapshot<CustomerDetail>([&](Session& s) -> Result<CustomerDetail> {
    CustomerDetail d;
    PP_ASSIGN_OR_RETURN(d.contact, ReadContact(s, client, contact_id));
    if (!d.contact) return d;
    OrderQuery q;  // the newest orders through the contact's index; no count needed
    q.contact_id = contact_id;
    q.limit = recent;
    q.count_total = false;
    PP_ASSIGN_OR_RETURN(OrderPage page, QueryOrders(s, client, q));
    d.recent_orders = std::move(page.orders);
    PP_ASSIGN_OR_RETURN(d.view, GetCustomerRow(s, client, contact_id));
    if (!d.view) return d;
    PP_ASSIGN_OR_RETURN(d.top_products, QueryTopContactProducts(s, client, contact_id, top));
    PP_RETURN_IF_ERROR(QueryProductNames(s, client, &d.top_products));
    return d;
  });
}

Result<std::array<std::int64_t, 4>> SqlStore::CountSegmentsView(const std::string& client,
                                                                const SegmentBounds& b) {
  return Snapshot<std::array<std::int64_t, 4>>(
      [&](Session& s) { return QuerySegmentCounts(s, client, b); }, true);
}

Result<OverviewFigures> SqlStore::OverviewView(const std::string& client,
                                               DayNumber previous_from, DayNumber from_day,
                                               DayNumber to_day, std::size_t top,
                                               const SegmentBounds& segments) {
  return Snapshot<OverviewFigures>([&](Session& s) -> Result<OverviewFigures> {
    OverviewFigures f;
    PP_ASSIGN_OR_RETURN(f.totals, QueryDayRollups(s, client, previous_from, to_day,
                                                  kSalesRollup | kDayCustomersRollup));
    // QueryProductRange's sums come by code: a stable sort by revenue keeps ties by code.
    PP_ASSIGN_OR_RETURN(f.top_products, QueryProductRange(s, client, from_day, to_day));
    std::sort(f.top_products.begin(), f.top_products.end(), [](const auto& a, const auto& b) {
      return a.revenue != b.revenue ? a.revenue > b.revenue : a.code < b.code;
    });
    if (f.top_products.size() > top) f.top_products.resize(top);
    PP_RETURN_IF_ERROR(QueryProductDayCustomers(s, client, from_day, to_day, &f.top_products));
    PP_RETURN_IF_ERROR(QueryProductNames(s, client, &f.top_products));
    PP_ASSIGN_OR_RETURN(f.top_customers, QueryTopContacts(s, client, from_day, to_day, top));
    PP_ASSIGN_OR_RETURN(f.segments, QuerySegmentCounts(s, client, segments));
    return f;
  });
}

Result<ProductViewPage> SqlStore::ListProductViews(const std::string& client,
                                                   const ProductViewQuery& q) {
  // Names by FillProductNames' rule: all of them when the search reads names, else the
  // page's only.
  return Snapshot<ProductViewPage>([&](Session& s) -> Result<ProductViewPage> {
    PP_ASSIGN_OR_RETURN(auto all, QueryProductTotals(s, client));
    if (!q.search.empty()) PP_RETURN_IF_ERROR(QueryProductNames(s, client, &all));
    ProductViewPage page = ListProducts(std::move(all), q.search, q.sort, q.desc, q.limit, q.after);
    if (q.search.empty()) PP_RETURN_IF_ERROR(QueryProductNames(s, client, &page.items));
    return page;
  });
}

Result<ProductOrders> SqlStore::ProductOrdersView(const std::string& client,
                                                 const OrderQuery& q) {
  if (!q.product_code) return Status::InvalidArgument("ProductOrdersView: no product code");
  return Snapshot<ProductOrders>([&](Session& s) -> Result<ProductOrders> {
    ProductOrders out;
    std::int64_t total = 0;
    PP_ASSIGN_OR_RETURN(out.product, QueryProductAndOrderCount(s, client, *q.product_code,
                                                               q.count_total ? &total : nullptr));
    OrderQuery page = q;
    page.count_total = false;
    PP_ASSIGN_OR_RETURN(out.page, QueryOrders(s, client, page));
    out.page.total = total;
    std::vector<ProductAggregate> named(1);
    named[0].code = *q.product_code;
    PP_RETURN_IF_ERROR(QueryProductNames(s, client, &named));
    out.name = std::move(named[0].name);
    return out;
  });
}

Result<std::optional<ProductAggregate>> SqlStore::FindProductView(const std::string& client,
                                                                  const std::string& code) {
  PP_ASSIGN_OR_RETURN(auto v, Snapshot<std::optional<ProductView>>(
                                  [&](Session& s) { return GetProductRow(s, client, code); }, true));
  if (!v) return std::optional<ProductAggregate>();
  return std::optional<ProductAggregate>(v->totals);
}

Result<DayRollups> SqlStore::ReadDayRollups(const std::string& client, DayNumber from,
                                            DayNumber to, int parts) {
  return Snapshot<DayRollups>(
      [&](Session& s) { return QueryDayRollups(s, client, from, to, parts); });
}

Result<std::int64_t> SqlStore::CountFirstOrders(const std::string& client, Millis from,
                                                Millis to) {
  return Snapshot<std::int64_t>([&](Session& s) { return QueryFirstOrders(s, client, from, to); },
                                true);
}

Status SqlStore::FillProductNames(const std::string& client,
                                  std::vector<ProductAggregate>* products) {
  return OnSnapshot([&](Session& s) { return QueryProductNames(s, client, products); });
}

Status SqlStore::FillProductDays(const std::string& client, DayNumber from_day,
                                 DayNumber to_day, std::vector<ProductAggregate>* products) {
  return OnSnapshot([&](Session& s) -> Status {
    PP_RETURN_IF_ERROR(QueryProductDayCustomers(s, client, from_day, to_day, products));
    return QueryProductNames(s, client, products);
  });
}

Status SqlStore::FillProductPeriod(const std::string& client, Millis from, Millis to,
                                   std::vector<ProductAggregate>* products) {
  return OnSnapshot(
      [&](Session& s) { return QueryProductPeriod(s, client, from, to, products); });
}

Result<AccountPage> SqlStore::ListAccountViews(const std::string& client,
                                               const CustomerViewQuery& q) {
  return Snapshot<AccountPage>([&](Session& s) { return QueryAccountViews(s, client, q); });
}

Result<ReorderPage> SqlStore::ListReorderViews(const std::string& client,
                                               const ReorderQuery& q) {
  return Snapshot<ReorderPage>([&](Session& s) { return QueryReorderViews(s, client, q); });
}

Result<std::vector<SegmentMoveCount>> SqlStore::CountSegmentMoves(const std::string& client,
                                                                  DayNumber from_day,
                                                                  DayNumber to_day) {
  return Snapshot<std::vector<SegmentMoveCount>>(
      [&](Session& s) { return QuerySegmentMoveCounts(s, client, from_day, to_day); });
}

Result<SegmentMovePage> SqlStore::ListSegmentMoves(const std::string& client,
                                                   const SegmentMoveQuery& q) {
  return Snapshot<SegmentMovePage>([&](Session& s) { return QuerySegmentMoves(s, client, q); });
}

Result<CohortCells> SqlStore::ReadCohortCells(const std::string& client, MonthNumber from,
                                              MonthNumber to) {
  return Snapshot<CohortCells>([&](Session& s) { return QueryCohortCells(s, client, from, to); });
}

}  // namespace packprod::store::sql
