// SqlTx' product_day_customers rows (domain/day_customers.h, keyed by product code):
// per product and local day, the contacts whose first counted order of the product is that
// day and the histogram of the other customers' previous order day of the product; and
// product_block_customers, the same rows summed per aligned block of days
// (view_rows.h ProductBlockCustomersOf), read and written the same way.
#include <map>

#include "domain/day_multiset.h"
#include "store/sql/sql_tx.h"
#include "store/sql/view_queries.h"

namespace packprod::store::sql {
namespace {

constexpr const char* kColumns = "day, firsts, previous";

// One of the two tables: its name and the column of its second key (a day or a block),
// selected first as DayCustomersFromRow reads it.
struct Table {
  const char* name;
  const char* key;
  std::string Select() const {
    return std::string("SELECT ") + key + ", firsts, previous FROM " + name;
  }
};
constexpr Table kDays = {"product_day_customers", "day"};
constexpr Table kBlocks = {"product_block_customers", "block"};

}  // namespace

Result<std::optional<DayCustomers>> SqlTx::GetProductDayCustomers(const std::string& client,
                                                                  const std::string& code,
                                                                  DayNumber day) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::product_days, client, std::make_pair(code, day))) return *hit;
  PP_ASSIGN_OR_RETURN(auto rows, sql().QueryAll<DayCustomers>(
                                     std::string("SELECT ") + kColumns +
                                         " FROM product_day_customers WHERE client_id = ? AND "
                                         "code = ? AND day = ?",
                                     {client, code, std::int64_t{day}}, DayCustomersFromRow));
  if (rows.empty()) return std::optional<DayCustomers>();
  return std::optional<DayCustomers>(std::move(rows.front()));
}

Result<std::vector<DayCustomers>> SqlTx::ReadProductDayCustomers(const std::string& client,
                                                                 const std::string& code,
                                                                 DayNumber from, DayNumber to) {
  PP_RETURN_IF_ERROR(BeforeViews());
  return sql().QueryAll<DayCustomers>(std::string("SELECT ") + kColumns +
                                          " FROM product_day_customers WHERE client_id = ? AND "
                                          "code = ? AND day BETWEEN ? AND ? ORDER BY day",
                                      {client, code, std::int64_t{from}, std::int64_t{to}},
                                      DayCustomersFromRow);
}

Result<std::optional<DayCustomers>> SqlTx::GetProductBlockCustomers(const std::string& client,
                                                                    const std::string& code,
                                                                    DayNumber block) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::product_blocks, client, std::make_pair(code, block))) {
    return *hit;
  }
  PP_ASSIGN_OR_RETURN(auto rows,
                      sql().QueryAll<DayCustomers>(
                          kBlocks.Select() + " WHERE client_id = ? AND code = ? AND block = ?",
                          {client, code, std::int64_t{block}}, DayCustomersFromRow));
  if (rows.empty()) return std::optional<DayCustomers>();
  return std::optional<DayCustomers>(std::move(rows.front()));
}

Status SqlTx::PutProductDayCustomers(const std::string& client, const std::string& code,
                                     const DayCustomers& row) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::product_days, client, std::make_pair(code, row.day));
  if (row.customers() == 0) {
    return sql().Send(
        "DELETE FROM product_day_customers WHERE client_id = ? AND code = ? AND day = ?",
        {client, code, std::int64_t{row.day}});
  }
  static const std::string kSql = UpsertSql("product_day_customers", {"client_id", "code", "day"},
                                            {"firsts", "customers", "previous"});
  return sql().Send(kSql, {client, code, std::int64_t{row.day}, row.firsts, row.customers(),
                          Bytes{row.previous.Encode()}});
}

Status SqlTx::PutProductBlockCustomers(const std::string& client, const std::string& code,
                                       const DayCustomers& row) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::product_blocks, client, std::make_pair(code, row.day));
  if (row.customers() == 0) {
    return sql().Send(
        "DELETE FROM product_block_customers WHERE client_id = ? AND code = ? AND block = ?",
        {client, code, std::int64_t{row.day}});
  }
  static const std::string kSql =
      UpsertSql("product_block_customers", {"client_id", "code", "block"},
                {"firsts", "customers", "previous"});
  return sql().Send(kSql, {client, code, std::int64_t{row.day}, row.firsts, row.customers(),
                          Bytes{row.previous.Encode()}});
}

Status SqlTx::ReadAllProductDayCustomers(const std::string& client, KeyedDayCustomers* out,
                                         bool blocks) {
  const Table& t = blocks ? kBlocks : kDays;
  return sql().Query(
      std::string("SELECT code, ") + t.key + ", firsts, previous FROM " + t.name +
          " WHERE client_id = ? ORDER BY code, " + t.key,
      {client}, [&](const Row& r) -> Status {
        DayCustomers row;
        row.day = static_cast<DayNumber>(r.Int(1));
        row.firsts = r.Int(2);
        PP_ASSIGN_OR_RETURN(row.previous, DayMultiset::Decode(r.Bytes(3)));
        (*out)[r.Text(0)].push_back(std::move(row));
        return Status::Ok();
      });
}

