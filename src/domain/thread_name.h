// Names the calling thread as the operating system shows it (`top -H`, `ps -L`, a
// profiler): "pp-" and what the thread does, cut to the 15 characters Linux keeps.
#pragma once

#include <string_view>

namespace packprod {

void NameThisThread(std::string_view what);

}  // namespace packprod
