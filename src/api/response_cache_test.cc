#include "api/response_cache.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace packprod::api
