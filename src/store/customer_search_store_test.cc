// The customer listing's search (store/sql/view_queries.cc) on every store: a SQLite file,
// SQLite in memory and a PostgreSQL database. Three clients hold customers of the same
// names, e-mails and contact ids, so a search's index matches span every client; each
// search's total and every cursor page, in every sort and direction, with and without a
// segment filter, equal a plain scan of the client's rows (domain ListCustomers), with
// every field of the rows as put, before and after customers are renamed.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "store/store_on_every_engine.h"

#include "domain/listing.h"
#include "store/store.h"

namespace packprod::store {
namespace {

constexpr Millis kDay = 86'400'000;
constexpr Millis kNow = 20'000 * kDay;
const char* const kClients[] = {"acme", "globex", "initech"};
const char* const kNames[] = {"John Smith", "Johnny Doe", "Mary Johnson", "Ann Lee",
                              "Jo Marsh",   "Björn Öst",  "Smith \"JJ\" John"};
const char* const kCompanies[] = {"Johnsons Ltd", "Acme Boxes", "Tape & Co"};

class CustomerSearch : public StoreOnEveryEngine {
 protected:
  void SetUp() override {
    StoreOnEveryEngine::SetUp();
    if (HasFatalFailure()) return;
    for (const char* c : kClients) {
      ClientSettings s;
      s.client_id = c;
      ASSERT_TRUE(store_->PutClient(s).ok());
    }
  }

  // Customer `i` of `client`: the same identity in every client (names repeat, some rows
  // have no name, company or orders), its figures drawn so sort keys tie often.
  CustomerAggregate Make(int i, std::mt19937& rng) {
    CustomerAggregate c;
    c.contact_id = "c" + std::to_string(100 + i);
    c.email = (i % 4 == 0 ? "john" : "p") + std::to_string(i) + "@x.y";
    if (i % 9 != 8) c.name = std::string(kNames[i % 7]) + (i % 2 ? " " + std::to_string(i) : "");
    if (i % 3 == 0) c.company = kCompanies[(i / 3) % 3];
    if (i % 11 != 10) {
      c.order_count = 1 + static_cast<std::int64_t>(rng() % 4);
      c.total_spend = static_cast<Cents>(rng() % 5) * 1000;
      c.first_order = kNow - static_cast<Millis>(rng() % 400) * kDay;
      c.last_order = *c.first_order + static_cast<Millis>(rng() % 3) * kDay;
      c.last_order_reference = "R" + std::to_string(i);
    }
    c.last_updated = kNow;
    return c;
  }

  void PutAll(int n, unsigned seed) {
    std::mt19937 rng(seed);
    ASSERT_TRUE(store_
                    ->WriteViews([&](WriteTx& tx) -> Status {
                      for (const char* client : kClients) {
                        for (int i = 0; i < n; ++i) {
                          CustomerAggregate c = Make(i, rng);
                          auto& have = rows_[client];
                          auto it = have.find(c.contact_id);
                          PP_RETURN_IF_ERROR(tx.PutCustomerView(
                              client, c, it == have.end() ? nullptr : &it->second));
                          have[c.contact_id] = c;
                        }
                      }
                      return Status::Ok();
                    })
                    .ok());
  }

  // A listed row carries every field of the row that was put (the page's rows are read
  // apart from the matches' keys).
  void ExpectRowAsPut(const std::string& client, const CustomerAggregate& got) {
    auto it = rows_[client].find(got.contact_id);
    ASSERT_NE(it, rows_[client].end()) << got.contact_id;
    const CustomerAggregate& want = it->second;
    EXPECT_EQ(got.email, want.email);
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.company, want.company);
    EXPECT_EQ(got.order_count, want.order_count);
    EXPECT_EQ(got.total_spend, want.total_spend);
    EXPECT_EQ(got.first_order, want.first_order);
    EXPECT_EQ(got.last_order, want.last_order);
    EXPECT_EQ(got.last_order_reference, want.last_order_reference);
    EXPECT_EQ(got.last_updated, want.last_updated);
  }

