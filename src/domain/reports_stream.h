// The reports of reports.h and the product catalogue computed from a stream of orders
// (the slow path without keeping the orders): orders arrive one at a time, any status,
// with every order of one contact consecutively (Store::ScanOrdersByContact). Memory is
// one small aggregate per contact, product and sales bucket, never one per order.
// Each builder's Finish() equals its reports.h counterpart over the same orders, byte
// for byte once serialised.
//
// Pure; no I/O. Feeding a contact's orders in two separate runs breaks the distinct
// customer counts (they count a contact once per run of its orders).
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "domain/metrics.h"
#include "domain/order.h"
#include "domain/period.h"
#include "domain/reports.h"
#include "domain/reports_internal.h"

namespace packprod {

// What the streamed reports need beside the orders. Non-owning: every pointer non-null
// and valid for the life of the builder that holds it.
struct StreamInput {
  const std::vector<ContactRecord>* contacts;  // every contact of the client
  const ClientSettings* settings;
  const TimeZone* tz;  // the client's zone
  Millis as_of;        // for segments
};

// Tells when a new contact's run of orders begins; its serial numbers the runs from 0.
class ContactRuns {
 public:
  // True when `contact_id` starts a new run (the first order, or another contact).
  bool Next(std::string_view contact_id);
  std::int64_t serial() const { return serial_; }

 private:
  std::string current_;
  std::int64_t serial_ = -1;
};

// ProductCatalogue (p null) or ProductStats over the counted orders inside `p`, streamed.
class ProductFold {
 public:
  explicit ProductFold(std::optional<Period> p = std::nullopt) : period_(std::move(p)) {}
  // `contact_serial`: ContactRuns::serial() of the order's contact.
  void Add(const Order& o, std::int64_t contact_serial);
  // Sorted by code.
  std::vector<ProductAggregate> Take();

 private:
  struct Acc {
    ProductAggregate agg;
    std::optional<Millis> name_at;  // the order the name came from: (createdAt, reference)
    std::string name_ref;
    std::int64_t last_contact = -1, last_order = -1;
  };
  std::optional<Period> period_;
  std::map<std::string, Acc, std::less<>> by_code_;
  std::int64_t order_serial_ = 0;
};

// OverviewReport, streamed.
class OverviewBuilder {
 public:
  OverviewBuilder(const StreamInput& in, const Period& p);
  void Add(const Order& o);
  boost::json::object Finish();

 private:
  struct Window {
    Period p;
    reports_internal::CountedTotals t;
    std::int64_t fresh = 0;  // customers whose first counted order ever is inside
    bool seen = false;       // the current contact has a counted order inside
  };
  struct CustomerRow {
    std::string contact_id;
    Cents revenue = 0;
    std::int64_t orders = 0;
  };
  void EndContact();

  StreamInput in_;
  Window now_, prev_;
  ProductFold products_;
  ContactRuns runs_;
  std::unordered_set<std::string_view> known_;  // contact ids of in_.contacts
  CustomerAggregate agg_;                       // the current contact, all time
  CustomerRow row_;                             // the current contact inside now_.p
  std::vector<CustomerRow> rows_;
  std::array<std::int64_t, kSegmentCount> segments_{};
};

// SalesReport, streamed.
class SalesBuilder {
 public:
  // InvalidArgument as SalesReport.
  static Result<SalesBuilder> Make(const StreamInput& in, const Period& p,
                                   std::string_view interval);
  void Add(const Order& o);
  boost::json::object Finish();

 private:
  SalesBuilder(const StreamInput& in, const Period& p, std::string_view interval,
               reports_internal::SalesBuckets b);

  StreamInput in_;
  Period p_;
  std::string interval_;
  reports_internal::SalesBuckets b_;
  std::vector<reports_internal::CountedTotals> buckets_;
  std::vector<std::int64_t> bucket_contact_;  // the last contact run counted per bucket
  reports_internal::CountedTotals all_;
  std::int64_t all_contact_ = -1;
  ContactRuns runs_;
};

// ProductsReport, streamed.
class ProductsReportBuilder {
 public:
  // InvalidArgument as ProductsReport.
  static Result<ProductsReportBuilder> Make(const Period& p, std::string_view sort, int limit);
  void Add(const Order& o);
  boost::json::object Finish();

 private:
  ProductsReportBuilder(const Period& p, std::string_view sort, int limit)
      : p_(p), sort_(sort), limit_(limit), products_(p) {}

  Period p_;
  std::string sort_;
  int limit_;
  ProductFold products_;
  ContactRuns runs_;
};

}  // namespace packprod
