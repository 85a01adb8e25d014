#include "api/read_path.h"

#include <boost/json/value_to.hpp>

#include "api/params.h"
#include "store/store.h"

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

Status NameProducts(store::Store& st, const std::string& client, boost::json::array& items) {
  std::vector<ProductAggregate> rows;
  rows.reserve(items.size());
  for (const boost::json::value& v : items) {
    ProductAggregate p;
    p.code = boost::json::value_to<std::string>(v.as_object().at("code"));
    rows.push_back(std::move(p));
  }
  PP_RETURN_IF_ERROR(st.FillProductNames(client, &rows));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    items[i].as_object()["name"] =
        rows[i].name ? boost::json::value(*rows[i].name) : boost::json::value(nullptr);
  }
  return Status::Ok();
}

}  // namespace packprod::api
