#include "api/read_path.h"

#include "api/params.h"

namespace packprod::api {

Result<ReadPath> ChooseReadPath(ApiContext& ctx, const Request& req) {
  auto cache = req.Param("cache");
  if (cache && !cache->empty() && *cache != "bypass" && *cache != "default") {
    return Status::InvalidArgument("cache: must be bypass");
  }
  PP_ASSIGN_OR_RETURN(bool consistent, FlagParam(req, "consistent"));
  if (cache == std::optional<std::string>("bypass")) return ReadPath::kOrders;
  if (!ctx.views_ready || !ctx.views_ready()) return ReadPath::kOrders;
  if (consistent && ctx.wait_applied) {
    PP_ASSIGN_OR_RETURN(std::int64_t head, ctx.store->HeadSeq());
    if (!ctx.wait_applied(head, std::chrono::milliseconds(2000))) return ReadPath::kOrders;
  }
  return ReadPath::kViews;
}

boost::json::object PathMeta(ReadPath p) {
  bool views = p == ReadPath::kViews;
  return boost::json::object{{"cacheHit", views}, {"source", views ? "cache" : "orders"}};
}

Result<ClientData> LoadClientData(store::Store& st, const std::string& client) {
  ClientData d;
  PP_RETURN_IF_ERROR(st.ScanOrders(client, [&](Order&& o) {
    d.orders.push_back(std::move(o));
    return true;
  }));
  PP_ASSIGN_OR_RETURN(d.contacts, st.ListContacts(client));
  return d;
}

}  // namespace packprod::api
