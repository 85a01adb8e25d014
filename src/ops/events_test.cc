#include "ops/events.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace packprod::ops {
namespace {

std::vector<Event> TakeAll(Subscription& s, bool* live = nullptr) {
  std::vector<Event> out;
  bool l = s.Take(&out);
  if (live != nullptr) *live = l;
  return out;
}

TEST(EventHubTest, FormatSse) {
  EXPECT_EQ(FormatSse({7, "order", R"({"seq":1})"}), "id: 7\nevent: order\ndata: {\"seq\":1}\n\n");
  EXPECT_EQ(FormatSse({8, "x", "a\nb\r\nc"}), "id: 8\nevent: x\ndata: a\ndata: b\ndata: c\n\n");
}

TEST(EventHubTest, EventData) {
  EXPECT_EQ(OrderEventData(12, {"o1", "o\"2"}, {"c1"}, 1, 1, 0),
            R"({"seq":12,"orderIDs":["o1","o\"2"],"contactIDs":["c1"],"created":1,"updated":1,)"
            R"("removed":0})");
  EXPECT_EQ(MetricsEventData(13, {"c1", "c2"}), R"({"seq":13,"contactIDs":["c1","c2"]})");
}

TEST(EventHubTest, SubscribersSeeOnlyTheirClientsEvents) {
  EventHub hub;
  int notified = 0;
  auto a = hub.Subscribe("acme", std::nullopt, [&] { notified++; });
  auto b = hub.Subscribe("other", std::nullopt, [] {});
  std::int64_t id1 = hub.Publish("acme", "order", "1");
  std::int64_t id2 = hub.Publish("acme", "metrics", "2");
  hub.Publish("other", "order", "3");
  EXPECT_LT(id1, id2);
  EXPECT_EQ(notified, 1);  // only when the queue became non-empty
  auto got = TakeAll(*a);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, id1);
  EXPECT_EQ(got[1].type, "metrics");
  got = TakeAll(*b);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, "3");
  EXPECT_EQ(hub.subscribers(), 2u);
  a.reset();
  EXPECT_EQ(hub.subscribers(), 1u);
}

TEST(EventHubTest, ResumeReplaysWhatFollowsTheLastId) {
  EventHub hub;
  std::int64_t start = hub.Subscribe("acme", std::nullopt, [] {})->start_id();
  std::int64_t id1 = hub.Publish("acme", "order", "1");
  hub.Publish("other", "order", "x");
  std::int64_t id3 = hub.Publish("acme", "order", "3");
  auto s = hub.Subscribe("acme", id1, [] {});
  auto got = TakeAll(*s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, id3);
  EXPECT_EQ(s->start_id(), id3);
  EXPECT_EQ(TakeAll(*hub.Subscribe("acme", start, [] {})).size(), 2u);
  EXPECT_TRUE(TakeAll(*hub.Subscribe("acme", id3, [] {})).empty());
}

TEST(EventHubTest, ResumeFromTooOldOrUnknownIdGivesReset) {
  EventHubOptions small;
  small.ring_events = 2;
  EventHub hub(small);
  std::int64_t first = hub.Publish("acme", "order", "1");
  hub.Publish("acme", "order", "2");
  std::int64_t last = hub.Publish("acme", "order", "3");  // evicts the first
  for (std::int64_t id : {first - 1, std::int64_t{5}, last + 100}) {
    auto got = TakeAll(*hub.Subscribe("acme", id, [] {}));
    ASSERT_EQ(got.size(), 1u) << id;
    EXPECT_EQ(got[0].type, "reset");
    EXPECT_EQ(got[0].id, last);
  }
  EXPECT_EQ(TakeAll(*hub.Subscribe("acme", first, [] {})).size(), 2u);  // 2 and 3 kept
}

TEST(EventHubTest, IdsOfAnEarlierProcessAreOlder) {
  EventHub earlier;
  std::int64_t old_id = earlier.Publish("acme", "order", "1");
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EventHub now;
  now.Publish("acme", "order", "2");
  auto got = TakeAll(*now.Subscribe("acme", old_id, [] {}));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].type, "reset");
}

TEST(EventHubTest, ASlowSubscriberIsDroppedOthersAreNot) {
  EventHubOptions small;
  small.queue_events = 3;
  EventHub hub(small);
  auto slow = hub.Subscribe("acme", std::nullopt, [] {});
  auto fast = hub.Subscribe("acme", std::nullopt, [] {});
  for (int i = 0; i < 5; ++i) {
    hub.Publish("acme", "order", std::to_string(i));
    TakeAll(*fast);
  }
  bool live = true;
  auto kept = TakeAll(*slow, &live);
  EXPECT_EQ(kept.size(), 3u);
  EXPECT_FALSE(live);
  EXPECT_TRUE(slow->dropped());
  EXPECT_FALSE(fast->dropped());
  hub.Publish("acme", "order", "more");
  EXPECT_EQ(TakeAll(*fast, &live).size(), 1u);
  EXPECT_TRUE(live);
  EXPECT_EQ(hub.subscribers(), 1u);
}

TEST(EventHubTest, CloseStopsNotifications) {
  EventHub hub;
  std::atomic<int> notified{0};
  auto s = hub.Subscribe("acme", std::nullopt, [&] { notified++; });
  s->Close();
  hub.Publish("acme", "order", "1");
  EXPECT_EQ(notified.load(), 0);
  bool live = true;
  EXPECT_TRUE(TakeAll(*s, &live).empty());
  EXPECT_FALSE(live);
}

TEST(EventHubTest, ConcurrentPublishersKeepIdOrderPerSubscriber) {
  EventHub hub;
  auto s = hub.Subscribe("acme", std::nullopt, [] {});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&hub] {
      for (int i = 0; i < 200; ++i) hub.Publish("acme", "order", "x");
    });
  }
  for (auto& t : threads) t.join();
  auto got = TakeAll(*s);
  ASSERT_EQ(got.size(), 800u);
  for (size_t i = 1; i < got.size(); ++i) EXPECT_LT(got[i - 1].id, got[i].id);
}

}  // namespace
}  // namespace packprod::ops
