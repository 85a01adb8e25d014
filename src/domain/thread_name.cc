#include "domain/thread_name.h"

#include <pthread.h>

#include <string>

namespace packprod {

void NameThisThread(std::string_view what) {
  std::string name = "pp-" + std::string(what);
  name.resize(std::min<std::size_t>(name.size(), 15));  // Linux keeps 15 and the NUL
  pthread_setname_np(pthread_self(), name.c_str());
}

}  // namespace packprod
