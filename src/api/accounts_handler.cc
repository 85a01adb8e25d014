// GET /api/accounts, GET /api/accounts/{id} (docs/api.md "Accounts", docs/metrics.md
// "Accounts"), and the admin merge and split: POST /admin/accounts/merge,
// POST /admin/accounts/{id}/split. Served from account_metrics; the slow path groups the
// customers computed from the orders with the same domain rules.
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/read_path.h"
#include "domain/accounts.h"
#include "domain/listing.h"
#include "domain/text.h"
#include "store/store.h"
#include "stream/accounts.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

// Every account of the client from its orders (the slow path), with each contact's
// customer figures (contact id -> figures) and account (contact id -> account id).
struct GroupedFromOrders {
  std::vector<CustomerAggregate> customers;
  std::vector<Account> accounts;
  std::map<std::string, std::string> membership;
};

Result<GroupedFromOrders> GroupFromOrders(ApiContext& ctx, const Principal& p) {
  const std::string& client = p.client.client_id;
  AccountRules rules;
  PP_RETURN_IF_ERROR(ctx.store->Read([&](store::ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(rules, stream::LoadAccountRules(tx, client));
    return Status::Ok();
  }));
  // Streamed: memory grows with the contacts and their order days, not with the orders.
  PP_ASSIGN_OR_RETURN(std::vector<ContactRecord> contacts, ctx.store->ListContacts(client));
  CustomerAggregator agg(contacts);
  std::map<std::string, std::vector<DayNumber>> days;
  PP_RETURN_IF_ERROR(ctx.store->ScanOrders(client, [&](Order&& o) {
    agg.Add(o);
    if (Counts(o.status)) days[o.contact_id].push_back(p.tz.LocalDay(o.created_at));
    return true;
  }));
  GroupedFromOrders g;
  g.customers = agg.Take();
  g.accounts = GroupAccounts(client, g.customers, days, rules, &g.membership);
  return g;
}

Result<store::AccountPage> PageFromOrders(ApiContext& ctx, const Principal& p,
                                          const store::CustomerViewQuery& q, Millis as_of) {
  PP_ASSIGN_OR_RETURN(GroupedFromOrders g, GroupFromOrders(ctx, p));
  std::map<std::string, const Account*> by_id;
  std::vector<CustomerAggregate> totals;
  for (const Account& a : g.accounts) {
    by_id[a.account_id] = &a;
    CustomerAggregate t = a.totals;
    t.email = a.key;  // what `search` matches besides the name, as in the view
    totals.push_back(std::move(t));
  }
  CustomerFilter f{q.search, q.segments, as_of};
  auto listed = ListCustomers(std::move(totals), f, p.client, q.sort, q.desc, q.limit, q.after);
  store::AccountPage page;
  page.total = listed.total;
  page.more = listed.more;
  for (const CustomerAggregate& t : listed.items) page.items.push_back(*by_id.at(t.contact_id));
  return page;
}

json::object Meta(ReadPath path, Millis as_of, DayNumber today) {
  json::object meta = PathMeta(path);
  meta["asOf"] = FormatRfc3339(as_of);
  meta["today"] = FormatDate(today);
  return meta;
}

// The account with its contacts (customer objects, by totalSpend desc then contactID).
json::object DetailJson(const Account& a, std::vector<CustomerAggregate> contacts, Millis as_of,
                        DayNumber today, const ClientSettings& settings) {
  std::sort(contacts.begin(), contacts.end(), [](const auto& x, const auto& y) {
    return x.total_spend != y.total_spend ? x.total_spend > y.total_spend
                                          : x.contact_id < y.contact_id;
  });
  json::object out = AccountJson(a, as_of, today, settings);
  json::array list;
  for (const CustomerAggregate& c : contacts) list.push_back(CustomerJson(c, as_of, settings));
  out["contacts"] = std::move(list);
  return out;
}

// The account and its contacts' rows from the views; nullopt when there is no such account.
Result<std::optional<std::pair<Account, std::vector<CustomerAggregate>>>> DetailFromViews(
    ApiContext& ctx, const std::string& client, const std::string& id) {
  std::optional<std::pair<Account, std::vector<CustomerAggregate>>> out;
  PP_RETURN_IF_ERROR(ctx.store->Read([&](store::ReadTx& tx) -> Status {
    out.reset();
    PP_ASSIGN_OR_RETURN(auto a, tx.GetAccountView(client, id));
    if (!a) return Status::Ok();
    PP_ASSIGN_OR_RETURN(auto members, tx.AccountMembers(client, id));
    std::vector<CustomerAggregate> contacts;
    for (const std::string& m : members) {
      PP_ASSIGN_OR_RETURN(auto c, tx.GetCustomerView(client, m));
      if (c) contacts.push_back(std::move(*c));
    }
    out.emplace(std::move(*a), std::move(contacts));
    return Status::Ok();
  }));
  return out;
}

// A JSON array of strings at `field` of the body; InvalidArgument naming the field.
Result<std::vector<std::string>> StringArray(const json::object& body, const char* field,
                                             bool required) {
  std::vector<std::string> out;
  const json::value* v = body.if_contains(field);
  if (!v) {
    if (required) return Status::InvalidArgument(std::string(field) + ": required");
    return out;
  }
  if (!v->is_array()) return Status::InvalidArgument(std::string(field) + ": must be an array");
  for (const json::value& e : v->get_array()) {
    if (!e.is_string() || e.get_string().empty()) {
      return Status::InvalidArgument(std::string(field) + ": must hold non-empty ids");
    }
    out.emplace_back(e.get_string());
  }
  return out;
}

