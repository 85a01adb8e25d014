#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/ops_handler.h"
#include "store/importer.h"
#include "stream/processor.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

bool IsJsonContentType(std::string_view ct) {
  if (ct.empty()) return true;  // no declared type: read as JSON
  std::string_view media = ct.substr(0, ct.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return boost::beast::iequals(media, "application/json") ||
         (media.size() > 5 && boost::beast::iequals(media.substr(media.size() - 5), "+json"));
}

}  // namespace

Result<json::value> ParseJsonBody(const Request& req) {
  if (!IsJsonContentType(req.Header("Content-Type"))) {
    return Status::UnsupportedMedia("the body must be application/json, not " +
                                    std::string(req.Header("Content-Type")));
  }
  return ParseImportJson(req.body);
}

namespace {

json::object OutcomeJson(const store::ImportOutcome& out) {
  json::array results;
  results.reserve(out.items.size());
  for (size_t i = 0; i < out.items.size(); ++i) {
    const auto& it = out.items[i];
    json::array warnings;
    for (const auto& w : it.warnings) warnings.emplace_back(w);
    results.push_back(json::object{{"index", i},
                                   {"orderID", it.order_id},
                                   {"contactID", it.contact_id},
                                   {"result", store::ImportResultName(it.result)},
                                   {"contact", it.contact_created ? "created" : "existing"},
                                   {"warnings", std::move(warnings)}});
  }
  return json::object{{"results", std::move(results)}, {"created", out.created},
                      {"updated", out.updated},        {"unchanged", out.unchanged},
                      {"seq", out.seq}};
}

}  // namespace

Response HandleImport(ApiContext& ctx, Request& req, const Principal& p) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) {
    NoteImportRejected(ctx, nullptr);
    return JsonError(req, body.status());
  }
  auto orders = ValidateImportBody(*body, p.client);
  if (!orders.ok()) {
    NoteImportRejected(ctx, &*body);
    return JsonError(req, orders.status());
  }
  auto out = store::ImportOrders(*ctx.store, p.client.client_id, std::move(orders).value(),
                                 NowMillis(), store::ChangeStamp::kCommit);
  if (!out.ok()) {
    NoteImportRejected(ctx, &*body);
    return JsonError(req, out.status());
  }
  NoteImported(ctx, p, *out);
  // Bulk imports go at the pace the views keep (stream/processor.h PaceImports): the batch
  // is durable; its answer waits while the views are far behind, so when a client's last
  // answer comes they are at most the pace's backlog behind.
  if (ctx.processor != nullptr) ctx.processor->PaceImports();
  return JsonData(req, OutcomeJson(*out), json::object{{"cacheHit", false}, {"source", "orders"}});
}

Response HandleDeleteOrder(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& id = req.path_params["id"];
  auto seq = store::DeleteOrder(*ctx.store, p.client.client_id, id, NowMillis(),
                                store::ChangeStamp::kCommit);
  if (!seq.ok()) {
    if (seq.status().IsNotFound()) return JsonError(req, Status::NotFound("no order " + id));
    return JsonError(req, seq.status());
  }
  return JsonData(req, json::object{{"orderID", id}, {"seq", *seq}},
                  json::object{{"cacheHit", false}, {"source", "orders"}});
}

}  // namespace packprod::api
