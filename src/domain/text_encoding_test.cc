#include "domain/text_encoding.h"

#include <string>

#include <gtest/gtest.h>

namespace packprod {
namespace {

TEST(EncodingTest, AsciiPassesThroughUnchanged) {
  EXPECT_EQ(Latin1ToUtf8("abc,123\r\n"), "abc,123\r\n");
  EXPECT_EQ(Cp1252ToUtf8("abc,123\r\n"), "abc,123\r\n");
}

TEST(EncodingTest, Latin1MapsEveryByteToItsCodePoint) {
  EXPECT_EQ(Latin1ToUtf8("Zo\xEB \xC5ngstr\xF6m"), "Zoë Ångström");
  EXPECT_EQ(Latin1ToUtf8("Gr\xF6\xDF"
                         "e \xBD Box"),
            "Größe ½ Box");
  EXPECT_EQ(Latin1ToUtf8("\x80\x9F"), "\u0080\u009F");
  EXPECT_EQ(Latin1ToUtf8("\xFF"), "ÿ");
}

TEST(EncodingTest, Cp1252MapsTheHighControlRange) {
  EXPECT_EQ(Cp1252ToUtf8("Zo\xEB \x93Quote\x94 \xC5ngstr\xF6m"), "Zoë “Quote” Ångström");
  EXPECT_EQ(Cp1252ToUtf8("Gr\xF6\xDF"
                         "e \xBD Box \x96 \xD8"),
            "Größe ½ Box – Ø");
  EXPECT_EQ(Cp1252ToUtf8("\x80 \x85 \x99 \x9F"), "€ … ™ Ÿ");
}

TEST(EncodingTest, Cp1252UndefinedBytesBecomeReplacementCharacter) {
  EXPECT_EQ(Cp1252ToUtf8("a\x81"
                         "b\x8D\x8F\x90\x9D"),
            "a\uFFFDb\uFFFD\uFFFD\uFFFD\uFFFD");
}

TEST(EncodingTest, ConvertedTextIsValidUtf8) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  EXPECT_TRUE(IsValidUtf8(Latin1ToUtf8(all)));
  EXPECT_TRUE(IsValidUtf8(Cp1252ToUtf8(all)));
  EXPECT_FALSE(IsValidUtf8(all));
}

TEST(EncodingTest, ValidUtf8Accepted) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Zoë Ångström – €"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x93\xA6"));      // U+1F4E6 package
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));          // U+D7FF, just below surrogates
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is a valid code point
}

TEST(EncodingTest, MalformedUtf8Rejected) {
  EXPECT_FALSE(IsValidUtf8("Zo\xEB"));            // Latin-1 byte
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));  // bad continuation
}

TEST(EncodingTest, FindInvalidUtf8GivesTheOffset) {
  EXPECT_EQ(FindInvalidUtf8("Zoë"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xE9z"), 2u);
  EXPECT_EQ(FindInvalidUtf8("Zoë\xC3"), 4u);
}

TEST(EncodingTest, StripBomRemovesOnlyALeadingBom) {
  EXPECT_EQ(StripUtf8Bom("\xEF\xBB\xBF"
                         "a,b"),
            "a,b");
  EXPECT_EQ(StripUtf8Bom("a,b"), "a,b");
  EXPECT_EQ(StripUtf8Bom("a\xEF\xBB\xBF"), "a\xEF\xBB\xBF");
  EXPECT_EQ(StripUtf8Bom(""), "");
}

}  // namespace
}  // namespace packprod
