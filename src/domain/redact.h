// Secrets out of what is printed: a store URL (or any URL, or a libpq key=value
// connection string) with its password hidden, for every message and log line that
// names one.
#pragma once

#include <string>
#include <string_view>

namespace packprod {

// `url` with every password replaced by `***`: the one in the user information
// (`postgresql://user:pass@host/db` -> `postgresql://user:***@host/db`; a password that
// itself holds `@` or `/` is hidden whole) and the value of every `password=` parameter
// (`?password=x&...`, `host=h password=x`). Everything else is kept, so the message still
// tells which store it is about. A URL without a password is returned unchanged.
std::string RedactUrl(std::string_view url);

}  // namespace packprod
