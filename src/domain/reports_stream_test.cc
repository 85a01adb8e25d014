// The streamed builders against the reports.h functions over the same random shops:
// byte-identical JSON, the orders fed grouped by contact in a shuffled order.
#include "domain/reports_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <map>
#include <random>

#include "domain/reports_test_util.h"

namespace packprod {
namespace {

class ReportsStreamTest : public testing_reports::Shop {
 protected:
  // A random shop: `n` orders of up to 12 contacts over ~2 years, every status, equal
  // timestamps, lines repeating a code, names renamed, empty and missing.
  void Build(unsigned seed, int n) {
    std::mt19937 rng(seed);
    auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    const Millis base = Ts("2024-01-01T00:00:00Z");
    const std::vector<const char*> names = {"Box", "Big box", "", "Tape"};
    for (int i = 0; i < n; ++i) {
      Millis at = base + static_cast<Millis>(pick(700)) * kDayMs + pick(24) * 3600000LL;
      if (i > 0 && pick(8) == 0) at = orders_[static_cast<std::size_t>(pick(i))].created_at;
      char contact = static_cast<char>('a' + pick(12));
      auto status = static_cast<OrderStatus>(pick(kOrderStatusCount));
      Order& o = Add("R" + std::to_string(1000 + pick(100000)) + "-" + std::to_string(i), contact,
                     "2024-01-01T00:00:00Z", 100 + pick(50000), status);
      o.created_at = at;
      o.imported_at = at + pick(1000);
      o.updated_at = at + pick(5000);
      for (int k = pick(4); k > 0; --k) {
        std::optional<std::string> name;
        if (pick(4) != 0) name = names[static_cast<std::size_t>(pick(4))];
        Item(o, "P" + std::to_string(pick(6)), 1 + pick(20), 50 + pick(3000), name);
      }
    }
    // Grouped by contact, contacts and orders within each in a shuffled order.
    std::map<std::string, std::vector<const Order*>> by_contact;
    for (const Order& o : orders_) by_contact[o.contact_id].push_back(&o);
    std::vector<std::vector<const Order*>> groups;
    for (auto& [id, g] : by_contact) groups.push_back(g);
    std::shuffle(groups.begin(), groups.end(), rng);
    stream_.clear();
    for (auto& g : groups) {
      std::shuffle(g.begin(), g.end(), rng);
      stream_.insert(stream_.end(), g.begin(), g.end());
    }
    contacts_.push_back({"id-z", "z@x", std::nullopt, std::nullopt, std::nullopt, 0});
  }

  StreamInput In(Millis as_of) const { return StreamInput{&contacts_, &settings_, &tz_, as_of}; }

  template <typename B>
  std::string Run(B& b) const {
    for (const Order* o : stream_) b.Add(*o);
    return boost::json::serialize(b.Finish());
  }

  std::vector<Period> Periods() const {
    return {MakeP("2024-03-01", "2024-03-31"), MakeP("2024-01-01", "2025-12-31"),
            MakeP("2024-10-06", "2024-10-06"), MakeP("2025-06-01", "2025-06-30")};
  }

  std::vector<const Order*> stream_;
};

TEST_F(ReportsStreamTest, EqualsTheReportsOverRandomShops) {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    orders_.clear();
    contacts_.clear();
    Build(seed, 40 + static_cast<int>(seed) * 25);
    const Millis as_of = Ts("2025-07-01T00:00:00Z");
    for (const Period& p : Periods()) {
      OverviewBuilder ob(In(as_of), p);
      EXPECT_EQ(Run(ob), boost::json::serialize(OverviewReport(Input(as_of), p)))
          << "overview, seed " << seed << " " << p.from_text;
      for (const char* iv : {"day", "week", "month"}) {
        auto sb = SalesBuilder::Make(In(as_of), p, iv);
        ASSERT_TRUE(sb.ok());
        EXPECT_EQ(Run(*sb), boost::json::serialize(*SalesReport(Input(as_of), p, iv)))
            << "sales " << iv << ", seed " << seed << " " << p.from_text;
      }
      for (const char* sort : {"revenue", "units", "orders"}) {
        for (int limit : {1, 3, 50}) {
          auto pb = ProductsReportBuilder::Make(p, sort, limit);
          ASSERT_TRUE(pb.ok());
          EXPECT_EQ(Run(*pb),
                    boost::json::serialize(*ProductsReport(Input(as_of), p, sort, limit)))
              << "products " << sort << ", seed " << seed;
        }
      }
    }
  }
}

TEST_F(ReportsStreamTest, CatalogueAndCustomersEqualTheirOriginals) {
  for (unsigned seed = 21; seed <= 30; ++seed) {
    orders_.clear();
    contacts_.clear();
    Build(seed, 150);
    ProductFold fold;
    ContactRuns runs;
    for (const Order* o : stream_) {
      runs.Next(o->contact_id);
      fold.Add(*o, runs.serial());
    }
    std::vector<ProductAggregate> streamed = fold.Take();
    std::vector<ProductAggregate> original = ProductCatalogue(orders_);
    ASSERT_EQ(streamed.size(), original.size());
    for (std::size_t i = 0; i < streamed.size(); ++i) {
      EXPECT_EQ(boost::json::serialize(ProductJson(streamed[i])),
                boost::json::serialize(ProductJson(original[i])));
    }
    CustomerAggregator agg(contacts_);
    for (const Order* o : stream_) agg.Add(*o);
    std::vector<CustomerAggregate> a = agg.Take();
    std::vector<CustomerAggregate> b = AggregateCustomers(contacts_, orders_);
    ASSERT_EQ(a.size(), b.size());
    const Millis as_of = Ts("2025-07-01T00:00:00Z");
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(boost::json::serialize(CustomerJson(a[i], as_of, settings_)),
                boost::json::serialize(CustomerJson(b[i], as_of, settings_)));
    }
  }
}

TEST_F(ReportsStreamTest, RejectsWhatTheReportsReject) {
  EXPECT_FALSE(ProductsReportBuilder::Make(MakeP("2024-01-01", "2024-01-31"), "name", 5).ok());
  EXPECT_FALSE(ProductsReportBuilder::Make(MakeP("2024-01-01", "2024-01-31"), "units", 0).ok());
  EXPECT_FALSE(SalesBuilder::Make(In(0), MakeP("2024-01-01", "2024-01-31"), "year").ok());
}

TEST(ContactRuns, CountsRunsNotContacts) {
  ContactRuns r;
  EXPECT_TRUE(r.Next("a"));
  EXPECT_FALSE(r.Next("a"));
  EXPECT_TRUE(r.Next("b"));
  EXPECT_TRUE(r.Next("a"));
  EXPECT_EQ(r.serial(), 2);
}

}  // namespace
}  // namespace packprod