  // Every page of the search (pages of `limit`, by cursor; the first `max_pages` of them)
  // against ListCustomers over the rows.
  void ExpectSearchMatches(const std::string& client, const std::string& search,
                           const std::vector<Segment>& segments, int limit = 4,
                           int max_pages = 100) {
    ClientSettings settings;
    settings.client_id = client;
    CustomerFilter f{search, segments, kNow};
    std::vector<CustomerAggregate> all;
    for (const auto& [id, c] : rows_[client]) all.push_back(c);
    const CustomerSort sorts[] = {CustomerSort::kTotalSpend, CustomerSort::kOrderCount,
                                  CustomerSort::kLastOrderDate, CustomerSort::kFirstOrderDate,
                                  CustomerSort::kName};
    for (CustomerSort sort : sorts) {
      for (bool desc : {true, false}) {
        SCOPED_TRACE(client + " search '" + search + "' sort " +
                     std::to_string(static_cast<int>(sort)) + (desc ? " desc" : " asc") +
                     " segments " + std::to_string(segments.size()));
        Listing<CustomerAggregate> want = ListCustomers(all, f, settings, sort, desc, 100000, {});
        CustomerViewQuery q;
        q.search = search;
        q.segments = segments;
        q.bounds = SegmentBoundsAt(kNow, settings);
        q.sort = sort;
        q.desc = desc;
        q.limit = limit;
        std::vector<std::string> got;
        bool cut = false;  // pages follow those read
        for (int pages = 0; pages < max_pages; ++pages) {
          auto page = store_->ListCustomerViews(client, q);
          ASSERT_TRUE(page.ok()) << page.status().ToString();
          EXPECT_EQ(page->total, want.total);
          for (const auto& c : page->items) {
            got.push_back(c.contact_id);
            ExpectRowAsPut(client, c);
          }
          cut = page->more;
          if (!page->more) break;
          ASSERT_FALSE(page->items.empty());
          q.after = CustomerCursorOf(page->items.back(), sort);
        }
        std::vector<std::string> want_ids;
        for (const auto& c : want.items) want_ids.push_back(c.contact_id);
        if (cut) want_ids.resize(std::min(want_ids.size(), got.size()));
        EXPECT_EQ(got, want_ids);
      }
    }
  }

  void ExpectAllSearches() {
    const std::vector<std::string> searches = {"john", "ohn",  "smith",        "jo",
                                               "@x.y", "zzz",  "johnsons ltd", "\"jj\"",
                                               "ö",    "björn"};
    for (const char* client : kClients) {
      for (const std::string& s : searches) ExpectSearchMatches(client, s, {});
      ExpectSearchMatches(client, "john", {Segment::kActive});
      ExpectSearchMatches(client, "smith", {Segment::kDormant, Segment::kNew});
    }
  }

  std::map<std::string, std::map<std::string, CustomerAggregate>> rows_;
};

TEST_P(CustomerSearch, TotalsAndPagesEqualAPlainScanAcrossClients) {
  PutAll(60, 1);
  ExpectAllSearches();
}

TEST_P(CustomerSearch, RenamedCustomersAreFoundByTheirNewNamesOnly) {
  PutAll(60, 1);
  PutAll(45, 2);  // rewrites the first 45 of each client with other figures
  // Renames in one client: its index entries change, the other clients' stay.
  std::mt19937 rng(3);
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    for (auto& [id, c] : rows_["globex"]) {
                      if (rng() % 2) continue;
                      CustomerAggregate next = c;
                      next.name = c.name ? "Zed " + *c.name : "John Zed";
                      next.email = "z" + c.email;
                      PP_RETURN_IF_ERROR(tx.PutCustomerView("globex", next, &c));
                      c = next;
                    }
                    return Status::Ok();
                  })
                  .ok());
  ExpectAllSearches();
  ExpectSearchMatches("globex", "zed", {});
  ExpectSearchMatches("acme", "zed", {});
}

// More matches than a listing pages in memory (10,000): counted and paged in SQL, along
// the sort index, with the same totals and order; a narrower search of the same rows
// still pages in memory (its matches' keys read first, then the page's rows by key).
TEST_P(CustomerSearch, ManyMatchesAreCountedAndPagedInSql) {
  std::mt19937 rng(4);
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    for (int i = 0; i < 10'050; ++i) {
                      CustomerAggregate c = Make(i, rng);
                      PP_RETURN_IF_ERROR(tx.PutCustomerView("acme", c, nullptr));
                      rows_["acme"][c.contact_id] = c;
                    }
                    return Status::Ok();
                  })
                  .ok());
  ExpectSearchMatches("acme", "@x.y", {}, 50, 3);    // every row
  ExpectSearchMatches("acme", "john", {}, 50, 3);    // a quarter by e-mail, and names
  ExpectSearchMatches("acme", "@x.y", {Segment::kActive}, 50, 3);
}

INSTANTIATE_TEST_SUITE_P(Stores, CustomerSearch,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store
