#include "domain/usual_basket.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "domain/reorders.h"
#include "domain/status.h"

namespace packprod {
namespace {

bool Before(Millis at, const std::string& ref, Millis at2, const std::string& ref2) {
  return std::tie(at, ref) < std::tie(at2, ref2);
}

// "1 day", "5 days", "3 weeks", "4 months", "2 years": the nearest whole unit.
std::string Span(std::int64_t days, bool every) {
  auto unit = [&](std::int64_t n, const char* one, const char* many) {
    if (every && n == 1) return std::string(one);
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  if (days < 14) return unit(days, "day", "days");
  if (days < 70) return unit((days + 3) / 7, "week", "weeks");
  if (days < 730) return unit((days + 15) / 30, "month", "months");
  return unit((days + 182) / 365, "year", "years");
}

}  // namespace

std::vector<std::pair<std::string, ProductInOrder>> ProductsInOrder(const Order& o,
                                                                   DayNumber day) {
  std::map<std::string, ProductInOrder> by_code;
  for (const OrderItem& item : o.items) {
    ProductInOrder& p = by_code[item.code];
    p.quantity += item.quantity;
    p.revenue += item.Revenue();
    if (item.name && !item.name->empty()) p.name = item.name;
  }
  std::vector<std::pair<std::string, ProductInOrder>> out;
  out.reserve(by_code.size());
  for (auto& [code, p] : by_code) {
    p.created_at = o.created_at;
    p.reference = o.reference;
    p.day = day;
    out.emplace_back(code, std::move(p));
  }
  return out;
}

Status AddProductOrder(ContactProduct& row, const ProductInOrder& p) {
  PP_RETURN_IF_ERROR(row.quantities.Add(p.quantity, 1));
  PP_RETURN_IF_ERROR(row.days.Add(p.day, 1));
  const bool first = row.orders == 0;
  row.units += p.quantity;
  row.revenue += p.revenue;
  ++row.orders;
  if (first || Before(p.created_at, p.reference, row.first_at, row.first_ref)) {
    row.first_at = p.created_at;
    row.first_ref = p.reference;
  }
  if (first || Before(row.last_at, row.last_ref, p.created_at, p.reference)) {
    row.last_at = p.created_at;
    row.last_ref = p.reference;
    row.last_quantity = p.quantity;
    row.last_unit_price = AverageCents(p.revenue, p.quantity);
  }
  if (p.name && (!row.name_at || !Before(p.created_at, p.reference, *row.name_at,
                                         row.name_ref.value_or("")))) {
    row.name = p.name;
    row.name_at = p.created_at;
    row.name_ref = p.reference;
  }
  return Status::Ok();
}

void FinishContactProduct(ContactProduct& row) {
  row.median_quantity = row.quantities.MedianFloor();
  row.cadence_days.reset();
  if (row.orders >= kReorderMinOrders) {
    if (auto c = CadenceOf(row.days.Expanded())) row.cadence_days = c->cadence_days;
  }
}

std::vector<ContactProduct> ContactProductsOf(const std::vector<Order>& orders,
                                              const TimeZone& tz) {
  std::map<std::pair<std::string, std::string>, ContactProduct> rows;
  for (const Order& o : orders) {
    if (!Counts(o.status)) continue;
    const DayNumber day = tz.LocalDay(o.created_at);
    for (const auto& [code, p] : ProductsInOrder(o, day)) {
      ContactProduct& row = rows[{o.contact_id, code}];
      row.contact_id = o.contact_id;
      row.code = code;
      (void)AddProductOrder(row, p);  // adds only: cannot go below zero
    }
  }
  std::vector<ContactProduct> out;
  out.reserve(rows.size());
  for (auto& [key, row] : rows) {
    FinishContactProduct(row);
    out.push_back(std::move(row));
  }
  return out;
}

boost::json::array TopProductsJson(std::vector<const ContactProduct*> rows) {
  std::sort(rows.begin(), rows.end(), [](const ContactProduct* a, const ContactProduct* b) {
    return a->revenue != b->revenue ? a->revenue > b->revenue : a->code < b->code;
  });
  boost::json::array top;
  for (std::size_t i = 0; i < rows.size() && i < 5; ++i) {
    const ContactProduct& p = *rows[i];
    top.push_back(boost::json::object{
        {"code", p.code},
        {"name", p.name ? boost::json::value(*p.name) : boost::json::value(nullptr)},
        {"units", p.units},
        {"revenue", CentsToJson(p.revenue)}});
  }
  return top;
}

std::string BasketSummary(std::int64_t orders, std::optional<std::int64_t> cadence_days,
                          std::int64_t days_since_last) {
  std::string out;
  if (cadence_days) {
    out = *cadence_days == 0 ? "usually several times a day"
                             : "usually every " + Span(*cadence_days, true);
  } else {
    out = orders == 1 ? "ordered once" : "ordered " + std::to_string(orders) + " times";
  }
  out += "; last ";
  if (days_since_last <= 0) {
    out += "today";
  } else if (days_since_last == 1) {
    out += "yesterday";
  } else {
    out += Span(days_since_last, false) + " ago";
  }
  return out;
}

boost::json::array UsualBasketJson(std::vector<const ContactProduct*> rows, DayNumber today,
                                   const TimeZone& tz, size_t limit) {
  const size_t n = std::min(limit, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
                    [](const ContactProduct* a, const ContactProduct* b) {
                      if (a->orders != b->orders) return a->orders > b->orders;
                      if (a->last_at != b->last_at) return a->last_at > b->last_at;
                      return a->code < b->code;
                    });
  rows.resize(n);
  boost::json::array out;
  out.reserve(n);
  for (const ContactProduct* p : rows) {
    const std::int64_t since = static_cast<std::int64_t>(today) - tz.LocalDay(p->last_at);
    out.push_back(boost::json::object{
        {"code", p->code},
        {"name", p->name ? boost::json::value(*p->name) : boost::json::value(nullptr)},
        {"timesOrdered", p->orders},
        {"units", p->units},
        {"revenue", CentsToJson(p->revenue)},
        {"medianQuantity", p->median_quantity},
        {"lastQuantity", p->last_quantity},
        {"lastUnitPrice", CentsToJson(p->last_unit_price)},
        {"firstOrdered", FormatRfc3339(p->first_at)},
        {"lastOrdered", FormatRfc3339(p->last_at)},
        {"lastOrderReference", p->last_ref},
        {"daysSinceLast", since},
        {"cadenceDays",
         p->cadence_days ? boost::json::value(*p->cadence_days) : boost::json::value(nullptr)},
        {"summary", BasketSummary(p->orders, p->cadence_days, since)}});
  }
  return out;
}

}  // namespace packprod
