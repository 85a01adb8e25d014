#include "domain/csv_orders.h"

#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "domain/order.h"
#include "domain/validate.h"

namespace packprod {
namespace {

namespace json = boost::json;

// The samples of the acceptance suite (g_cli.py).
constexpr std::string_view kStandard =
    "orderReference,createdAt,status,email,name,company,phone,code,productName,quantity,"
    "unitPrice,lineTotal,total,shipping,tax\n"
    "CLIC-0001,2025-05-10T09:00:00Z,completed,csv.one@cli.example,\"Smith, Jane\","
    "\"Jane's \"\"Best\"\" Boxes\",+61 2 5550 0001,BOX-1,Mailer Box,10,1.20,12.00,"
    "\"1,234.50\",9.95,\n"
    "CLIC-0001,,,,,,,TAPE-1,Packing Tape,3,$3.50,10.50,,,\n"
    "CLIC-0001,2025-06-01T00:00:00Z,cancelled,other@cli.example,Other Person,,,BUB-1,"
    "\"Bubble Wrap, large\",1,\"A$1,212.00\",1212.00,999.99,1.00,\n"
    "CLIC-0002,2025-05-11T21:30:00+10:00,shipped,csv.two@cli.example,Zoë Ångström,,,ENV-1,"
    "Padded Envelope,100,0.55,,55.00,,\n"
    "CLIC-0003,2025-05-12T00:00:00Z,paid,csv.one@cli.example,\"Smith, Jane\","
    "\"Jane's \"\"Best\"\" Boxes\",,LBL-1,Labels,2,24.90,49.80,AUD 63.70,0,5.79\n"
    "CLIC-0003,,,,,,,LBL-2,Labels small,1,13.90,13.90,,,\n";

constexpr std::string_view kNoTotal =
    "orderReference,createdAt,status,email,name,code,productName,quantity,unitPrice,lineTotal\n"
    "CLIN-0001,2025-05-20T10:00:00Z,paid,csv.three@cli.example,Tom Three,BOX-1,Mailer Box,5,"
    "1.20,6.00\n"
    "CLIN-0001,2025-05-20T10:00:00Z,paid,csv.three@cli.example,Tom Three,FILL-1,Void Fill,2,"
    "18.50,33.30\n"
    "CLIN-0002,2025-05-20T11:00:00Z,paid,csv.three@cli.example,Tom Three,TAPE-1,Packing Tape,4,"
    "3.50,14.00\n";

constexpr std::string_view kMapped =
    "Order ID,Order Date,Customer Email,Customer Name,SKU,Item,Qty,Price,Line Amount,"
    "Order Total,State\n"
    "CLIM-0001,03/15/2025,mapped.one@cli.example,Mia Mapped,BOX-1,Mailer Box,4,1.20,4.80,4.80,"
    "Open\n"
    "CLIM-0002,07/04/2025,mapped.two@cli.example,Max Mapped,TAPE-1,Packing Tape,2,3.50,7.00,"
    "7.00,Open\n"
    "CLIM-0003,10/05/2024,mapped.one@cli.example,Mia Mapped,ENV-1,Padded Envelope,10,0.55,5.50,"
    "12.50,Open\n"
    "CLIM-0003,10/05/2024,mapped.one@cli.example,Mia Mapped,LBL-1,Labels,1,7.00,7.00,12.50,"
    "Open\n"
    "CLIM-0004,10/07/2024,mapped.two@cli.example,Max Mapped,BOX-1,Mailer Box,1,1.20,1.20,1.20,"
    "Open\n";

constexpr std::string_view kSmallHeader =
    "orderReference,createdAt,status,email,name,code,productName,quantity,unitPrice,lineTotal,"
    "total\n";

CsvOptions MappedOptions() {
  CsvOptions o;
  o.map = {{"orderReference", "Order ID"},
           {"createdAt", "Order Date"},
           {"email", "Customer Email"},
           {"name", "Customer Name"},
           {"code", "SKU"},
           {"productName", "Item"},
           {"quantity", "Qty"},
           {"unitPrice", "Price"},
           {"lineTotal", "Line Amount"},
           {"total", "Order Total"}};
  o.date_format = "%m/%d/%Y";
  o.timezone = "Australia/Sydney";
  return o;
}

CsvResult MustConvert(std::string_view text, const CsvOptions& options = {}) {
  Result<CsvResult> r = CsvToOrders(text, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : CsvResult{};
}

void ExpectJson(const json::object& actual, std::string_view expected) {
  EXPECT_EQ(json::value(actual), json::parse(expected))
      << "actual:   " << json::serialize(actual) << "\nexpected: " << expected;
}

TEST(CsvOrdersTest, StandardHeadersGroupRowsAndKeepCellsAsWritten) {
  CsvResult r = MustConvert(kStandard);
  ASSERT_EQ(r.orders.size(), 3u);
  EXPECT_TRUE(r.rejected.empty());
  ExpectJson(r.orders[0].order, R"({"orderReference":"CLIC-0001",
    "createdAt":"2025-05-10T09:00:00Z","status":"completed",
    "customer":{"email":"csv.one@cli.example","name":"Smith, Jane",
                "company":"Jane's \"Best\" Boxes","phone":"+61 2 5550 0001"},
    "shipping":"9.95","total":"1,234.50",
    "items":[{"code":"BOX-1","name":"Mailer Box","quantity":10,"unitPrice":"1.20",
              "lineTotal":"12.00"},
             {"code":"TAPE-1","name":"Packing Tape","quantity":3,"unitPrice":"$3.50",
              "lineTotal":"10.50"},
             {"code":"BUB-1","name":"Bubble Wrap, large","quantity":1,"unitPrice":"A$1,212.00",
              "lineTotal":"1212.00"}]})");
  EXPECT_EQ(r.orders[0].line, 2);
  EXPECT_EQ(r.orders[0].item_lines, (std::vector<int>{2, 3, 4}));
  ExpectJson(r.orders[1].order, R"({"orderReference":"CLIC-0002",
    "createdAt":"2025-05-11T11:30:00Z","status":"shipped",
    "customer":{"email":"csv.two@cli.example","name":"Zoë Ångström"},"total":"55.00",
    "items":[{"code":"ENV-1","name":"Padded Envelope","quantity":100,"unitPrice":"0.55"}]})");
  EXPECT_EQ(r.orders[1].line, 5);
  ExpectJson(r.orders[2].order, R"({"orderReference":"CLIC-0003",
    "createdAt":"2025-05-12T00:00:00Z","status":"paid",
    "customer":{"email":"csv.one@cli.example","name":"Smith, Jane",
                "company":"Jane's \"Best\" Boxes"},
    "shipping":"0","tax":"5.79","total":"AUD 63.70",
    "items":[{"code":"LBL-1","name":"Labels","quantity":2,"unitPrice":"24.90","lineTotal":"49.80"},
             {"code":"LBL-2","name":"Labels small","quantity":1,"unitPrice":"13.90",
              "lineTotal":"13.90"}]})");
  EXPECT_EQ(r.orders[2].item_lines, (std::vector<int>{6, 7}));
}

