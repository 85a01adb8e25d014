#include "store/sqlite/processor_lease.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace packprod::store::sqlite {

std::string ProcessorLockPath(const std::string& db_path) { return db_path + "-processor.lock"; }

Result<bool> FileLease::TryHold() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ >= 0) return true;
  int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::Unavailable("cannot open the processor lock " + path_ + ": " +
                               std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return false;  // another process holds it
    return Status::Unavailable("cannot lock " + path_ + ": " + std::strerror(err));
  }
  fd_ = fd;
  return true;
}

void FileLease::Release() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ >= 0) ::close(fd_);  // closing the only descriptor frees the lock
  fd_ = -1;
}

}  // namespace packprod::store::sqlite