Status SqlTx::PrefetchProductDays(const std::string& client,
                                  const std::vector<std::pair<std::string, DayNumber>>& keys,
                                  bool blocks) {
  const Table& t = blocks ? kBlocks : kDays;
  ViewCache& cache = cache_[client];
  auto& map = blocks ? cache.product_blocks : cache.product_days;
  std::vector<std::pair<std::string, DayNumber>> wanted;
  for (const auto& key : keys) {
    if (map.try_emplace(key).second) wanted.push_back(key);
  }
  Session& s = sql();
  for (std::size_t done = 0; done < wanted.size();) {
    std::size_t n = s.MaxRowsPerStatement();
    while (n > wanted.size() - done) n /= 2;
    std::string text = std::string("SELECT ") + t.key + ", firsts, previous, code FROM " +
                       t.name + " WHERE client_id = ? AND (code, " + t.key +
                       ") IN (VALUES (?, CAST(? AS BIGINT))";
    for (std::size_t i = 1; i < n; ++i) text += ", (?, CAST(? AS BIGINT))";
    text += ")";
    Args args = {client};
    for (std::size_t i = done; i < done + n; ++i) {
      args.emplace_back(wanted[i].first);
      args.emplace_back(std::int64_t{wanted[i].second});
    }
    PP_RETURN_IF_ERROR(s.Query(text, args, [&](const Row& r) -> Status {
      std::string code = r.Text(3);  // after DayCustomersFromRow's columns
      PP_ASSIGN_OR_RETURN(DayCustomers row, DayCustomersFromRow(r));
      const DayNumber day = row.day;
      map[{std::move(code), day}] = std::move(row);
      return Status::Ok();
    }));
    done += n;
  }
  return Status::Ok();
}

Status QueryProductDayCustomers(Session& s, const std::string& client, DayNumber from,
                                DayNumber to, std::vector<ProductAggregate>* products) {
  std::map<std::string, std::int64_t, std::less<>> customers;  // code -> distinct customers
  for (const ProductAggregate& p : *products) customers.emplace(p.code, 0);
  std::vector<std::string> codes;
  for (const auto& [code, n] : customers) codes.push_back(code);
  // Whole blocks [first_block, last_block] from product_block_customers, the days before
  // and after them from product_day_customers (all of [from, to] when no block lies wholly
  // inside), as QueryProductRange sums the products. Each row counts the contacts of its
  // days with no order of the product in [from, day): firsts plus the previous days
  // before `from` (DayCustomers::FirstSince; a block's days are all >= from), counted on
  // the encoded set without building it. 365 days: per product 22 blocks and at most 30
  // edge days instead of 365 day rows.
  const DayNumber first_block = ProductBlockOf(from - 1) + 1;
  const DayNumber last_block = ProductBlockOf(to + 1) - 1;
  struct Part {
    const Table* table;
    DayNumber lo, hi;
  };
  std::vector<Part> parts;
  if (first_block <= last_block) {
    parts.push_back({&kBlocks, first_block, last_block});
    parts.push_back({&kDays, from, first_block * kProductBlockDays - 1});
    parts.push_back({&kDays, (last_block + 1) * kProductBlockDays, to});
  } else {
    parts.push_back({&kDays, from, to});
  }
  for (const Part& part : parts) {
    if (part.lo > part.hi) continue;
    PP_RETURN_IF_ERROR(ForBatches(s, codes, [&](const std::vector<std::string>& batch) {
      std::string text = std::string(kGenericPlan) + "SELECT code, firsts, previous FROM " +
                         part.table->name + " WHERE client_id = ? AND " + part.table->key +
                         " BETWEEN ? AND ? AND code IN (?";
      for (std::size_t i = 1; i < batch.size(); ++i) text += ", ?";
      text += ")";
      Args args = {client, std::int64_t{part.lo}, std::int64_t{part.hi}};
      for (const std::string& code : batch) args.emplace_back(code);
      auto last = customers.end();  // a code's rows mostly arrive together: one lookup
      return s.Query(text, args, [&](const Row& r) -> Status {
        std::string code = r.Text(0);
        if (last == customers.end() || last->first != code) last = customers.find(code);
        if (last == customers.end()) return Status::Ok();
        PP_ASSIGN_OR_RETURN(std::int64_t before, DayMultiset::CountBefore(r.Bytes(2), from));
        last->second += r.Int(1) + before;
        return Status::Ok();
      });
    }));
  }
  for (ProductAggregate& p : *products) p.customers = customers[p.code];
  return Status::Ok();
}

}  // namespace packprod::store::sql
