// A client's stream backlog (Store::ClientPendingChanges) is kept as counters
// (client_stream: appended, newest seq; client_applied: applied) by the transactions that
// append change records and move the checkpoint. On every engine it must answer what a count over
// the change log answers: the client's records after `after`, and the newest of them, through
// appends of several clients in one transaction, checkpoint moves, pruning, and an
// `after` on either side of the checkpoint.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/store.h"
#include "store/store_on_every_engine.h"

namespace packprod::store {
namespace {

class ClientStream : public StoreOnEveryEngine {
 protected:
  // Appends one record per entry of `clients`, all in one transaction.
  void Append(const std::vector<std::string>& clients) {
    Status st = store_->Write([&](WriteTx& tx) -> Status {
      for (const std::string& c : clients) {
        ChangeRecord r;
        r.client_id = c;
        r.order_id = "o-" + std::to_string(++orders_);
        r.op = ChangeOp::kInsert;
        r.new_image = "{}";
        r.committed_at = 1000 + orders_;
        PP_RETURN_IF_ERROR(tx.AppendChange(r).status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  void Apply(std::int64_t seq) {
    Status st = store_->WriteViews([&](WriteTx& tx) { return tx.SetAppliedSeq(seq, 5000); });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  // Prunes every applied record (all are older than `before`).
  void Prune() {
    auto applied = store_->AppliedSeq();
    ASSERT_TRUE(applied.ok());
    Status st = store_->Write(
        [&](WriteTx& tx) -> Status { return tx.PruneChanges(*applied, 1 << 30, 100000).status(); });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  std::int64_t Head() {
    auto h = store_->HeadSeq();
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : -1;
  }
  // ClientPendingChanges(client, after) equals the count over the stored records.
  void ExpectPendingAsCounted(const std::string& client, std::int64_t after) {
    auto records = store_->ReadChanges(after, 100000);
    ASSERT_TRUE(records.ok()) << records.status().ToString();
    Store::PendingChanges want;
    for (const ChangeRecord& r : *records) {
      if (r.client_id != client) continue;
      ++want.count;
      want.newest_seq = r.seq;
    }
    auto got = store_->ClientPendingChanges(client, after);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->count, want.count) << client << " after " << after;
    EXPECT_EQ(got->newest_seq, want.newest_seq) << client << " after " << after;
  }
  // Every client at the checkpoint and a few positions around it.
  void ExpectAllAsCounted(const std::vector<std::int64_t>& extra = {}) {
    auto checkpoint = store_->AppliedSeq();
    ASSERT_TRUE(checkpoint.ok());
    std::vector<std::int64_t> afters = {*checkpoint, *checkpoint + 1, *checkpoint + 3,
                                        Head()};
    if (*checkpoint >= 2) afters.push_back(*checkpoint - 2);
    afters.insert(afters.end(), extra.begin(), extra.end());
    for (const char* client : {"acme", "globex", "initech"}) {
      for (std::int64_t after : afters) ExpectPendingAsCounted(client, after);
    }
  }
  int orders_ = 0;
};

TEST_P(ClientStream, AClientWithNoRecordsHasNoBacklog) {
  auto got = store_->ClientPendingChanges("acme", 0);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->count, 0);
  EXPECT_EQ(got->newest_seq, 0);
  Append({"globex", "globex"});
  got = store_->ClientPendingChanges("acme", 0);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->count, 0);
  EXPECT_EQ(got->newest_seq, 0);
}

TEST_P(ClientStream, BacklogFollowsAppendsCheckpointAndPruning) {
  // Two clients, interleaved, several records of each per transaction.
  Append({"acme", "globex", "acme"});
  Append({"globex"});
  Append({"acme", "acme", "globex", "acme"});
  ExpectAllAsCounted();
  auto acme = store_->ClientPendingChanges("acme", 0);
  ASSERT_TRUE(acme.ok());
  EXPECT_EQ(acme->count, 5);
  EXPECT_EQ(acme->newest_seq, Head());

  // Part applied: the checkpoint lands inside a transaction's records.
  const std::int64_t first = Head();
  Apply(first - 5);
  ExpectAllAsCounted({0, 1});
  Append({"globex", "acme"});
  Apply(first - 1);
  ExpectAllAsCounted({0});

  // Pruned up to the checkpoint: the backlog after it is unchanged.
  Prune();
  ExpectAllAsCounted();
  auto globex = store_->ClientPendingChanges("globex", first - 1);
  ASSERT_TRUE(globex.ok());
  EXPECT_EQ(globex->count, 1);  // the fourth write's; the third's is applied
  EXPECT_EQ(globex->newest_seq, Head() - 1);

  // Everything applied (as a rebuild sets it: the head), then pruned: nothing pending.
  Apply(Head());
  ExpectAllAsCounted();
  Prune();
  ExpectAllAsCounted();
  for (const char* client : {"acme", "globex"}) {
    auto none = store_->ClientPendingChanges(client, Head());
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(none->count, 0) << client;
    EXPECT_EQ(none->newest_seq, 0) << client;
  }

  // New records after a full prune.
  Append({"initech", "acme"});
  ExpectAllAsCounted();
  auto initech = store_->ClientPendingChanges("initech", *store_->AppliedSeq());
  ASSERT_TRUE(initech.ok());
  EXPECT_EQ(initech->count, 1);
  EXPECT_EQ(initech->newest_seq, Head() - 1);
}

TEST_P(ClientStream, AFailedWriteCountsNothing) {
  Append({"acme"});
  Status st = store_->Write([&](WriteTx& tx) -> Status {
    ChangeRecord r;
    r.client_id = "acme";
    r.order_id = "lost";
    r.op = ChangeOp::kInsert;
    r.new_image = "{}";
    r.committed_at = 1;
    PP_RETURN_IF_ERROR(tx.AppendChange(r).status());
    return Status::InvalidArgument("rolled back");
  });
  EXPECT_FALSE(st.ok());
  auto got = store_->ClientPendingChanges("acme", 0);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->count, 1);
  EXPECT_EQ(got->newest_seq, Head());
}

INSTANTIATE_TEST_SUITE_P(Stores, ClientStream,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store