TEST(CsvOrdersTest, TotalIsTheSumOfLineTotalsWithoutATotalColumn) {
  CsvResult r = MustConvert(kNoTotal);
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[0].order.at("total"), "39.30");  // lineTotal wins over 2 x 18.50
  EXPECT_EQ(r.orders[0].order.at("items").as_array().size(), 2u);
  EXPECT_EQ(r.orders[1].order.at("total"), "14.00");
}

TEST(CsvOrdersTest, ComputedTotalUsesQuantityTimesPriceAndAddsShipping) {
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,code,quantity,unitPrice,lineTotal,shipping\n"
      "A,2025-01-01T00:00:00Z,a@x.example,X,3,$1.10,,9.95\n"
      "A,,,Y,1,,2.00,100\n");
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].order.at("total"), "15.25");  // 3.30 + 2.00 + 9.95 (first row)
  EXPECT_EQ(r.orders[0].order.at("shipping"), "9.95");
}

TEST(CsvOrdersTest, ComputedTotalLeftOutWhenALineAmountIsUnreadable) {
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,code,quantity,unitPrice\n"
      "A,2025-01-01T00:00:00Z,a@x.example,X,many,1.00\n"
      "B,2025-01-01T00:00:00Z,b@x.example,X,1,1.005\n");
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_FALSE(r.orders[0].order.contains("total"));
  EXPECT_FALSE(r.orders[1].order.contains("total"));
}

