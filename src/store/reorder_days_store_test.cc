// The reorder listing's kept days (store/sql/views_reorders.cc, store/reorder_sql.h) on
// every store: a SQLite file, SQLite in memory and a PostgreSQL database. Rows written,
// rewritten and deleted keep reorder_cadence's days and reorder_day_counts; the listing's
// pages and totals per status equal ReorderStatusOf of every row as the days pass; a
// change of the client's reorder settings moves rows between statuses in its transaction.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "store/store_on_every_engine.h"

#include "domain/reorders.h"
#include "store/store.h"

namespace packprod::store {
namespace {

constexpr DayNumber kBase = 20000;

class ReorderDayTables : public StoreOnEveryEngine {
 protected:
  void SetUp() override {
    StoreOnEveryEngine::SetUp();
    if (HasFatalFailure()) return;
    client_.client_id = "acme";
    ASSERT_TRUE(store_->PutClient(client_).ok());
  }

  // Writes (or rewrites) contact `i`'s reorder row from the generator and its customer row.
  Status PutRow(WriteTx& tx, int i, std::mt19937& rng) {
    ReorderView v;
    v.contact_id = "c" + std::to_string(1000 + i);
    v.cadence.order_count = 3 + static_cast<std::int64_t>(rng() % 5);
    v.cadence.cadence_days = static_cast<std::int64_t>(rng() % 70);
    v.cadence.expected_day = static_cast<DayNumber>(kBase - 200 + static_cast<int>(rng() % 400));
    v.cadence.last_day = static_cast<DayNumber>(v.cadence.expected_day - v.cadence.cadence_days);
    v.average_order_value = static_cast<std::int64_t>(rng() % 8) * 1000;  // ties on purpose
    v.days = {1, 2, 3};  // ignored by the store
    rows_[v.contact_id] = v;
    if (!customers_.count(v.contact_id)) {
      CustomerAggregate c;
      c.contact_id = v.contact_id;
      c.email = v.contact_id + "@x.y";
      c.order_count = v.cadence.order_count;
      customers_[v.contact_id] = c;
      PP_RETURN_IF_ERROR(tx.PutCustomerView("acme", c, nullptr));
    }
    return tx.PutReorderView("acme", v);
  }

  // Every page and total of the listing against ReorderStatusOf of rows_, on many days.
  void ExpectListingMatches() {
    const ReorderSettings s = ReorderSettingsOf(client_);
    for (DayNumber today = kBase - 300; today <= kBase + 600; today += 13) {
      std::vector<std::vector<ReorderStatus>> filters = {{}};
      for (int st = 0; st < kReorderStatusCount; ++st) {
        filters.push_back({static_cast<ReorderStatus>(st)});
      }
      filters.push_back({ReorderStatus::kDue, ReorderStatus::kLapsed});
      for (const auto& statuses : filters) {
        std::vector<const ReorderView*> want;
        for (const auto& [id, v] : rows_) {
          const ReorderStatus st = ReorderStatusOf(v.cadence, today, s);
          if (statuses.empty() ||
              std::find(statuses.begin(), statuses.end(), st) != statuses.end()) {
            want.push_back(&v);
          }
        }
        std::sort(want.begin(), want.end(), [](const ReorderView* a, const ReorderView* b) {
          if (a->average_order_value != b->average_order_value) {
            return a->average_order_value > b->average_order_value;
          }
          return a->contact_id < b->contact_id;
        });
        // Walk the cursor pages of 7.
        ReorderQuery q;
        q.today = today;
        q.settings = s;
        q.statuses = statuses;
        q.limit = 7;
        std::vector<std::string> got;
        for (int pages = 0; pages < 100; ++pages) {
          auto page = store_->ListReorderViews("acme", q);
          ASSERT_TRUE(page.ok()) << page.status().ToString();
          ASSERT_EQ(page->total, static_cast<std::int64_t>(want.size()))
              << "day " << today - kBase << " statuses " << statuses.size();
          for (const ReorderRow& r : page->items) {
            got.push_back(r.view.contact_id);
            EXPECT_EQ(r.email, r.view.contact_id + "@x.y");
            EXPECT_EQ(r.view.cadence, rows_[r.view.contact_id].cadence);
          }
          if (!page->more) break;
          q.after = ListCursor{false, page->items.back().view.average_order_value, "",
                               page->items.back().view.contact_id};
        }
        std::vector<std::string> want_ids;
        for (const ReorderView* v : want) want_ids.push_back(v->contact_id);
        ASSERT_EQ(got, want_ids) << "day " << today - kBase;
      }
    }
    // The kept rows: each row's days under the stored settings, and the counts per day.
    std::map<DayNumber, ReorderDayCount> counts;
    for (const auto& [id, v] : rows_) {
      ReorderDays d = ReorderDaysOf(v.cadence, s);
      ++counts[d.due_day].due;
      ++counts[d.overdue_day].overdue;
      ++counts[d.lapse_day].lapsed;
    }
    std::vector<ReorderDayCount> want_counts;
    for (auto& [day, c] : counts) {
      c.day = day;
      want_counts.push_back(c);
    }
    ASSERT_TRUE(store_
                    ->WriteViews([&](WriteTx& tx) -> Status {
                      PP_ASSIGN_OR_RETURN(ClientViews v, tx.ReadViews("acme"));
                      EXPECT_EQ(v.reorder_days, want_counts);
                      EXPECT_EQ(v.reorders.size(), rows_.size());
                      for (const ReorderView& r : v.reorders) {
                        EXPECT_EQ(r.days, ReorderDaysOf(r.cadence, s)) << r.contact_id;
                      }
                      return Status::Ok();
                    })
                    .ok());
  }

