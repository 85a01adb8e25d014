#include "domain/accounts.h"

#include <algorithm>
#include <boost/json.hpp>
#include <iterator>
#include <tuple>

#include "domain/ids.h"
#include "domain/money.h"
#include "domain/text.h"

namespace packprod {
namespace {

constexpr std::string_view kFreeMail[] = {
#include "domain/free_mail_domains.inc"
};

// Legal forms dropped from the end of a company name (folded, punctuation removed).
constexpr std::string_view kLegalForms[] = {
    "ab",   "ag",  "as",           "bv",  "co",      "company", "corp", "corporation",
    "gmbh", "inc", "incorporated", "kg",  "limited", "llc",     "llp",  "lp",
    "ltd",  "nv",  "oy",           "plc", "pte",     "pty",     "pvt",  "sa",
    "sarl", "sas", "spa",          "srl", "ug",      "ulc"};

bool IsLegalForm(std::string_view w) {
  return std::find(std::begin(kLegalForms), std::end(kLegalForms), w) != std::end(kLegalForms);
}

constexpr std::string_view kCompany = "company:", kDomain = "domain:", kContact = "contact:";

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::string NormaliseCompany(std::string_view company) {
  const std::string folded = FoldCase(TrimSpace(company));
  std::string spaced;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c == '.' || c == '\'') continue;
    if (folded.compare(i, 3, "\xE2\x80\x99") == 0) {  // U+2019 right single quotation mark
      i += 2;
      continue;
    }
    if (c == '&') {
      spaced += " and ";
    } else if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      spaced += static_cast<char>(c);
    } else {
      spaced += ' ';
    }
  }
  std::vector<std::string_view> words;
  std::string_view rest = spaced;
  while (!rest.empty()) {
    std::size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    std::size_t end = rest.find(' ');
    words.push_back(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  if (words.size() > 1 && words.front() == "the") words.erase(words.begin());
  while (words.size() > 1 && IsLegalForm(words.back())) words.pop_back();
  std::string out;
  for (std::string_view w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::string EmailDomain(std::string_view email) {
  const std::size_t at = email.rfind('@');
  if (at == std::string_view::npos) return "";
  std::string d = FoldCase(TrimSpace(email.substr(at + 1)));
  while (!d.empty() && d.back() == '.') d.pop_back();
  return d;
}

bool IsFreeMailDomain(std::string_view domain) {
  return std::binary_search(std::begin(kFreeMail), std::end(kFreeMail), domain);
}

std::string NaturalAccountKey(std::string_view contact_id, std::string_view email,
                              const std::optional<std::string>& company) {
  if (company) {
    std::string n = NormaliseCompany(*company);
    if (!n.empty()) return std::string(kCompany) + n;
  }
  std::string d = EmailDomain(email);
  if (!d.empty() && !IsFreeMailDomain(d)) return std::string(kDomain) + d;
  return std::string(kContact) + std::string(contact_id);
}

std::string AccountIdOf(std::string_view client, std::string_view key) {
  return UuidV5(std::string(client) + "/account/" + std::string(key));
}

std::string_view AccountKeyKind(std::string_view key) {
  if (StartsWith(key, kCompany)) return "company";
  if (StartsWith(key, kDomain)) return "domain";
  return "contact";
}

std::string AccountRulesJson(const AccountRules& r) {
  boost::json::array merges, splits;
  for (const auto& [from, into] : r.merged_into) {
    merges.push_back(boost::json::object{{"from", from}, {"into", into}});
  }
  for (const std::string& c : r.split) splits.push_back(boost::json::value(c));
  return boost::json::serialize(boost::json::object{{"merges", merges}, {"splits", splits}});
}

Result<AccountRules> ParseAccountRules(std::string_view text) {
  AccountRules r;
  if (text.empty()) return r;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  auto bad = [](const std::string& what) {
    return Status::InvalidArgument("account rules: " + what);
  };
  if (ec || !v.is_object()) return bad("not a JSON object");
  const auto& o = v.get_object();
  if (const auto* m = o.if_contains("merges")) {
    if (!m->is_array()) return bad("merges is not an array");
    for (const auto& e : m->get_array()) {
      const auto* eo = e.if_object();
      const auto* from = eo ? eo->if_contains("from") : nullptr;
      const auto* into = eo ? eo->if_contains("into") : nullptr;
      if (!from || !into || !from->is_string() || !into->is_string()) {
        return bad("a merge needs string from and into");
      }
      r.merged_into[std::string(from->get_string())] = std::string(into->get_string());
    }
  }
  if (const auto* s = o.if_contains("splits")) {
    if (!s->is_array()) return bad("splits is not an array");
    for (const auto& e : s->get_array()) {
      if (!e.is_string()) return bad("a split is not a contact id");
      r.split.insert(std::string(e.get_string()));
    }
  }
  return r;
}

std::string ResolveAccountKey(const AccountRules& r, std::string_view contact_id,
                              std::string_view natural_key) {
  std::string key = r.split.count(std::string(contact_id))
                        ? std::string(kContact) + std::string(contact_id)
                        : std::string(natural_key);
  // Merges never form a cycle; the bound guards a hand-edited document.
  for (std::size_t hops = 0; hops <= r.merged_into.size(); ++hops) {
    auto it = r.merged_into.find(key);
    if (it == r.merged_into.end()) break;
    key = it->second;
  }
  return key;
}

Status AddMerge(AccountRules& r, const std::string& from, const std::string& into) {
  if (from == into) return Status::InvalidArgument("an account cannot be merged into itself");
  r.merged_into[from] = into;
  return Status::Ok();
}

void AddSplit(AccountRules& r, const std::string& contact_id) {
  r.split.insert(contact_id);
  r.merged_into.erase(std::string(kContact) + contact_id);
}

bool Account::operator==(const Account& o) const {
  const CustomerAggregate &a = totals, &b = o.totals;
  return account_id == o.account_id && key == o.key && contacts == o.contacts &&
         cadence == o.cadence && a.contact_id == b.contact_id && a.name == b.name &&
         a.company == b.company && a.order_count == b.order_count &&
         a.total_spend == b.total_spend && a.first_order == b.first_order &&
         a.last_order == b.last_order && a.last_order_reference == b.last_order_reference &&
         days == o.days && name_contact == o.name_contact;
}

Account AggregateAccount(std::string_view client, const std::string& key,
                         const std::vector<AccountMember>& members) {
  Account a;
  a.key = key;
  a.account_id = AccountIdOf(client, key);
  a.contacts = static_cast<std::int64_t>(members.size());
  CustomerAggregate& t = a.totals;
  t.contact_id = a.account_id;
  const CustomerAggregate* named = nullptr;  // smallest contact id with a company
  const CustomerAggregate* first = nullptr;  // smallest contact id
  std::vector<DayNumber> days;
  for (const AccountMember& m : members) {
    const CustomerAggregate& c = *m.customer;
    if (!first || c.contact_id < first->contact_id) first = &c;
    if (c.company && !NormaliseCompany(*c.company).empty() &&
        (!named || c.contact_id < named->contact_id)) {
      named = &c;
    }
    t.order_count += c.order_count;
    t.total_spend += c.total_spend;
    t.last_updated = std::max(t.last_updated, c.last_updated);
    if (c.first_order && (!t.first_order || *c.first_order < *t.first_order)) {
      t.first_order = c.first_order;
    }
    if (c.last_order &&
        (!t.last_order || *c.last_order > *t.last_order ||
         (*c.last_order == *t.last_order && c.last_order_reference > t.last_order_reference))) {
      t.last_order = c.last_order;
      t.last_order_reference = c.last_order_reference;
    }
    days.insert(days.end(), m.days.begin(), m.days.end());
  }
  if (named) {
    t.name = std::string(TrimSpace(*named->company));
  } else if (StartsWith(key, kDomain)) {
    t.name = key.substr(kDomain.size());
  } else if (first) {
    t.name = first->email;
  }
  if (StartsWith(key, kCompany)) t.company = t.name;
  if (named) a.name_contact = named->contact_id;
  a.days.emplace();
  for (DayNumber d : days) (void)a.days->Add(d, 1);
  a.cadence = CadenceOf(std::move(days));
  return a;
}

namespace {

// The (lastOrder, reference) that AggregateAccount keeps: the latest, ties by reference.
auto LastKey(const CustomerAggregate& c) {
  return std::tie(c.last_order, c.last_order_reference);
}

bool ChangeDays(DayMultiset& days, const DayMultiset* before, const DayMultiset* after) {
  if (before) {
    for (const auto& [day, n] : before->entries()) {
      if (!days.Add(day, -n).ok()) return false;
    }
  }
  if (after) {
    for (const auto& [day, n] : after->entries()) {
      if (!days.Add(day, n).ok()) return false;
    }
  }
  return true;
}

// One contact's change of ChangeAccount, without the cadence.
bool ChangeByContact(Account& a, const AccountMemberChange& c) {
  if (!a.days || !c.after) return false;
  CustomerAggregate& t = a.totals;
  const CustomerAggregate& now = *c.after;
  const CustomerAggregate* was = c.before;
  if (was) {
    if (was->email != now.email || was->company != now.company) return false;
    if (!ChangeDays(*a.days, c.days_before, c.days_after)) return false;
    t.order_count += now.order_count - was->order_count;
    t.total_spend += now.total_spend - was->total_spend;
  } else {
    if (!ChangeDays(*a.days, nullptr, c.days_after)) return false;
    ++a.contacts;
    t.order_count += now.order_count;
    t.total_spend += now.total_spend;
    if (now.company && !NormaliseCompany(*now.company).empty()) {
      if (!a.name_contact || now.contact_id < *a.name_contact) {
        a.name_contact = now.contact_id;
        t.name = std::string(TrimSpace(*now.company));
        if (StartsWith(a.key, kCompany)) t.company = t.name;
      }
    } else if (!a.name_contact && !StartsWith(a.key, kDomain)) {
      return false;  // named by its smallest contact's e-mail
    }
  }
  t.last_updated = std::max(t.last_updated, now.last_updated);
  // First order: the earliest; a contact that held it and moved later needs the others.
  const std::optional<Millis> no_first;
  const std::optional<Millis>& first_was = was ? was->first_order : no_first;
  if (now.first_order != first_was) {
    if (now.first_order && (!t.first_order || *now.first_order < *t.first_order)) {
      t.first_order = now.first_order;
    } else if (first_was && t.first_order == first_was) {
      return false;
    }
  }
  const CustomerAggregate none;
  const CustomerAggregate& last_was = was ? *was : none;
  if (LastKey(now) != LastKey(last_was)) {
    if (now.last_order && (!t.last_order || LastKey(now) > LastKey(t))) {
      t.last_order = now.last_order;
      t.last_order_reference = now.last_order_reference;
    } else if (last_was.last_order && LastKey(t) == LastKey(last_was)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool ChangeAccount(Account& a, const std::vector<AccountMemberChange>& changes) {
  for (const AccountMemberChange& c : changes) {
    if (!ChangeByContact(a, c)) return false;
  }
  const CustomerAggregate& t = a.totals;
  if (!a.days || t.order_count < 0 || a.days->total() != t.order_count) return false;
  a.cadence = CadenceOf(a.days->Expanded());
  return true;
}

std::vector<Account> GroupAccounts(std::string_view client,
                                   const std::vector<CustomerAggregate>& customers,
                                   const std::map<std::string, std::vector<DayNumber>>& days,
                                   const AccountRules& rules,
                                   std::map<std::string, std::string>* membership) {
  std::map<std::string, std::vector<AccountMember>> by_key;
  for (const CustomerAggregate& c : customers) {
    const std::string key =
        ResolveAccountKey(rules, c.contact_id, NaturalAccountKey(c.contact_id, c.email, c.company));
    AccountMember m{&c, {}};
    if (auto it = days.find(c.contact_id); it != days.end()) m.days = it->second;
    by_key[key].push_back(std::move(m));
  }
  std::vector<Account> out;
  for (const auto& [key, members] : by_key) {
    out.push_back(AggregateAccount(client, key, members));
    if (membership) {
      for (const AccountMember& m : members) {
        (*membership)[m.customer->contact_id] = out.back().account_id;
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Account& x, const Account& y) { return x.account_id < y.account_id; });
  return out;
}

boost::json::object AccountJson(const Account& a, Millis as_of, DayNumber today,
                                const ClientSettings& settings) {
  boost::json::object c = CustomerJson(a.totals, as_of, settings);
  boost::json::object o;
  o["accountID"] = a.account_id;
  o["name"] = a.totals.name.value_or("");
  o["kind"] = AccountKeyKind(a.key);
  o["contactCount"] = a.contacts;
  for (const char* f :
       {"orderCount", "totalSpend", "averageOrderValue", "firstOrderDate", "lastOrderDate",
        "lastOrderReference", "lastOrderDaysAgo", "segment", "purchaseFrequency"}) {
    o[f] = c[f];
  }
  if (!a.cadence) {
    o["reorder"] = nullptr;
    return o;
  }
  const ReorderSettings rs = ReorderSettingsOf(settings);
  o["reorder"] =
      boost::json::object{{"cadenceDays", a.cadence->cadence_days},
                          {"expectedDate", FormatDate(a.cadence->expected_day)},
                          {"daysOverdue", DaysLate(*a.cadence, today)},
                          {"status", ReorderStatusName(ReorderStatusOf(*a.cadence, today, rs))}};
  return o;
}

}  // namespace packprod