TEST(CsvOrdersTest, MappedColumnsAndDateFormatGiveLocalMidnight) {
  CsvResult r = MustConvert(kMapped, MappedOptions());
  ASSERT_EQ(r.orders.size(), 4u);
  const char* created[] = {"2025-03-14T13:00:00Z", "2025-07-03T14:00:00Z", "2024-10-04T14:00:00Z",
                           "2024-10-06T13:00:00Z"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(r.orders[i].order.at("createdAt"), created[i]) << i;
    EXPECT_FALSE(r.orders[i].order.contains("status")) << "State is not mapped";
  }
  ExpectJson(r.orders[2].order, R"({"orderReference":"CLIM-0003",
    "createdAt":"2024-10-04T14:00:00Z",
    "customer":{"email":"mapped.one@cli.example","name":"Mia Mapped"},"total":"12.50",
    "items":[{"code":"ENV-1","name":"Padded Envelope","quantity":10,"unitPrice":"0.55",
              "lineTotal":"5.50"},
             {"code":"LBL-1","name":"Labels","quantity":1,"unitPrice":"7.00",
              "lineTotal":"7.00"}]})");
  EXPECT_EQ(r.orders[2].item_lines, (std::vector<int>{4, 5}));
}

TEST(CsvOrdersTest, MappingOverridesAColumnOfTheFieldName) {
  CsvOptions o;
  o.map = {{"total", "Grand Total"}};
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,total,Grand Total\nA,2025-01-01,a@x.example,1.00,2.00\n", o);
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].order.at("total"), "2.00");
  EXPECT_EQ(r.orders[0].order.at("createdAt"), "2025-01-01T00:00:00Z");  // UTC midnight
}

TEST(CsvOrdersTest, NonIntegerQuantityStaysAStringForTheValidator) {
  std::string text(kSmallHeader);
  text +=
      "CLIB-0002,2025-05-21T11:00:00Z,completed,b@x.example,Bad Two,BOX-1,Mailer Box,1,1.20,"
      "1.20,2.40\n"
      "CLIB-0002,2025-05-21T11:00:00Z,completed,b@x.example,Bad Two,TAPE-1,Packing Tape,many,"
      "1.20,1.20,2.40\n"
      "C,2025-05-21T11:00:00Z,completed,c@x.example,,X,,-2,1,1,1\n"
      "D,2025-05-21T11:00:00Z,completed,d@x.example,,X,,3.0,1,1,1\n";
  CsvResult r = MustConvert(text);
  ASSERT_EQ(r.orders.size(), 3u);
  EXPECT_TRUE(r.rejected.empty());
  const json::array& items = r.orders[0].order.at("items").as_array();
  EXPECT_EQ(items[0].at("quantity"), 1);
  EXPECT_EQ(items[1].at("quantity"), "many");
  EXPECT_EQ(r.orders[0].item_lines, (std::vector<int>{2, 3}));
  EXPECT_EQ(r.orders[1].order.at("items").at(0).at("quantity"), -2);
  EXPECT_EQ(r.orders[2].order.at("items").at(0).at("quantity"), "3.0");
}

TEST(CsvOrdersTest, RoundMoneyRoundsHalfAwayFromZero) {
  std::string text(kSmallHeader);
  text +=
      "R1,2025-05-22T10:00:00Z,completed,r@x.example,Rory,BOX-1,Box,1,10.125,10.125,10.125\n"
      "R2,2025-05-22T11:00:00Z,completed,r@x.example,Rory,BOX-1,Box,1,2.005,2.005,$2.005\n"
      "R3,2025-05-22T12:00:00Z,completed,r@x.example,Rory,BOX-1,Box,1,1.50,1.50,1.50\n";
  CsvOptions o;
  CsvResult plain = MustConvert(text, o);
  EXPECT_EQ(plain.orders[0].order.at("total"), "10.125");  // the validator rejects it
  o.round_money = true;
  CsvResult r = MustConvert(text, o);
  ASSERT_EQ(r.orders.size(), 3u);
  const char* expected[] = {"10.13", "2.01", "1.50"};
  for (int i = 0; i < 3; ++i) {
    const json::object& order = r.orders[i].order;
    EXPECT_EQ(order.at("total"), expected[i]) << i;
    EXPECT_EQ(order.at("items").at(0).at("unitPrice"), expected[i]) << i;
    EXPECT_EQ(order.at("items").at(0).at("lineTotal"), expected[i]) << i;
  }
}

