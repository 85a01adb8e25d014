// GET /api/reorders (docs/api.md "Reorders", docs/metrics.md "Reorders"): contacts with a
// reorder cadence, filtered by their status as of the client's local today, sorted by
// value at risk (averageOrderValue desc, contactID asc), in cursor pages. Served from the
// reorder_cadence view; the slow path computes the same rows from the orders.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/read_path.h"
#include "domain/metrics.h"
#include "domain/reorders.h"
#include "store/store.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

Result<std::vector<ReorderStatus>> ReorderStatusesParam(const Request& req) {
  std::vector<ReorderStatus> out;
  auto v = NonEmptyParam(req, "status");
  if (!v) return out;
  std::string_view rest = *v;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view one = rest.substr(0, comma);
    auto s = ParseReorderStatus(one);
    if (!s) {
      return Status::InvalidArgument("status: unknown reorder status '" + std::string(one) +
                                     "' (due, overdue, lapsed, on-track)");
    }
    if (std::find(out.begin(), out.end(), *s) == out.end()) out.push_back(*s);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

// The cursor: (averageOrderValue in cents, contactID) of the last row shown.
Result<std::optional<ListCursor>> ReorderCursorParam(const Request& req) {
  auto c = NonEmptyParam(req, "cursor");
  if (!c) return std::optional<ListCursor>();
  PP_ASSIGN_OR_RETURN(auto fields, DecodeCursor(*c, 2));
  ListCursor cur;
  try {
    std::size_t used = 0;
    cur.int_key = std::stoll(fields[0], &used);
    if (used != fields[0].size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    return Status::InvalidArgument("cursor: not a cursor from meta.nextCursor");
  }
  cur.id = fields[1];
  return std::optional<ListCursor>(std::move(cur));
}

// The slow path: every contact's row computed from its orders as they stream by (each
// contact's orders together: one contact's order days in memory at a time), then
// filtered and paged like the view query.
Result<store::ReorderPage> PageFromOrders(ApiContext& ctx, const Principal& p,
                                          const store::ReorderQuery& q) {
  PP_ASSIGN_OR_RETURN(std::vector<ContactRecord> contacts,
                      ctx.store->ListContacts(p.client.client_id));
  std::unordered_map<std::string_view, const ContactRecord*> by_id;
  for (const ContactRecord& c : contacts) by_id.emplace(c.contact_id, &c);
  std::vector<store::ReorderRow> rows;
  std::string contact;
  std::vector<DayNumber> days;  // the current contact's counted orders' local days
  CustomerAggregate agg;
  auto end_contact = [&]() {
    auto it = by_id.find(contact);
    std::optional<ReorderCadence> cadence = CadenceOf(std::move(days));
    days.clear();
    if (it == by_id.end() || !cadence) return;
    if (!q.statuses.empty() &&
        std::find(q.statuses.begin(), q.statuses.end(),
                  ReorderStatusOf(*cadence, q.today, q.settings)) == q.statuses.end()) {
      return;
    }
    const ContactRecord& c = *it->second;
    rows.push_back({{c.contact_id, *cadence, AverageCents(agg.total_spend, agg.order_count)},
                    c.email, c.name, c.company});
  };
  bool any = false;
  PP_RETURN_IF_ERROR(ctx.store->ScanOrdersByContact(p.client.client_id, [&](Order&& o) {
    if (!any || o.contact_id != contact) {
      if (any) end_contact();
      any = true;
      contact = o.contact_id;
      agg = CustomerAggregate{};
    }
    AddOrder(agg, o);
    if (Counts(o.status)) days.push_back(p.tz.LocalDay(o.created_at));
    return true;
  }));
  if (any) end_contact();
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.view.average_order_value != b.view.average_order_value) {
      return a.view.average_order_value > b.view.average_order_value;
    }
    return a.view.contact_id < b.view.contact_id;
  });
  store::ReorderPage page;
  page.total = static_cast<std::int64_t>(rows.size());
  for (auto& r : rows) {
    if (q.after && !(r.view.average_order_value < q.after->int_key ||
                     (r.view.average_order_value == q.after->int_key &&
                      r.view.contact_id > q.after->id))) {
      continue;
    }
    if (static_cast<int>(page.items.size()) == q.limit) {
      page.more = true;
      break;
    }
    page.items.push_back(std::move(r));
  }
  return page;
}

json::object ReorderJson(const store::ReorderRow& r, DayNumber today,
                         const ReorderSettings& s) {
  const ReorderCadence& c = r.view.cadence;
  auto opt = [](const std::optional<std::string>& v) -> json::value {
    return v ? json::value(*v) : json::value(nullptr);
  };
  return json::object{{"contactID", r.view.contact_id},
                      {"name", opt(r.name)},
                      {"email", r.email},
                      {"company", opt(r.company)},
                      {"orderCount", c.order_count},
                      {"cadenceDays", c.cadence_days},
                      {"lastOrderDate", FormatDate(c.last_day)},
                      {"expectedDate", FormatDate(c.expected_day)},
                      {"daysOverdue", DaysLate(c, today)},
                      {"status", ReorderStatusName(ReorderStatusOf(c, today, s))},
                      {"averageOrderValue", CentsToJson(r.view.average_order_value)}};
}

}  // namespace

Response HandleListReorders(ApiContext& ctx, Request& req, const Principal& p) {
  store::ReorderQuery q;
  q.today = p.tz.LocalDay(NowMillis());
  q.settings = ReorderSettingsOf(p.client);
  auto statuses = ReorderStatusesParam(req);
  if (!statuses.ok()) return JsonError(req, statuses.status());
  q.statuses = std::move(*statuses);
  auto limit = LimitParam(req);
  if (!limit.ok()) return JsonError(req, limit.status());
  q.limit = *limit;
  auto after = ReorderCursorParam(req);
  if (!after.ok()) return JsonError(req, after.status());
  q.after = std::move(*after);
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  auto page = *path == ReadPath::kViews ? ctx.store->ListReorderViews(p.client.client_id, q)
                                        : PageFromOrders(ctx, p, q);
  if (!page.ok()) return JsonError(req, page.status());
  json::array items;
  items.reserve(page->items.size());
  for (const auto& r : page->items) items.push_back(ReorderJson(r, q.today, q.settings));
  json::object meta = PathMeta(*path);
  meta["today"] = FormatDate(q.today);
  std::optional<std::string> next;
  if (page->more && !page->items.empty()) {
    const auto& last = page->items.back().view;
    next = EncodeCursor({std::to_string(last.average_order_value), last.contact_id});
  }
  AddPageMeta(meta, items.size(), page->total, next);
  return JsonData(req, std::move(items), std::move(meta));
}

}  // namespace packprod::api
