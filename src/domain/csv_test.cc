#include "domain/csv.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/time.h"

namespace packprod {
namespace {

using Fields = std::vector<std::string>;

struct Record {
  Fields fields;
  int line;
};

// Reads every record; stops at the end or the first error (returned in *error).
std::vector<Record> ReadAll(std::string_view text, std::string* error = nullptr,
                            int* error_line = nullptr) {
  CsvReader reader(text);
  std::vector<Record> out;
  Fields fields;
  int line = 0;
  std::string err;
  while (reader.Next(&fields, &line, &err)) out.push_back({fields, line});
  if (error) *error = err;
  if (error_line) *error_line = line;
  return out;
}

TEST(CsvTest, SimpleRecordsWithLf) {
  auto r = ReadAll("a,b,c\n1,2,3\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(r[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(r[0].line, 1);
  EXPECT_EQ(r[1].line, 2);
}

TEST(CsvTest, CrlfAndLoneCrEndRecords) {
  auto r = ReadAll("a,b\r\n1,2\r3,4\r\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].fields, (Fields{"1", "2"}));
  EXPECT_EQ(r[2].fields, (Fields{"3", "4"}));
  EXPECT_EQ(r[2].line, 3);
}

TEST(CsvTest, LastLineWithoutNewline) {
  auto r = ReadAll("a,b\n1,2");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].fields, (Fields{"1", "2"}));
}

TEST(CsvTest, EmptyTextHasNoRecords) {
  std::string error = "x";
  EXPECT_TRUE(ReadAll("", &error).empty());
  EXPECT_EQ(error, "");
}

TEST(CsvTest, EmptyFieldsAndTrailingComma) {
  auto r = ReadAll(",a,,\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"", "a", "", ""}));
}

TEST(CsvTest, BlankLineIsOneEmptyField) {
  auto r = ReadAll("a\n\nb\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].fields, (Fields{""}));
  EXPECT_EQ(r[2].line, 3);
}

TEST(CsvTest, QuotedFieldsWithCommasAndDoubledQuotes) {
  auto r = ReadAll(R"("Smith, Jane","Jane's ""Best"" Boxes","",x)"
                   "\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"Smith, Jane", "Jane's \"Best\" Boxes", "", "x"}));
}

TEST(CsvTest, EmbeddedNewlinesKeepPhysicalLineNumbers) {
  auto r = ReadAll("h1,h2\r\n\"two\r\nlines\",x\r\n\"three\nmore\nlines\",y\nlast,z");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[1].fields, (Fields{"two\r\nlines", "x"}));
  EXPECT_EQ(r[1].line, 2);
  EXPECT_EQ(r[2].fields, (Fields{"three\nmore\nlines", "y"}));
  EXPECT_EQ(r[2].line, 4);
  EXPECT_EQ(r[3].line, 7);
}

TEST(CsvTest, QuotedFieldAtEndOfTextWithoutNewline) {
  auto r = ReadAll("a,\"b\"");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "b"}));
}

TEST(CsvTest, Utf8PassesThrough) {
  auto r = ReadAll("Zoë Ångström,\"“q”\"\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"Zoë Ångström", "“q”"}));
}

TEST(CsvTest, StrayQuoteInUnquotedFieldIsAnErrorWithItsLine) {
  std::string error;
  int line = 0;
  auto r = ReadAll("a,b\n1,2\n3,4\"5\n", &error, &line);
  EXPECT_EQ(r.size(), 2u);
  EXPECT_NE(error.find("quote"), std::string::npos) << error;
  EXPECT_EQ(line, 3);
}

TEST(CsvTest, LeadingSpaceBeforeQuoteIsAStrayQuote) {
  std::string error;
  ReadAll("a, \"b\"\n", &error);
  EXPECT_FALSE(error.empty());
}

TEST(CsvTest, TextAfterClosingQuoteIsAnError) {
  std::string error;
  int line = 0;
  ReadAll("a\n\"x\ny\"z,1\n", &error, &line);
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(line, 3);
}

TEST(CsvTest, UnterminatedQuoteReportsTheLineWhereItOpened) {
  std::string error;
  int line = 0;
  auto r = ReadAll("a,b\n1,2\n3,\"never\nclosed\n\n", &error, &line);
  EXPECT_EQ(r.size(), 2u);
  EXPECT_NE(error.find("never closed"), std::string::npos) << error;
  EXPECT_EQ(line, 3);
}

TEST(CsvTest, ReaderStaysAtEndAfterAnError) {
  CsvReader reader("\"open\n");
  Fields f;
  int line = 0;
  std::string error;
  EXPECT_FALSE(reader.Next(&f, &line, &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(reader.Next(&f, &line, &error));
  EXPECT_TRUE(error.empty());
}

// ---------------------------------------------------------------- CsvDateReader

// The cell read with `format` in `zone`, as RFC 3339 UTC; "" when it is not read.
std::string ReadDate(std::string_view format, std::string_view cell,
                     std::string_view zone = "Australia/Sydney") {
  Result<CsvDateReader> reader = CsvDateReader::Create(format, zone);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return "error";
  std::optional<Millis> t = reader->Read(cell);
  return t ? FormatRfc3339(*t) : "";
}

TEST(CsvDateTest, DateWithoutTimeIsLocalMidnight) {
  EXPECT_EQ(ReadDate("%m/%d/%Y", "03/15/2025"), "2025-03-14T13:00:00Z");  // AEDT
  EXPECT_EQ(ReadDate("%m/%d/%Y", "07/04/2025"), "2025-07-03T14:00:00Z");  // AEST
  EXPECT_EQ(ReadDate("%m/%d/%Y", "7/4/2025"), "2025-07-03T14:00:00Z");
  EXPECT_EQ(ReadDate("%d.%m.%y", "04.07.25"), "2025-07-03T14:00:00Z");
  EXPECT_EQ(ReadDate("%Y%m%d", "20250704"), "2025-07-03T14:00:00Z");
  EXPECT_EQ(ReadDate("%F", "2025-07-04", "UTC"), "2025-07-04T00:00:00Z");
  EXPECT_EQ(ReadDate("", "2025-07-04", ""), "2025-07-04T00:00:00Z");
}

TEST(CsvDateTest, DateTimeWithoutOffsetIsLocalWallTime) {
  EXPECT_EQ(ReadDate("%d/%m/%Y %H:%M", "15/03/2025 09:30"), "2025-03-14T22:30:00Z");
  EXPECT_EQ(ReadDate("%d/%m/%Y %I:%M %p", "15/03/2025 9:30 pm"), "2025-03-15T10:30:00Z");
  EXPECT_EQ(ReadDate("%d/%m/%Y %I:%M %p", "15/03/2025 12:05 AM"), "2025-03-14T13:05:00Z");
  EXPECT_EQ(ReadDate("%F %T", "2025-03-15 09:30:15.5"), "2025-03-14T22:30:15.500Z");
  // 02:30 on 2025-10-05 does not exist in Sydney (clocks go 02:00 -> 03:00).
  EXPECT_EQ(ReadDate("%F %R", "2025-10-05 02:30"), "2025-10-04T16:30:00Z");
}

TEST(CsvDateTest, MonthAndWeekdayNames) {
  EXPECT_EQ(ReadDate("%b %d, %Y", "Mar 15, 2025", "UTC"), "2025-03-15T00:00:00Z");
  EXPECT_EQ(ReadDate("%d %B %Y", "4 july 2025", "UTC"), "2025-07-04T00:00:00Z");
  EXPECT_EQ(ReadDate("%a, %d %b %Y %T %z", "Fri, 04 Jul 2025 10:00:00 +1000", "UTC"),
            "2025-07-04T00:00:00Z");
  EXPECT_EQ(ReadDate("%d-%b-%Y", "04-Jly-2025", "UTC"), "");
}

TEST(CsvDateTest, OffsetsAndRfc3339AreTakenAsIs) {
  EXPECT_EQ(ReadDate("%Y-%m-%d %H:%M%z", "2025-07-04 10:00+10:00"), "2025-07-04T00:00:00Z");
  EXPECT_EQ(ReadDate("%Y-%m-%d %H:%M%z", "2025-07-04 10:00Z"), "2025-07-04T10:00:00Z");
  EXPECT_EQ(ReadDate("%m/%d/%Y", "2025-07-04T10:00:00-05:00"), "2025-07-04T15:00:00Z");
}

TEST(CsvDateTest, WhiteSpaceInTheFormatMatchesAnyRun) {
  EXPECT_EQ(ReadDate("%d %m %Y", "04   07 2025", "UTC"), "2025-07-04T00:00:00Z");
}

TEST(CsvDateTest, ImpossibleOrMismatchedCellsAreNotRead) {
  EXPECT_EQ(ReadDate("%m/%d/%Y", "02/30/2025"), "");
  EXPECT_EQ(ReadDate("%m/%d/%Y", "02/29/2025"), "");
  EXPECT_NE(ReadDate("%m/%d/%Y", "02/29/2024"), "");
  EXPECT_EQ(ReadDate("%m/%d/%Y", "13/01/2025"), "");
  EXPECT_EQ(ReadDate("%m/%d/%Y", "03/15/2025 extra"), "");
  EXPECT_EQ(ReadDate("%m/%d/%Y", "03-15-2025"), "");
  EXPECT_EQ(ReadDate("%F %H:%M", "2025-03-15 24:00"), "");
  EXPECT_EQ(ReadDate("%F %I:%M %p", "2025-03-15 13:00 PM"), "");
  EXPECT_EQ(ReadDate("", "15/03/2025"), "");
  EXPECT_EQ(ReadDate("", ""), "");
}

TEST(CsvDateTest, BadFormatsAndZonesAreInvalidArgument) {
  for (std::string_view format : {"%Q", "%Y-%m", "%m/%d", "%d %H:%M", "%"}) {
    Result<CsvDateReader> r = CsvDateReader::Create(format, "UTC");
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << format;
  }
  EXPECT_FALSE(CsvDateReader::Create("", "Nowhere/City").ok());
}

TEST(CsvDateTest, ExpectationNamesTheFormat) {
  Result<CsvDateReader> r = CsvDateReader::Create("%d.%m.%Y", "UTC");
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->expectation().find("%d.%m.%Y"), std::string::npos);
}

}  // namespace
}  // namespace packprod
