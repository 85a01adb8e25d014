#include "api/response_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <string>
#include <thread>

#include "stream/processor.h"
#include "stream/stream_test_util.h"

namespace packprod::api {
namespace {

TEST(ResponseCacheTest, KeepsAnAnswerUntilTheStoreChanges) {
  ResponseCache cache;
  EXPECT_FALSE(cache.Get("a", 0));
  std::uint64_t g = cache.generation();
  cache.Put("a", g, 1000, "{\"x\":1}");
  EXPECT_EQ(cache.Get("a", 0).value_or(""), "{\"x\":1}");
  EXPECT_EQ(cache.Get("a", 999).value_or(""), "{\"x\":1}");
  EXPECT_FALSE(cache.Get("b", 0));
  cache.Bump();
  EXPECT_FALSE(cache.Get("a", 0));
  EXPECT_EQ(cache.hits(), 2u);
  EXPECT_EQ(cache.misses(), 3u);
}

TEST(ResponseCacheTest, AnAnswerExpiresAtItsOwnInstant) {
  ResponseCache cache;
  cache.Put("a", cache.generation(), 1000, "x");
  EXPECT_TRUE(cache.Get("a", 999));
  EXPECT_FALSE(cache.Get("a", 1000));
}

// An answer computed while a commit landed (generation read before it) is not kept.
TEST(ResponseCacheTest, AnAnswerFromBeforeACommitIsNotKept) {
  ResponseCache cache;
  std::uint64_t before = cache.generation();
  cache.Bump();
  cache.Put("a", before, 1000, "stale");
  EXPECT_FALSE(cache.Get("a", 0));
  cache.Put("a", cache.generation(), 1000, "fresh");
  EXPECT_EQ(cache.Get("a", 0).value_or(""), "fresh");
}

TEST(ResponseCacheTest, StaysWithinItsBytes) {
  ResponseCache cache(100);
  std::uint64_t g = cache.generation();
  cache.Put("huge", g, 1000, std::string(200, 'x'));  // larger than the whole cache
  EXPECT_FALSE(cache.Get("huge", 0));
  cache.Put("a", g, 1000, std::string(60, 'a'));
  cache.Put("a", g, 1000, std::string(60, 'b'));  // replacing frees the old one
  EXPECT_EQ(cache.Get("a", 0).value_or(""), std::string(60, 'b'));
  cache.Put("b", g, 1000, std::string(60, 'c'));  // would pass 100: starts again
  EXPECT_FALSE(cache.Get("a", 0));
  EXPECT_EQ(cache.Get("b", 0).value_or(""), std::string(60, 'c'));
}

// Kept answers on a real store, wired as `serve` wires them (Store::OnCommit bumps the
// generation): the processor's prune of applied change records, a commit that changes
// nothing a read answers from, keeps them; an import and a stream batch drop them.
class ResponseCacheOnStore : public ::testing::TestWithParam<stream::testing::Engine> {
 protected:
  ResponseCacheOnStore() : tmp_(GetParam()) {}
  // Until the generation reaches `at_least` (PostgreSQL hears commits on its own thread).
  void AwaitGeneration(std::uint64_t at_least) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (cache_.generation() < at_least && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_GE(cache_.generation(), at_least);
  }
  stream::testing::TempStore tmp_;
  ResponseCache cache_;
};

TEST_P(ResponseCacheOnStore, APruneKeepsKeptAnswersAndDataCommitsDropThem) {
  constexpr Millis kNever = std::numeric_limits<Millis>::max();
  auto st = tmp_.Open();
  stream::testing::CreateClient(*st, "acme", "UTC");
  st->OnCommit([this] { cache_.Bump(); });
  const bool hears = st->HearsOtherCommits();
  // PostgreSQL: its listener reports once that it listens (then hears every NOTIFY).
  std::uint64_t want = hears ? 1 : 0;
  ASSERT_NO_FATAL_FAILURE(AwaitGeneration(want));
  const Millis day = 24LL * 3600 * 1000;
  const Millis old = NowMillis() - 10 * day;
  ASSERT_TRUE(stream::testing::Import(
                  *st, "acme", {stream::testing::NewOrder("acme", "R1", "a@x.io", old, 500)}, old)
                  .ok());
  want += hears ? 2 : 1;  // the commit, and on PostgreSQL its NOTIFY heard
  ASSERT_NO_FATAL_FAILURE(AwaitGeneration(want));
  stream::Processor p(*st);
  ASSERT_TRUE(p.CatchUp().ok());  // a stream batch: views change
  ASSERT_NO_FATAL_FAILURE(AwaitGeneration(++want));

  cache_.Put("answer", cache_.generation(), kNever, "kept");
  ASSERT_EQ(cache_.Get("answer", 0).value_or(""), "kept");
  auto pruned = p.Prune(NowMillis());  // the record is applied and older than the retention
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  EXPECT_EQ(*pruned, 1);
  EXPECT_EQ(cache_.generation(), want);
  EXPECT_EQ(cache_.Get("answer", 0).value_or("(dropped)"), "kept");

  ASSERT_TRUE(stream::testing::Import(
                  *st, "acme", {stream::testing::NewOrder("acme", "R2", "a@x.io", old, 700)})
                  .ok());
  EXPECT_FALSE(cache_.Get("answer", 0)) << "an import must drop the kept answers";
  ASSERT_NO_FATAL_FAILURE(AwaitGeneration(want += hears ? 2 : 1));
  cache_.Put("answer", cache_.generation(), kNever, "kept again");
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_FALSE(cache_.Get("answer", 0)) << "a stream batch must drop the kept answers";
}

INSTANTIATE_TEST_SUITE_P(Stores, ResponseCacheOnStore,
                         ::testing::Values(stream::testing::Engine::kSqlite,
                                           stream::testing::Engine::kPostgres),
                         stream::testing::EngineName);

}  // namespace
}  // namespace packprod::api