  ClientSettings client_;
  std::map<std::string, ReorderView> rows_;
  std::map<std::string, CustomerAggregate> customers_;
};

TEST_P(ReorderDayTables, ListingAndTotalsFollowTheDaysAsRowsChange) {
  std::mt19937 rng(18);
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    for (int i = 0; i < 80; ++i) PP_RETURN_IF_ERROR(PutRow(tx, i, rng));
                    return Status::Ok();
                  })
                  .ok());
  ExpectListingMatches();
  // Rewrite some rows (new cadence, new expected day) and delete others.
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    for (int i = 0; i < 80; i += 3) PP_RETURN_IF_ERROR(PutRow(tx, i, rng));
                    for (int i = 1; i < 80; i += 5) {
                      const std::string id = "c" + std::to_string(1000 + i);
                      rows_.erase(id);
                      PP_RETURN_IF_ERROR(tx.DeleteReorderView("acme", id));
                    }
                    // Deleting a row that is not there changes nothing.
                    return tx.DeleteReorderView("acme", "c-none");
                  })
                  .ok());
  ExpectListingMatches();
}

TEST_P(ReorderDayTables, SettingsChangeMovesRowsBetweenStatuses) {
  std::mt19937 rng(7);
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    for (int i = 0; i < 60; ++i) PP_RETURN_IF_ERROR(PutRow(tx, i, rng));
                    return Status::Ok();
                  })
                  .ok());
  ExpectListingMatches();
  // A wider window and tolerance: rows move from on-track to due and overdue to due.
  client_.reorder_window_days = 30;
  client_.reorder_tolerance_days = 12;
  client_.reorder_tolerance_pct = 60;
  ASSERT_TRUE(store_->PutClient(client_).ok());
  ExpectListingMatches();
  // The same settings again change nothing; other fields of the client do not matter.
  client_.name = "Acme Packaging";
  ASSERT_TRUE(store_->PutClient(client_).ok());
  ExpectListingMatches();
  client_.reorder_window_days = 1;
  client_.reorder_tolerance_days = 1;
  client_.reorder_tolerance_pct = 1;
  ASSERT_TRUE(store_->PutClient(client_).ok());
  ExpectListingMatches();
  // Rows written after the change follow the new settings.
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    for (int i = 50; i < 70; ++i) PP_RETURN_IF_ERROR(PutRow(tx, i, rng));
                    return Status::Ok();
                  })
                  .ok());
  ExpectListingMatches();
}

INSTANTIATE_TEST_SUITE_P(Stores, ReorderDayTables,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store
