#include "domain/ids.h"

#include <stdexcept>

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <openssl/rand.h>
#include <openssl/sha.h>

namespace packprod {
namespace {

constexpr char kHex[] = "0123456789abcdef";

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
  static const boost::uuids::uuid ns = boost::uuids::string_generator()(std::string(kIdNamespace));
  boost::uuids::name_generator_sha1 generate(ns);
  return boost::uuids::to_string(generate(name.data(), name.size()));
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
