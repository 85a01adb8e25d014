#include "api/request_target.h"

#include <boost/url/parse.hpp>

namespace packprod::api {

Status ParseRequestTarget(Request* req) {
  auto url = boost::urls::parse_origin_form(req->target);
  if (!url) return Status::InvalidArgument("malformed request target");
  req->raw_path = std::string(url->encoded_path());
  req->path = url->path();
  req->query.clear();
  for (const auto& param : url->params()) req->query.emplace_back(param.key, param.value);
  return Status::Ok();
}

}  // namespace packprod::api
