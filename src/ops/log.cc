#include "ops/log.h"

#include <cmath>

#include <boost/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace packprod::ops {
namespace {

LogFormat g_format = LogFormat::kText;

// The pattern opens the JSON object with the time; the fields follow without their '{'.
std::string JsonFields(std::string_view level, boost::json::object fields) {
  fields["level"] = level;
  return boost::json::serialize(fields).substr(1);
}

void Emit(spdlog::level::level_enum level, std::string_view text) {
  spdlog::log(level, "{}", text);
}

void Message(spdlog::level::level_enum level, std::string_view lvl, std::string_view m) {
  if (g_format == LogFormat::kJson) {
    Emit(level, JsonFields(lvl, {{"msg", m}}));
  } else {
    Emit(level, m);
  }
}

}  // namespace

void InitLogging(LogFormat format) {
  g_format = format;
  auto logger = spdlog::stderr_logger_mt("packprod");
  if (format == LogFormat::kJson) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ",%v)", spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

void LogRequest(std::string_view request_id, std::string_view method, std::string_view target,
                std::string_view route, unsigned status, double ms) {
  if (g_format == LogFormat::kJson) {
    std::string line = JsonFields("info", {{"requestId", request_id},
                                         {"method", method},
                                         {"target", target},
                                         {"route", route},
                                         {"status", status},
                                         {"ms", std::round(ms * 100) / 100}});
    Emit(spdlog::level::info, line);
    return;
  }
  spdlog::info("{} {} {} {} {:.2f}ms", request_id, method, target, status, ms);
}

void LogRequestWarn(std::string_view request_id, std::string_view message) {
  if (g_format == LogFormat::kJson) {
    Emit(spdlog::level::warn, JsonFields("warn", {{"requestId", request_id}, {"msg", message}}));
    return;
  }
  spdlog::warn("{} {}", request_id, message);
}

void LogInfo(std::string_view m) { Message(spdlog::level::info, "info", m); }
void LogWarn(std::string_view m) { Message(spdlog::level::warn, "warn", m); }
void LogError(std::string_view m) { Message(spdlog::level::err, "error", m); }

}  // namespace packprod::ops
