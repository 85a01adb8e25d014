#include "domain/reports_stream.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <tuple>

namespace packprod {
namespace {

using reports_internal::CountedTotals;

void AddToTotals(CountedTotals& t, const Order& o) {
  ++t.orders;
  t.revenue += o.total;
  t.units += o.Units();
}

// The value a products report sorts by, or nullopt for an unknown sort (ProductsReport's).
std::optional<std::int64_t (*)(const ProductAggregate&)> SortKey(std::string_view sort) {
  if (sort == "revenue") return [](const ProductAggregate& p) { return p.revenue; };
  if (sort == "units") return [](const ProductAggregate& p) { return p.units; };
  if (sort == "orders") return [](const ProductAggregate& p) { return p.orders; };
  return std::nullopt;
}

}  // namespace

bool ContactRuns::Next(std::string_view contact_id) {
  if (serial_ >= 0 && contact_id == current_) return false;
  current_.assign(contact_id);
  ++serial_;
  return true;
}

void ProductFold::Add(const Order& o, std::int64_t contact_serial) {
  if (!Counts(o.status) || (period_ && !period_->Contains(o.created_at))) return;
  ++order_serial_;
  for (const OrderItem& item : o.items) {
    auto it = by_code_.find(item.code);
    if (it == by_code_.end()) {
      it = by_code_.emplace(item.code, Acc{}).first;
      it->second.agg.code = item.code;
    }
    Acc& a = it->second;
    ProductAggregate& p = a.agg;
    p.units += item.quantity;
    p.revenue += item.Revenue();
    if (a.last_order != order_serial_) {
      ++p.orders;
      a.last_order = order_serial_;
    }
    if (a.last_contact != contact_serial) {
      ++p.customers;
      a.last_contact = contact_serial;
    }
    if (!p.first_ordered || o.created_at < *p.first_ordered) p.first_ordered = o.created_at;
    if (!p.last_ordered || o.created_at > *p.last_ordered) p.last_ordered = o.created_at;
    // ProductStats' rule: the latest (createdAt, orderReference) order naming it; within
    // one order the later line.
    if (item.name && !item.name->empty() &&
        (!a.name_at || std::tie(o.created_at, o.reference) >= std::tie(*a.name_at, a.name_ref))) {
      p.name = item.name;
      a.name_at = o.created_at;
      a.name_ref = o.reference;
    }
  }
}

std::vector<ProductAggregate> ProductFold::Take() {
  std::vector<ProductAggregate> out;
  out.reserve(by_code_.size());
  for (auto& [code, a] : by_code_) out.push_back(std::move(a.agg));
  by_code_.clear();
  return out;
}

// ---- overview

OverviewBuilder::OverviewBuilder(const StreamInput& in, const Period& p)
    : in_(in), products_(p) {
  now_.p = p;
  prev_.p = PreviousPeriod(p, *in.tz);
  known_.reserve(in.contacts->size());
  for (const ContactRecord& c : *in.contacts) known_.insert(c.contact_id);
}

void OverviewBuilder::Add(const Order& o) {
  const bool started = runs_.serial() >= 0;
  if (runs_.Next(o.contact_id)) {
    if (started) EndContact();
    row_.contact_id = o.contact_id;
  }
  AddOrder(agg_, o);
  products_.Add(o, runs_.serial());
  if (!Counts(o.status)) return;
  for (Window* w : {&now_, &prev_}) {
    if (!w->p.Contains(o.created_at)) continue;
    AddToTotals(w->t, o);
    w->seen = true;
  }
  if (now_.p.Contains(o.created_at)) {
    row_.revenue += o.total;
    ++row_.orders;
  }
}

void OverviewBuilder::EndContact() {
  for (Window* w : {&now_, &prev_}) {
    if (!w->seen) continue;
    ++w->t.customers;
    if (agg_.first_order && w->p.Contains(*agg_.first_order)) ++w->fresh;
    w->seen = false;
  }
  // SegmentCounts(AggregateCustomers(...)) counts the listed contacts only.
  if (known_.count(row_.contact_id) > 0) {
    if (auto s = DeriveSegment(agg_, in_.as_of, *in_.settings)) {
      ++segments_[static_cast<std::size_t>(*s)];
    }
  }
  if (row_.orders > 0) rows_.push_back(std::move(row_));
  row_ = CustomerRow{};
  agg_ = CustomerAggregate{};
}

boost::json::object OverviewBuilder::Finish() {
  if (runs_.serial() >= 0) EndContact();
  auto summary = [](const Window& w) {
    boost::json::object o;
    o["period"] = PeriodJson(w.p);
    reports_internal::AppendTotals(w.t, o);
    o["newCustomers"] = w.fresh;
    o["returningCustomers"] = w.t.customers - w.fresh;
    return o;
  };
  boost::json::object o = summary(now_);
  o["previous"] = summary(prev_);
  std::vector<ProductAggregate> products = products_.Take();
  std::stable_sort(products.begin(), products.end(),
                   [](const auto& a, const auto& b) { return a.revenue > b.revenue; });
  boost::json::array top_products;
  for (std::size_t i = 0; i < products.size() && i < kTopRows; ++i) {
    top_products.push_back(reports_internal::ReportProductJson(products[i]));
  }
  o["topProducts"] = std::move(top_products);
  std::sort(rows_.begin(), rows_.end(), [](const CustomerRow& a, const CustomerRow& b) {
    return a.revenue != b.revenue ? a.revenue > b.revenue : a.contact_id < b.contact_id;
  });
  if (rows_.size() > kTopRows) rows_.resize(kTopRows);
  boost::json::array top_customers;
  for (const CustomerRow& r : rows_) {
    auto c = std::find_if(in_.contacts->begin(), in_.contacts->end(),
                          [&](const ContactRecord& x) { return x.contact_id == r.contact_id; });
    const ContactRecord* rec = c == in_.contacts->end() ? nullptr : &*c;
    boost::json::object row;
    row["contactID"] = r.contact_id;
    row["name"] = rec != nullptr && rec->name ? boost::json::value(*rec->name) : nullptr;
    row["email"] = rec != nullptr ? boost::json::value(rec->email) : nullptr;
    row["revenue"] = CentsToJson(r.revenue);
    row["orders"] = r.orders;
    top_customers.push_back(std::move(row));
  }
  o["topCustomers"] = std::move(top_customers);
  boost::json::object segments;
  for (int i = 0; i < kSegmentCount; ++i) {
    segments[SegmentName(static_cast<Segment>(i))] = segments_[static_cast<std::size_t>(i)];
  }
  o["segments"] = std::move(segments);
  return o;
}

// ---- sales

SalesBuilder::SalesBuilder(const StreamInput& in, const Period& p, std::string_view interval,
                           reports_internal::SalesBuckets b)
    : in_(in),
      p_(p),
      interval_(interval),
      b_(b),
      buckets_(static_cast<std::size_t>(b.count)),
      bucket_contact_(static_cast<std::size_t>(b.count), -1) {}

Result<SalesBuilder> SalesBuilder::Make(const StreamInput& in, const Period& p,
                                        std::string_view interval) {
  PP_ASSIGN_OR_RETURN(auto b, reports_internal::MakeSalesBuckets(p, interval, *in.tz));
  return SalesBuilder(in, p, interval, b);
}

void SalesBuilder::Add(const Order& o) {
  runs_.Next(o.contact_id);
  if (!Counts(o.status) || !p_.Contains(o.created_at)) return;
  const auto i = static_cast<std::size_t>(b_.IndexOf(in_.tz->LocalDay(o.created_at)));
  AddToTotals(buckets_[i], o);
  if (bucket_contact_[i] != runs_.serial()) {
    ++buckets_[i].customers;
    bucket_contact_[i] = runs_.serial();
  }
  AddToTotals(all_, o);
  if (all_contact_ != runs_.serial()) {
    ++all_.customers;
    all_contact_ = runs_.serial();
  }
}

boost::json::object SalesBuilder::Finish() {
  return reports_internal::SalesJson(p_, interval_, b_, buckets_, all_);
}

// ---- products report

Result<ProductsReportBuilder> ProductsReportBuilder::Make(const Period& p, std::string_view sort,
                                                          int limit) {
  if (!SortKey(sort)) {
    return Status::InvalidArgument("sort: expected revenue, units or orders, got \"" +
                                   std::string(sort) + "\"");
  }
  if (limit < 1 || limit > 500) return Status::InvalidArgument("limit: must be 1-500");
  return ProductsReportBuilder(p, sort, limit);
}

void ProductsReportBuilder::Add(const Order& o) {
  runs_.Next(o.contact_id);
  products_.Add(o, runs_.serial());
}

boost::json::object ProductsReportBuilder::Finish() {
  auto key = *SortKey(sort_);
  std::vector<ProductAggregate> rows = products_.Take();
  // Rows come sorted by code, so a stable sort leaves ties code-ascending.
  std::stable_sort(rows.begin(), rows.end(),
                   [key](const auto& a, const auto& b) { return key(a) > key(b); });
  boost::json::array items;
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit_); ++i) {
    items.push_back(reports_internal::ReportProductJson(rows[i]));
  }
  boost::json::object o;
  o["period"] = PeriodJson(p_);
  o["sort"] = sort_;
  o["items"] = std::move(items);
  return o;
}

}  // namespace packprod
