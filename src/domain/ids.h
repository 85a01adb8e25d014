// Stable identifiers and key material.
#pragma once

#include <string>
#include <string_view>

namespace packprod {

// The fixed namespace of every packprod UUIDv5 (RFC 4122 section 4.3). Never change it:
// ids of existing orders and contacts derive from it.
inline constexpr std::string_view kIdNamespace = "5b6f8f0e-3c1d-4a8e-9d2b-7a1e4c6f0b93";

// UUIDv5 (SHA-1) of `name` in kIdNamespace, lower-case canonical form.
std::string UuidV5(std::string_view name);
// orderID = UUIDv5(clientID + "/" + orderReference).
inline std::string OrderId(std::string_view client, std::string_view reference) {
  return UuidV5(std::string(client) + "/" + std::string(reference));
}
// contactID = UUIDv5(clientID + "/" + normalised email).
inline std::string ContactId(std::string_view client, std::string_view normalised_email) {
  return UuidV5(std::string(client) + "/" + std::string(normalised_email));
}

// Lower-case hex SHA-256 of `data` (API keys are stored as this hash).
std::string Sha256Hex(std::string_view data);
// `n` random bytes from the OS CSPRNG as lower-case hex.
std::string RandomHex(int n);

}  // namespace packprod