TEST(CsvOrdersTest, RoundMoneyAppliesToComputedTotals) {
  CsvOptions o;
  o.round_money = true;
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,code,quantity,unitPrice\n"
      "A,2025-01-01T00:00:00Z,a@x.example,X,2,1.005\n",
      o);
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].order.at("total"), "2.02");
}

TEST(CsvOrdersTest, RowsOfOneOrderNeedNotBeAdjacent) {
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,code,lineTotal\n"
      "B,2025-01-02T00:00:00Z,b@x.example,X,1.00\n"
      "A,2025-01-01T00:00:00Z,a@x.example,X,2.00\n"
      "B,,,Y,3.00\n");
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[0].order.at("orderReference"), "B");
  EXPECT_EQ(r.orders[0].order.at("total"), "4.00");
  EXPECT_EQ(r.orders[0].item_lines, (std::vector<int>{2, 4}));
  EXPECT_EQ(r.orders[1].line, 3);
}

TEST(CsvOrdersTest, UnreadableDateRejectsTheWholeOrderWithItsLine) {
  CsvOptions o;
  o.date_format = "%d/%m/%Y";
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,code,lineTotal\n"
      "A,01/02/2025,a@x.example,X,1.00\n"
      "B,31/02/2025,b@x.example,X,1.00\n"
      "B,01/02/2025,b@x.example,Y,1.00\n"
      "C,2025-02-01,c@x.example,X,1.00\n",
      o);
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].order.at("createdAt"), "2025-02-01T00:00:00Z");
  ASSERT_EQ(r.rejected.size(), 2u);
  EXPECT_EQ(r.rejected[0].line, 3);
  EXPECT_EQ(r.rejected[0].reference, "B");
  EXPECT_NE(r.rejected[0].reason.find("31/02/2025"), std::string::npos) << r.rejected[0].reason;
  EXPECT_EQ(r.rejected[1].line, 5);
  EXPECT_EQ(r.rejected[1].reference, "C");
}

TEST(CsvOrdersTest, EmptyCellsAreAbsentAndBlankRowsAreSkipped) {
  CsvResult r = MustConvert(
      "orderReference,createdAt,status,email,name,company,code,total\n"
      "A, 2025-01-01T00:00:00Z ,,a@x.example,  ,,,1.00\n"
      ",,,,,,,\n"
      "\n");
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_TRUE(r.rejected.empty());
  ExpectJson(r.orders[0].order, R"({"orderReference":"A","createdAt":"2025-01-01T00:00:00Z",
    "customer":{"email":"a@x.example"},"total":"1.00"})");
}

TEST(CsvOrdersTest, RowWithoutReferenceIsRejectedAlone) {
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,total\n,2025-01-01T00:00:00Z,a@x.example,1.00\n"
      "B,2025-01-01T00:00:00Z,b@x.example,1.00\n");
  ASSERT_EQ(r.orders.size(), 1u);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 2);
  EXPECT_EQ(r.rejected[0].reference, "");
}

TEST(CsvOrdersTest, RowWithMoreCellsThanTheHeaderRejectsItsOrder) {
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,code,lineTotal\n"
      "A,2025-01-01T00:00:00Z,a@x.example,X,1.00\n"
      "A,2025-01-01T00:00:00Z,a@x.example,Smith, Jane,1.00\n"
      "B,2025-01-01T00:00:00Z,b@x.example,X,1.00,,\n");
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].order.at("orderReference"), "B");
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 3);
}