Result<json::object> BodyObject(const Request& req, bool optional) {
  if (optional && req.body.empty()) return json::object{};
  PP_ASSIGN_OR_RETURN(json::value v, ParseJsonBody(req));
  if (!v.is_object()) return Status::InvalidJson("the body must be a JSON object");
  return std::move(v.get_object());
}

}  // namespace

Response HandleListAccounts(ApiContext& ctx, Request& req, const Principal& p) {
  const Millis now = NowMillis();
  store::CustomerViewQuery q;
  auto as_of = AsOfParam(req, now);
  if (!as_of.ok()) return JsonError(req, as_of.status());
  if (auto s = NonEmptyParam(req, "search")) q.search = FoldCase(*s);
  auto segments = SegmentsParam(req);
  if (!segments.ok()) return JsonError(req, segments.status());
  q.segments = std::move(*segments);
  q.bounds = SegmentBoundsAt(*as_of, p.client);
  if (auto s = NonEmptyParam(req, "sort")) {
    auto sort = ParseCustomerSort(*s);
    if (!sort) {
      return JsonError(req, Status::InvalidArgument("sort: must be totalSpend, orderCount, "
                                                    "lastOrderDate, firstOrderDate or name"));
    }
    q.sort = *sort;
  }
  auto desc = DescendingParam(req);
  if (!desc.ok()) return JsonError(req, desc.status());
  q.desc = *desc;
  auto limit = LimitParam(req);
  if (!limit.ok()) return JsonError(req, limit.status());
  q.limit = *limit;
  auto after = ListCursorParam(req);
  if (!after.ok()) return JsonError(req, after.status());
  q.after = std::move(*after);
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  auto page = *path == ReadPath::kViews ? ctx.store->ListAccountViews(p.client.client_id, q)
                                        : PageFromOrders(ctx, p, q, *as_of);
  if (!page.ok()) return JsonError(req, page.status());
  const DayNumber today = p.tz.LocalDay(*as_of);
  json::array items;
  items.reserve(page->items.size());
  for (const Account& a : page->items) items.push_back(AccountJson(a, *as_of, today, p.client));
  json::object meta = Meta(*path, *as_of, today);
  std::optional<std::string> next;
  if (page->more && !page->items.empty()) {
    next = EncodeCursor(CursorFields(CustomerCursorOf(page->items.back().totals, q.sort)));
  }
  AddPageMeta(meta, items.size(), page->total, next);
  return JsonData(req, std::move(items), std::move(meta));
}

Response HandleGetAccount(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& id = req.path_params["id"];
  auto as_of = AsOfParam(req, NowMillis());
  if (!as_of.ok()) return JsonError(req, as_of.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  const DayNumber today = p.tz.LocalDay(*as_of);
  if (*path == ReadPath::kViews) {
    auto found = DetailFromViews(ctx, p.client.client_id, id);
    if (!found.ok()) return JsonError(req, found.status());
    if (!*found) return JsonError(req, Status::NotFound("no account " + id));
    auto& [a, contacts] = **found;
    return JsonData(req, DetailJson(a, std::move(contacts), *as_of, today, p.client),
                    Meta(*path, *as_of, today));
  }
  auto g = GroupFromOrders(ctx, p);
  if (!g.ok()) return JsonError(req, g.status());
  auto it = std::find_if(g->accounts.begin(), g->accounts.end(),
                         [&](const Account& a) { return a.account_id == id; });
  if (it == g->accounts.end()) return JsonError(req, Status::NotFound("no account " + id));
  std::vector<CustomerAggregate> contacts;
  for (const CustomerAggregate& c : g->customers) {
    if (g->membership[c.contact_id] == id) contacts.push_back(c);
  }
  return JsonData(req, DetailJson(*it, std::move(contacts), *as_of, today, p.client),
                  Meta(*path, *as_of, today));
}

Response HandleMergeAccounts(ApiContext& ctx, Request& req, const Principal& p) {
  auto body = BodyObject(req, false);
  if (!body.ok()) return JsonError(req, body.status());
  const json::value* into = body->if_contains("into");
  if (!into || !into->is_string() || into->get_string().empty()) {
    return JsonError(req, Status::InvalidArgument("into: required, the id of an account"));
  }
  auto from = StringArray(*body, "accounts", true);
  if (!from.ok()) return JsonError(req, from.status());
  if (from->empty()) {
    return JsonError(req, Status::InvalidArgument("accounts: name at least one account"));
  }
  auto merged =
      stream::MergeAccounts(*ctx.store, p.client.client_id, std::string(into->get_string()), *from);
  if (!merged.ok()) return JsonError(req, merged.status());
  const Millis now = NowMillis();
  return JsonData(req, AccountJson(*merged, now, p.tz.LocalDay(now), p.client));
}

Response HandleSplitAccount(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& id = req.path_params["id"];
  auto body = BodyObject(req, true);
  if (!body.ok()) return JsonError(req, body.status());
  auto contacts = StringArray(*body, "contacts", false);
  if (!contacts.ok()) return JsonError(req, contacts.status());
  auto accounts = stream::SplitAccount(*ctx.store, p.client.client_id, id, *contacts);
  if (!accounts.ok()) return JsonError(req, accounts.status());
  const Millis now = NowMillis();
  json::array items;
  for (const Account& a : *accounts) {
    items.push_back(AccountJson(a, now, p.tz.LocalDay(now), p.client));
  }
  return JsonData(req, std::move(items));
}

}  // namespace packprod::api
