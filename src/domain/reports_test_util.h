// Test helpers for the report tests: a small in-memory shop.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "domain/reports.h"

namespace packprod::testing_reports {

// A JSON money value (integer or two-decimal number) back to cents.
inline Cents ToCents(const boost::json::value& v) {
  if (v.is_int64()) return v.as_int64() * 100;
  if (v.is_uint64()) return static_cast<Cents>(v.as_uint64()) * 100;
  return std::llround(v.as_double() * 100);
}

class Shop : public ::testing::Test {
 protected:
  TimeZone tz_ = *TimeZone::Find("Australia/Sydney");
  ClientSettings settings_;
  std::vector<Order> orders_;
  std::vector<ContactRecord> contacts_;

  static Millis Ts(const char* s) { return *ParseRfc3339(s); }

  // Adds an order of contact "id-<letter>" (the contact is created on first use).
  Order& Add(std::string ref, char contact, const char* created, Cents total,
             OrderStatus status = OrderStatus::kCompleted) {
    std::string id = std::string("id-") + contact;
    bool known = false;
    for (const ContactRecord& c : contacts_) known = known || c.contact_id == id;
    if (!known) {
      contacts_.push_back({id, std::string(1, contact) + "@x", std::string(1, contact),
                           std::nullopt, std::nullopt, 0});
    }
    Order o;
    o.reference = std::move(ref);
    o.order_id = "o-" + o.reference;
    o.contact_id = id;
    o.customer.email = std::string(1, contact) + "@x";
    o.created_at = Ts(created);
    o.status = status;
    o.total = total;
    orders_.push_back(std::move(o));
    return orders_.back();
  }

  static void Item(Order& o, std::string code, std::int64_t qty, Cents unit,
                   std::optional<std::string> name = std::nullopt) {
    o.items.push_back({std::move(code), std::move(name), qty, unit, std::nullopt});
  }

  ReportInput Input(Millis as_of) const {
    return ReportInput{&orders_, &contacts_, &settings_, &tz_, as_of};
  }

  Period MakeP(const char* from, const char* to) const {
    return *MakePeriod(std::string(from), std::string(to), 0, tz_);
  }
};

}  // namespace packprod::testing_reports