TEST(CsvOrdersTest, LineNumbersArePhysicalWithMultiLineCellsAndCrlf) {
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,name,total\r\n"
      "A,2025-01-01T00:00:00Z,a@x.example,\"two\r\nlines\",1.00\r\n"
      "B,bad date,b@x.example,,1.00\r\n");
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 4);
  EXPECT_EQ(r.orders[0].order.at("customer").at("name"), "two\r\nlines");
}

TEST(CsvOrdersTest, DateFormsWithoutAFormat) {
  CsvOptions o;
  o.timezone = "Australia/Sydney";
  CsvResult r = MustConvert(
      "orderReference,createdAt,email,total\n"
      "A,2025-01-15,a@x.example,1\n"
      "B,2025-01-15 09:30,a@x.example,1\n"
      "C,2025-07-15T09:30:15,a@x.example,1\n"
      "D,2025-01-15T09:30:00+01:00,a@x.example,1\n"
      "E,2025-01-15T09:30:00.250Z,a@x.example,1\n",
      o);
  ASSERT_EQ(r.orders.size(), 5u);
  const char* expected[] = {"2025-01-14T13:00:00Z", "2025-01-14T22:30:00Z", "2025-07-14T23:30:15Z",
                            "2025-01-15T08:30:00Z", "2025-01-15T09:30:00.250Z"};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(r.orders[i].order.at("createdAt"), expected[i]) << i;
}

TEST(CsvOrdersTest, ByteOrderMarkBeforeTheHeaderIsIgnored) {
  std::string text =
      "\xEF\xBB\xBF"
      "orderReference,createdAt,email,total\n"
      "A,2025-01-01T00:00:00Z,a@x.example,1\n";
  EXPECT_EQ(MustConvert(text).orders.size(), 1u);
}

TEST(CsvOrdersTest, HeaderNamesMatchIgnoringCaseAndSpaces) {
  CsvResult r = MustConvert(" OrderReference ,CREATEDAT,Email,Total\nA,2025-01-01,a@x.example,1\n");
  EXPECT_EQ(r.orders.size(), 1u);
}

Status ConvertError(std::string_view text, const CsvOptions& options = {}) {
  Result<CsvResult> r = CsvToOrders(text, options);
  return r.status();
}

TEST(CsvOrdersTest, FileLevelProblemsAreInvalidArgument) {
  CsvOptions unknown_field;
  unknown_field.map = {{"colour", "Colour"}};
  CsvOptions unknown_header;
  unknown_header.map = {{"total", "Order Total"}};
  CsvOptions bad_zone;
  bad_zone.timezone = "Mars/Olympus";
  CsvOptions bad_format;
  bad_format.date_format = "%Q";
  CsvOptions no_day;
  no_day.date_format = "%Y-%m";
  const std::string ok = "orderReference,createdAt,email,total\n";
  struct Case {
    std::string text;
    CsvOptions options;
    std::string_view want;
  } cases[] = {
      {"", {}, "no header"},
      {"createdAt,email,total\n", {}, "orderReference"},
      {"orderReference,email,total\n", {}, "createdAt"},
      {"orderReference,createdAt,total\n", {}, "email"},
      {"orderReference,createdAt,email,code\n", {}, "no total"},
      {ok, unknown_field, "unknown field"},
      {ok, unknown_header, "Order Total"},
      {ok, bad_zone, "Mars/Olympus"},
      {ok, bad_format, "%Q"},
      {ok, no_day, "day"},
      {ok + "A,\"2025-01-01,a@x.example,1\n", {}, "line 2"},
      {ok + "A,2025-01-01,a\"b@x.example,1\n", {}, "line 2"},
      {ok + "A,2025-01-01,a@x.example,1\nB,2025-01-01,Zo\xEB,1\n", {}, "line 3: not UTF-8"},
  };
  for (const Case& c : cases) {
    Status s = ConvertError(c.text, c.options);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << c.text;
    EXPECT_NE(s.message().find(c.want), std::string::npos) << s.message();
  }
}

TEST(CsvOrdersTest, HeaderOnlyGivesNoOrders) {
  CsvResult r = MustConvert("orderReference,createdAt,email,total\n");
  EXPECT_TRUE(r.orders.empty());
  EXPECT_TRUE(r.rejected.empty());
}

