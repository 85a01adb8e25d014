// Process logging: text lines by default, JSON lines with --log-format json.
// Every request logs one line carrying its request id.
#pragma once

#include <string>
#include <string_view>

namespace packprod::ops {

enum class LogFormat { kText, kJson };

// Sets up the process logger on stderr. Call once, before other threads start.
void InitLogging(LogFormat format);

// One line per answered request.
void LogRequest(std::string_view request_id, std::string_view method, std::string_view target,
                std::string_view route, unsigned status, double ms);
// A warning about one request (e.g. SLOW QUERY), carrying its request id.
void LogRequestWarn(std::string_view request_id, std::string_view message);
void LogInfo(std::string_view message);
void LogWarn(std::string_view message);
void LogError(std::string_view message);

}  // namespace packprod::ops
