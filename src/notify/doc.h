// A client's notify document (Store::GetNotifyDoc / PutNotifyDoc) as a JSON object: read,
// and changed by read-modify-write with the store's version check, re-reading when another
// writer (thread or process) got there first. Shared by the digest's and the alerts' state.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <boost/json.hpp>

#include "store/store.h"

namespace packprod::notify {

struct JsonDoc {
  boost::json::object body;  // empty when there is none yet, or it does not parse
  std::int64_t version = 0;  // 0: none yet
};

// Fills in what a document must hold (called after every read); may be null.
using DocDefaults = std::function<void(boost::json::object&)>;

Result<JsonDoc> ReadJsonDoc(store::Store& st, const std::string& client, const char* name,
                            const DocDefaults& defaults = nullptr);

// Applies `change` to the document and writes it. `change` returning false leaves it alone
// (*written = false). Unavailable "the <what> of <client> keeps changing" after 10 lost races.
Status UpdateJsonDoc(store::Store& st, const std::string& client, const char* name,
                     const char* what, const std::function<bool(boost::json::object&)>& change,
                     bool* written = nullptr, const DocDefaults& defaults = nullptr);

}  // namespace packprod::notify
