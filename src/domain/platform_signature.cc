// The webhook signature of domain/platform_orders.h: base64 HMAC-SHA256 (OpenSSL).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "domain/platform_orders.h"

namespace packprod {

std::string WebhookSignature(std::string_view secret, std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  std::string b64(4 * ((len + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), mac, static_cast<int>(len));
  b64.resize(static_cast<std::size_t>(n));
  return b64;
}

bool VerifyWebhookSignature(std::string_view secret, std::string_view body,
                            std::string_view signature) {
  while (!signature.empty() && signature.front() == ' ') signature.remove_prefix(1);
  while (!signature.empty() && signature.back() == ' ') signature.remove_suffix(1);
  std::string expected = WebhookSignature(secret, body);
  if (secret.empty() || signature.size() != expected.size()) return false;
  return CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
}

}  // namespace packprod