// The import validator's verdict on each order: its detail paths ("" when valid).
std::vector<std::string> Validate(const CsvResult& r) {
  ClientSettings client;
  client.client_id = "acme";
  std::vector<std::string> verdicts;
  for (const CsvOrder& o : r.orders) {
    std::vector<Detail> details;
    ValidateOrder(json::value(o.order), client, "", &details);
    std::string paths;
    for (const Detail& d : details) paths += d.path + " ";
    verdicts.push_back(paths);
  }
  return verdicts;
}

TEST(CsvOrdersTest, AcceptanceSamplesPassImportValidation) {
  for (const CsvResult& r :
       {MustConvert(kStandard), MustConvert(kNoTotal), MustConvert(kMapped, MappedOptions())}) {
    for (const std::string& paths : Validate(r)) EXPECT_EQ(paths, "");
  }
}

TEST(CsvOrdersTest, ValidatorDetailMapsBackToTheItemsRow) {
  std::string text(kSmallHeader);
  text +=
      "B1,2025-05-21T10:00:00Z,completed,b@x.example,B,BOX-1,Box,1,1.20,1.20,1.20\n"
      "B2,2025-05-21T11:00:00Z,completed,c@x.example,C,BOX-1,Box,1,1.20,1.20,2.40\n"
      "B2,2025-05-21T11:00:00Z,completed,c@x.example,C,TAPE-1,Tape,many,1.20,1.20,2.40\n";
  CsvResult r = MustConvert(text);
  std::vector<std::string> verdicts = Validate(r);
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_EQ(verdicts[0], "");
  EXPECT_EQ(verdicts[1], "/items/1/quantity ");
  EXPECT_EQ(r.orders[1].item_lines[1], 4);
}

// ---------------------------------------------------------------- RoundMoneyFields

json::object Rounded(std::string_view order_json) {
  json::object o = json::parse(order_json).as_object();
  RoundMoneyFields(o);
  return o;
}

TEST(CsvRoundMoneyFieldsTest, NumbersWithMoreThanTwoDecimalsBecomeCents) {
  json::object o = Rounded(R"({"total":10.125,"shipping":2.005,"tax":0.004,"subtotal":1.995,
    "items":[{"unitPrice":10.125,"lineTotal":20.25},{"unitPrice":0.125}]})");
  EXPECT_EQ(o.at("total"), 10.13);
  EXPECT_EQ(o.at("shipping"), 2.01);
  EXPECT_EQ(o.at("tax"), 0);
  EXPECT_EQ(o.at("subtotal"), 2);
  EXPECT_EQ(o.at("items").at(0).at("unitPrice"), 10.13);
  EXPECT_EQ(o.at("items").at(0).at("lineTotal"), 20.25);
  EXPECT_EQ(o.at("items").at(1).at("unitPrice"), 0.13);
}

TEST(CsvRoundMoneyFieldsTest, StringsWithMoreThanTwoDecimalsBecomePlainStrings) {
  json::object o = Rounded(R"({"total":"$1,234.565","shipping":"AUD 2.005","tax":"1.5",
    "items":[{"unitPrice":"A$0.555"}]})");
  EXPECT_EQ(o.at("total"), "1234.57");
  EXPECT_EQ(o.at("shipping"), "2.01");
  EXPECT_EQ(o.at("tax"), "1.5");
  EXPECT_EQ(o.at("items").at(0).at("unitPrice"), "0.56");
}

TEST(CsvRoundMoneyFieldsTest, InvalidValuesAreLeftForTheValidator) {
  json::object o = Rounded(R"({"total":-10.125,"shipping":"abc.125","tax":"-1.005",
    "subtotal":true,"items":"none","other":1.005})");
  EXPECT_EQ(o.at("total"), -10.125);
  EXPECT_EQ(o.at("shipping"), "abc.125");
  EXPECT_EQ(o.at("tax"), "-1.005");
  EXPECT_EQ(o.at("subtotal"), true);
  EXPECT_EQ(o.at("other"), 1.005);
  EXPECT_EQ(Rounded(R"({"total":12,"items":[1,{"code":"x"}]})").at("total"), 12);
}

}  // namespace
}  // namespace packprod
