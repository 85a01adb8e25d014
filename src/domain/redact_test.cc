#include "domain/redact.h"

#include <gtest/gtest.h>

namespace packprod {
namespace {

TEST(RedactUrl, HidesThePasswordOfTheUserInformation) {
  EXPECT_EQ(RedactUrl("postgresql://packprod:s3cret@db.internal:5432/packprod"),
            "postgresql://packprod:***@db.internal:5432/packprod");
  EXPECT_EQ(RedactUrl("postgres://x:y@localhost/db?sslmode=require"),
            "postgres://x:***@localhost/db?sslmode=require");
}

TEST(RedactUrl, HidesAPasswordHoldingAtSignsAndSlashesWhole) {
  EXPECT_EQ(RedactUrl("postgresql://u:p@ss/w:rd@host/db"), "postgresql://u:***@host/db");
}

TEST(RedactUrl, HidesPasswordParameters) {
  EXPECT_EQ(RedactUrl("postgresql://u@host/db?password=abc&sslmode=disable"),
            "postgresql://u@host/db?password=***&sslmode=disable");
  EXPECT_EQ(RedactUrl("postgresql:///db?host=/tmp&PASSWORD=abc"),
            "postgresql:///db?host=/tmp&PASSWORD=***");
  EXPECT_EQ(RedactUrl("host=h user=u password='a b' dbname=d"),
            "host=h user=u password=*** dbname=d");
  EXPECT_EQ(RedactUrl("host=h password=abc"), "host=h password=***");
}

TEST(RedactUrl, KeepsUrlsWithoutAPassword) {
  for (const char* url : {"sqlite:./data/packprod.db", "sqlite:/srv/a@b/shop.db",
                          "postgresql://user@host:5432/db", "postgresql://host/db",
                          "postgresql:///db?host=/run/postgresql", "sqlite::memory:",
                          "postgresql://host/db?user=a@b"}) {
    EXPECT_EQ(RedactUrl(url), url);
  }
}

}  // namespace
}  // namespace packprod
