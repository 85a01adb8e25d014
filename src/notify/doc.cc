#include "notify/doc.h"

#include "domain/time.h"

namespace packprod::notify {
namespace json = boost::json;

Result<JsonDoc> ReadJsonDoc(store::Store& st, const std::string& client, const char* name,
                            const DocDefaults& defaults) {
  PP_ASSIGN_OR_RETURN(auto d, st.GetNotifyDoc(client, name));
  JsonDoc out;
  if (d) {
    boost::system::error_code ec;
    json::value v = json::parse(d->body, ec);
    if (!ec && v.is_object()) out.body = std::move(v.as_object());
    out.version = d->version;
  }
  if (defaults) defaults(out.body);
  return out;
}

Status UpdateJsonDoc(store::Store& st, const std::string& client, const char* name,
                     const char* what, const std::function<bool(json::object&)>& change,
                     bool* written, const DocDefaults& defaults) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    PP_ASSIGN_OR_RETURN(JsonDoc d, ReadJsonDoc(st, client, name, defaults));
    if (!change(d.body)) {
      if (written) *written = false;
      return Status::Ok();
    }
    PP_ASSIGN_OR_RETURN(bool ok, st.PutNotifyDoc(client, name, json::serialize(d.body),
                                                 d.version, NowMillis()));
    if (ok) {
      if (written) *written = true;
      return Status::Ok();
    }
  }
  return Status::Unavailable(std::string("the ") + what + " of " + client + " keeps changing");
}

}  // namespace packprod::notify
