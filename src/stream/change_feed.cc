#include "stream/change_feed.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <utility>

#include "domain/thread_name.h"
#include "ops/log.h"

namespace packprod::stream {
namespace {

std::string ContactOf(const std::optional<std::string>& image) {
  if (!image) return "";
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*image, ec);
  if (ec || !v.is_object()) return "";
  const boost::json::value* c = v.get_object().if_contains("contactID");
  return c != nullptr && c->is_string() ? std::string(c->get_string()) : "";
}

struct Pending {
  FeedBatch batch;
  std::set<std::string> orders, contacts;
};

void AddUnique(const std::string& id, std::set<std::string>* seen,
               std::vector<std::string>* out) {
  if (!id.empty() && seen->insert(id).second) out->push_back(id);
}

}  // namespace

std::vector<FeedBatch> SummariseChanges(const std::vector<store::ChangeRecord>& records) {
  std::vector<Pending> pending;
  for (const store::ChangeRecord& r : records) {
    auto it = std::find_if(pending.begin(), pending.end(),
                           [&](const Pending& p) { return p.batch.client == r.client_id; });
    if (it == pending.end()) {
      pending.emplace_back();
      it = std::prev(pending.end());
      it->batch.client = r.client_id;
    }
    FeedBatch& b = it->batch;
    b.seq = r.seq;
    AddUnique(r.order_id, &it->orders, &b.order_ids);
    AddUnique(ContactOf(r.old_image), &it->contacts, &b.contact_ids);
    AddUnique(ContactOf(r.new_image), &it->contacts, &b.contact_ids);
    switch (r.op) {
      case store::ChangeOp::kInsert: ++b.created; break;
      case store::ChangeOp::kModify: ++b.updated; break;
      case store::ChangeOp::kRemove: ++b.removed; break;
    }
  }
  std::vector<FeedBatch> out;
  out.reserve(pending.size());
  for (Pending& p : pending) out.push_back(std::move(p.batch));
  return out;
}

ChangeFeed::ChangeFeed(store::Store& store, ChangeFeedOptions options)
    : store_(store), options_(std::move(options)) {
  if (auto head = store_.HeadSeq(); head.ok()) committed_ = *head;
  if (auto applied = store_.AppliedSeq(); applied.ok()) applied_ = *applied;
}

ChangeFeed::~ChangeFeed() { Stop(); }

void ChangeFeed::Start() {
  if (thread_.joinable()) return;
  wake_.Restart();
  wake_.Listen(store_);
  thread_ = std::thread([this] {
    NameThisThread("change-feed");
    Run();
  });
}

void ChangeFeed::Stop() {
  wake_.Stop();
  if (thread_.joinable()) thread_.join();
}

Status ChangeFeed::Follow(std::int64_t* from, std::int64_t to,
                          const std::function<void(const FeedBatch&)>& sink) {
  while (*from < to) {
    PP_ASSIGN_OR_RETURN(auto records, store_.ReadChanges(*from, options_.batch));
    // Records past `to` are left for the next call; pruned ones (older than the
    // retention) are simply not there.
    auto end = std::find_if(records.begin(), records.end(),
                            [to](const store::ChangeRecord& r) { return r.seq > to; });
    records.erase(end, records.end());
    if (records.empty()) {
      *from = to;
      break;
    }
    *from = records.back().seq;
    if (sink) {
      for (const FeedBatch& b : SummariseChanges(records)) sink(b);
    }
  }
  return Status::Ok();
}

Status ChangeFeed::Poll() {
  PP_ASSIGN_OR_RETURN(std::int64_t head, store_.HeadSeq());
  std::int64_t committed = committed_;
  Status st = Follow(&committed, head, options_.on_committed);
  committed_ = committed;
  PP_RETURN_IF_ERROR(st);
  PP_ASSIGN_OR_RETURN(std::int64_t applied, store_.AppliedSeq());
  std::int64_t at = applied_;
  st = Follow(&at, std::min(applied, head), [this](const FeedBatch& b) {
    {
      std::lock_guard<std::mutex> lock(clients_mu_);
      client_applied_[b.client] = b.seq;
    }
    if (options_.on_applied) options_.on_applied(b);
  });
  applied_ = at;
  return st;
}

std::int64_t ChangeFeed::ClientAppliedSeq(const std::string& client) const {
  std::lock_guard<std::mutex> lock(clients_mu_);
  auto it = client_applied_.find(client);
  return it == client_applied_.end() ? 0 : it->second;
}

void ChangeFeed::Run() {
  std::string last_error;
  while (wake_.Wait(options_.poll_interval) && wake_.Begin()) {
    Status st = Poll();
    if (!st.ok() && st.message() != last_error) {
      ops::LogWarn("change feed: " + st.message());
    }
    last_error = st.ok() ? "" : st.message();
  }
}

}  // namespace packprod::stream
