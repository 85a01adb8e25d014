#include "store/store.h"

#include <filesystem>

#include "domain/redact.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace packprod::store {

const char* RoleName(Role r) { return r == Role::kAdmin ? "admin" : "read"; }

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "admin") return Role::kAdmin;
  if (s == "read") return Role::kRead;
  return std::nullopt;
}

const char* ChangeOpName(ChangeOp op) {
  switch (op) {
    case ChangeOp::kInsert: return "INSERT";
    case ChangeOp::kModify: return "MODIFY";
    case ChangeOp::kRemove: return "REMOVE";
  }
  return "INSERT";
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& url) {
  return Open(url, OpenOptions{});
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& url, const OpenOptions& options) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with(kSqlite)) {
    std::string path = url.substr(kSqlite.size());
    if (path.empty()) return Status::InvalidArgument("--db sqlite: needs a path");
    if (path == ":memory:") return sqlite::OpenSqliteStore(path);
    if (!options.create && !std::filesystem::exists(path)) {
      return Status::NotFound("the store " + url + " does not exist");
    }
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return Status::Unavailable("cannot create " + parent.string() + ": " + ec.message());
    return sqlite::OpenSqliteStore(path);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return postgres::OpenPostgresStore(url, options.create);
  }
  return Status::InvalidArgument("unknown store URL '" + RedactUrl(url) +
                                 "': expected sqlite:PATH or postgresql://...");
}

Status Store::Backup(const std::string& to) {
  return Status::InvalidArgument("this store has no built-in backup");
}

Result<std::vector<ContactProduct>> Store::ContactProductViews(const std::string& client,
                                                              const std::string& contact_id) {
  std::vector<ContactProduct> out;
  PP_RETURN_IF_ERROR(Read([&](ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(out, tx.ListContactProducts(client, contact_id));
    return Status::Ok();
  }));
  return out;
}

Result<ProductCohortCells> Store::ReadProductCohortViews(const std::string& client,
                                                         MonthNumber from, MonthNumber to) {
  ProductCohortCells out;
  PP_RETURN_IF_ERROR(Read([&](ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(out, tx.ReadProductCohortCells(client, from, to));
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<FirstOrder>> Store::FirstOrderView(const std::string& client,
                                                        const std::string& contact_id) {
  std::optional<FirstOrder> out;
  PP_RETURN_IF_ERROR(Read([&](ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(out, tx.GetFirstOrder(client, contact_id));
    return Status::Ok();
  }));
  return out;
}

Status Store::FillProductDays(const std::string& client, DayNumber from_day, DayNumber to_day,
                              std::vector<ProductAggregate>* products) {
  PP_RETURN_IF_ERROR(Read([&](ReadTx& tx) -> Status {
    for (ProductAggregate& p : *products) {
      PP_ASSIGN_OR_RETURN(auto rows, tx.ReadProductDayCustomers(client, p.code, from_day, to_day));
      p.customers = DistinctCustomers(rows, from_day, to_day);
    }
    return Status::Ok();
  }));
  return FillProductNames(client, products);
}

}  // namespace packprod::store
