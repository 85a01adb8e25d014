// The view tables of WriteTx written once over sql::Session (store/sql/session.h). Each
// engine's transaction derives from ViewTables and supplies its session and, on
// PostgreSQL, the view lock taken before any view row is read or written. Used only by
// store/sqlite and store/postgres.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sql/session.h"
#include "store/store.h"

namespace packprod::store::sql {

class ViewTables : public WriteTx {
 public:
  // ---- views_contact_products.cc: contact_products (domain/usual_basket.h)
  Result<std::optional<ContactProduct>> GetContactProduct(const std::string& client,
                                                          const std::string& contact_id,
                                                          const std::string& code) override;
  Status PutContactProduct(const std::string& client, const ContactProduct& row) override;
  Status DeleteContactProduct(const std::string& client, const std::string& contact_id,
                              const std::string& code) override;
  Result<std::vector<ContactProduct>> ListContactProducts(const std::string& client,
                                                          const std::string& contact_id) override;
  Result<std::vector<ProductInOrder>> ContactProductOrders(const std::string& client,
                                                          const std::string& contact_id,
                                                          const std::string& code) override;
  // ---- views_product_day_customers.cc: product_day_customers (domain/day_customers.h)
  Result<std::optional<DayCustomers>> GetProductDayCustomers(const std::string& client,
                                                             const std::string& code,
                                                             DayNumber day) override;
  Result<std::vector<DayCustomers>> ReadProductDayCustomers(const std::string& client,
                                                            const std::string& code,
                                                            DayNumber from,
                                                            DayNumber to) override;
  Status PutProductDayCustomers(const std::string& client, const std::string& code,
                                const DayCustomers& row) override;

 protected:
  // This transaction's session.
  virtual Session& sql() = 0;
  // Runs before a view row is read or written (PostgreSQL: the view lock, tx.h).
  virtual Status BeforeViews() { return Status::Ok(); }

  // Every contact_products row of the client, multisets included, by (contact, code):
  // ReadViews' part.
  Status ReadAllContactProducts(const std::string& client, std::vector<ContactProduct>* out);
  // Every product_day_customers row of the client, by code then day: ReadViews' part.
  Status ReadAllProductDayCustomers(const std::string& client, KeyedDayCustomers* out);
};

}  // namespace packprod::store::sql
