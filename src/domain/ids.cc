#include "domain/ids.h"

#include <array>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace packprod {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::array<unsigned char, 16> ParseUuid(std::string_view s) {
  std::array<unsigned char, 16> out{};
  int k = 0;
  for (size_t i = 0; i + 1 < s.size() && k < 16;) {
    if (s[i] == '-') {
      ++i;
      continue;
    }
    auto nib = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out[k++] = static_cast<unsigned char>(nib(s[i]) << 4 | nib(s[i + 1]));
    i += 2;
  }
  return out;
}

std::string Hex(const unsigned char* p, size_t n) {
  std::string s;
  s.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    s.push_back(kHex[p[i] >> 4]);
    s.push_back(kHex[p[i] & 15]);
  }
  return s;
}

}  // namespace

std::string UuidV5(std::string_view name) {
  static const auto ns = ParseUuid(kIdNamespace);
  std::string input(reinterpret_cast<const char*>(ns.data()), ns.size());
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), digest, &len, EVP_sha1(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
  std::string h = Hex(digest, 16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d);
  return Hex(d, sizeof d);
}

std::string RandomHex(int n) {
  std::string buf(static_cast<size_t>(n), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()), n) != 1) {
    throw std::runtime_error("no randomness from the OS");
  }
  return Hex(reinterpret_cast<const unsigned char*>(buf.data()), buf.size());
}

}  // namespace packprod
