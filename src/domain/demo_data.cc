#include "domain/demo_data.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/money.h"

namespace packprod {
namespace {

// ---------------------------------------------------------------- randomness

std::uint64_t Mix(std::uint64_t z) {  // splitmix64's finaliser
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// splitmix64: small, fast, and the same sequence on every platform.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream) : state_(Mix(seed) ^ Mix(stream + 0x632BE5AB)) {}

  std::uint64_t Next() { return Mix(state_ += 0x9E3779B97F4A7C15ULL); }
  // Uniform in [0, n) (multiply-shift; n > 0).
  std::uint64_t Below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  template <typename T, std::size_t N>
  const T& Pick(const std::array<T, N>& a) {
    return a[Below(N)];
  }
  // An index drawn with the given integer weights.
  template <std::size_t N>
  int Weighted(const std::array<int, N>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int r = static_cast<int>(Below(total));
    int i = 0;
    while (r >= weights[i]) r -= weights[i++];
    return i;
  }

 private:
  std::uint64_t state_;
};

// Streams of the generator, so that one use of randomness does not shift another.
enum Stream : std::uint64_t { kCounts = 1, kShuffle, kDays, kPopularity, kOrders, kCustomer };

// ---------------------------------------------------------------- the catalogue

struct Choice {
  std::string_view code, name;
  int factor;  // percent of the price
};

struct Family {
  std::string_view prefix, name;
  Cents base_price;     // per unit, before the factors
  int step, max_steps;  // sold in multiples of step, usually 1..max_steps of them
  std::vector<std::vector<Choice>> axes;
};

// The product families and their variant axes. Codes join the axes' code parts (a '-'
// between two digits); names join the name parts; the price is base x the factors.
// clang-format off
std::vector<Family> Families() {
  using V = std::vector<Choice>;
  V colours = {{"K", " Kraft", 100}, {"W", " White", 115}, {"B", " Black", 135},
               {"P", " Pink", 135}, {"G", " Grey", 110}};
  return {
      {"BOX", "Shipping Box", 60, 25, 40,
       {{{"1510", " 150x100x100mm", 70}, {"2015", " 200x150x100mm", 85},
         {"2520", " 250x200x150mm", 100}, {"3020", " 300x200x150mm", 115},
         {"3025", " 300x250x200mm", 130}, {"3530", " 350x300x200mm", 150},
         {"4030", " 400x300x300mm", 175}, {"4535", " 450x350x300mm", 200},
         {"5040", " 500x400x300mm", 240}, {"6040", " 600x400x400mm", 300}},
        {{"S", " Single Wall", 100}, {"D", " Double Wall", 160}},
        {{"", "", 100}, {"W", " White", 120}}}},
      {"MLR", "Die-Cut Mailer Box", 55, 25, 40,
       {{{"1710", " 170x100x50mm", 70}, {"2015", " 200x150x50mm", 80},
         {"2216", " 220x160x80mm", 90}, {"2518", " 250x180x80mm", 100},
         {"2820", " 280x200x100mm", 115}, {"3022", " 300x220x100mm", 125},
         {"3325", " 330x250x100mm", 140}, {"3828", " 380x280x120mm", 160},
         {"4030", " 400x300x150mm", 180}, {"4530", " 450x300x100mm", 195}},
        V(colours.begin(), colours.end() - 1)}},
      {"ENV", "Padded Envelope", 20, 50, 20,
       {{{"00", " #00 115x195mm", 80}, {"0", " #0 140x195mm", 90}, {"1", " #1 170x245mm", 100},
         {"2", " #2 210x280mm", 120}, {"3", " #3 240x330mm", 140}, {"4", " #4 265x380mm", 160},
         {"5", " #5 305x420mm", 190}, {"6", " #6 365x480mm", 230}},
        {{"B", " Bubble", 100}, {"P", " Paper", 110}},
        {{"K", " Kraft", 100}, {"W", " White", 105}, {"G", " Gold", 100}}}},
      {"PLY", "Poly Mailer", 10, 100, 20,
       {{{"1724", " 165x240mm", 70}, {"1926", " 190x260mm", 80}, {"2533", " 250x330mm", 100},
         {"3140", " 310x405mm", 120}, {"3648", " 360x480mm", 150}, {"4360", " 425x600mm", 190},
         {"5070", " 500x700mm", 240}, {"6080", " 600x800mm", 300}},
        colours,
        {{"", "", 100}, {"R", " Recycled", 130}}}},
      {"TAPE", "Packing Tape", 180, 6, 12,
       {{{"24", " 24mm", 60}, {"36", " 36mm", 80}, {"48", " 48mm", 100}, {"72", " 72mm", 150}},
        {{"50", " x 50m", 70}, {"66", " x 66m", 90}, {"75", " x 75m", 100},
         {"100", " x 100m", 130}},
        {{"C", " Clear", 100}, {"B", " Brown", 100}, {"F", " Fragile Printed", 140},
         {"L", " Low Noise", 130}, {"P", " Paper", 160}}}},
      {"BUB", "Bubble Wrap", 2500, 1, 10,
       {{{"300", " 300mm", 40}, {"375", " 375mm", 50}, {"500", " 500mm", 65}, {"750", " 750mm", 95},
         {"1000", " 1000mm", 125}, {"1500", " 1500mm", 180}},
        {{"10", " x 10m", 25}, {"50", " x 50m", 100}, {"100", " x 100m", 190}},
        {{"S", " Small Bubble", 100}, {"L", " Large Bubble", 120}, {"A", " Anti-Static", 170}}}},
      {"LBL", "Thermal Labels", 1200, 1, 40,
       {{{"10015", " 100x150mm", 100}, {"10050", " 100x50mm", 60}, {"6229", " 62x29mm", 40},
         {"4030", " 40x30mm", 35}, {"7538", " 75x38mm", 45}, {"10264", " 102x64mm", 70}},
        {{"2", " 250/roll", 60}, {"5", " 500/roll", 100}, {"10", " 1000/roll", 180}},
        {{"S", " 25mm core", 100}, {"L", " 76mm core", 105}}}},
      {"FILL", "Void Fill", 100, 1, 10,
       {{{"P250", " Kraft Paper 380mm x 250m", 4200}, {"P450", " Kraft Paper 380mm x 450m", 6900},
         {"HC100", " Honeycomb Paper 380mm x 100m", 5400},
         {"AIR5", " Air Pillows 200x100mm (500)", 3900},
         {"AIR10", " Air Pillows 200x100mm (1000)", 6900},
         {"PN05", " Loose Fill Peanuts 0.5m³", 3500}, {"PN1", " Loose Fill Peanuts 1m³", 5900},
         {"SH5", " Shredded Paper 5kg", 2400}, {"SH10", " Shredded Paper 10kg", 4300},
         {"CR1", " Crinkle Paper 1kg", 1900}}}},
      {"PW", "Pallet Wrap", 1800, 1, 24,
       {{{"40", " 400mm", 85}, {"50", " 500mm", 100}},
        {{"30", " x 300m", 80}, {"40", " x 400m", 100}, {"45", " x 450m", 110}},
        {{"17", " 17µm", 85}, {"20", " 20µm", 95}, {"23", " 23µm", 100}, {"25", " 25µm", 110}},
        {{"C", " Cast", 100}, {"B", " Blown", 115}, {"K", " Black", 120}}}},
      {"STR", "Strapping", 4500, 1, 8,
       {{{"PP", " Polypropylene", 100}, {"PET", " Polyester", 160}},
        {{"12", " 12mm", 80}, {"15", " 15mm", 100}, {"19", " 19mm", 130}},
        {{"1", " x 1000m", 60}, {"2", " x 2000m", 100}, {"3", " x 3000m", 140}}}},
      {"CNR", "Edge Protector", 60, 50, 20,
       {{{"050", " 50x50x3mm x 500mm", 60}, {"075", " 50x50x3mm x 750mm", 80},
         {"100", " 50x50x3mm x 1000mm", 100}, {"120", " 50x50x3mm x 1200mm", 115},
         {"150", " 50x50x3mm x 1500mm", 140}, {"200", " 50x50x3mm x 2000mm", 180}},
        {{"", "", 100}, {"H", " Heavy Duty", 150}}}},
      {"DOC", "Document Enclosure", 7, 500, 10,
       {{{"DL", " DL", 100}, {"C6", " C6", 90}, {"C5", " C5", 130}, {"C4", " C4", 170}},
        {{"P", " Plain", 100}, {"I", " Invoice Enclosed", 110},
         {"L", " Packing List Enclosed", 110}}}},
      {"TIS", "Tissue Paper 500x750mm", 1800, 1, 10,
       {{{"WH", " White", 100}, {"BK", " Black", 110}, {"PK", " Pink", 110}, {"NV", " Navy", 110},
         {"GD", " Gold", 140}, {"SL", " Silver", 140}, {"RD", " Red", 110}, {"SG", " Sage", 115},
         {"LV", " Lavender", 115}, {"KR", " Kraft", 95}, {"MT", " Mint", 115},
         {"CR", " Cream", 105}},
        {{"", " (480 sheets)", 100}}}},
      {"DSP", "Tape Dispenser", 1900, 1, 4,
       {{{"48", " 48mm", 100}, {"72", " 72mm", 130}},
        {{"S", " Standard", 100}, {"H", " Heavy Duty", 180}, {"L", " Low Noise", 210}}}},
      {"KRF", "Kraft Paper Roll", 3500, 1, 10,
       {{{"450", " 450mm", 70}, {"600", " 600mm", 90}, {"750", " 750mm", 110},
         {"900", " 900mm", 130}, {"1200", " 1200mm", 170}},
        {{"70", " 70gsm x 300m", 100}, {"80", " 80gsm x 300m", 110},
         {"90", " 90gsm x 250m", 115}}}},
      {"BAG", "Resealable Bag", 3, 100, 20,
       {{{"0508", " 50x75mm", 50}, {"0710", " 75x100mm", 70}, {"1015", " 100x150mm", 100},
         {"1520", " 150x200mm", 150}, {"2030", " 200x300mm", 230}, {"2535", " 250x350mm", 300},
         {"3040", " 300x400mm", 380}, {"4050", " 400x500mm", 520}},
        {{"50", " 50µm", 100}, {"75", " 75µm", 135}, {"100", " 100µm", 170}}}},
  };
}
// clang-format on

// Text pieces for Cat: a number, zero-padded to `width` digits.
struct Num {
  std::uint64_t value;
  int width = 0;
};

void AppendPiece(std::string* out, std::string_view s) { out->append(s); }
void AppendPiece(std::string* out, char c) { out->push_back(c); }
void AppendPiece(std::string* out, Num n) {
  char buf[24];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + n.value % 10);
    n.value /= 10;
  } while (n.value != 0 || buf + sizeof buf - p < n.width);
  out->append(p, buf + sizeof buf);
}

// Appends every piece: the generator's JSON writer (fast; the tables hold no character
// that JSON would need escaped).
template <typename... Pieces>
void Cat(std::string* out, const Pieces&... pieces) {
  (AppendPiece(out, pieces), ...);
}

struct Product {
  std::string head;  // {"code":"...","name":"...","quantity":
  Cents price;       // per unit
  int step, max_steps;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Variant `variant` of a family: its index spelled in mixed radix over the axes. Cycles
// after the first (more products asked for than the family has) add a series suffix.
Product MakeProduct(const Family& f, std::size_t variant, int cycle) {
  std::string code(f.prefix), name(f.name);
  code += '-';
  std::int64_t numerator = f.base_price, denominator = 1;
  for (const std::vector<Choice>& axis : f.axes) {
    const Choice& c = axis[variant % axis.size()];
    variant /= axis.size();
    if (!c.code.empty() && IsDigit(code.back()) && IsDigit(c.code.front())) code += '-';
    code += c.code;
    name += c.name;
    numerator *= c.factor;
    denominator *= 100;
  }
  Product p{"", std::max<Cents>(1, (numerator + denominator / 2) / denominator), f.step,
            f.max_steps};
  Cat(&p.head, "{\"code\":\"", code);
  if (cycle > 0) Cat(&p.head, "-S", Num{static_cast<std::uint64_t>(cycle) + 1});
  Cat(&p.head, "\",\"name\":\"", name);
  if (cycle > 0) Cat(&p.head, " (Series ", Num{static_cast<std::uint64_t>(cycle) + 1}, ')');
  Cat(&p.head, "\",\"quantity\":");
  return p;
}

template <typename T>
void Shuffle(std::vector<T>* v, Rng* rng) {
  for (std::size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[rng->Below(i)]);
}

// `count` products taken round-robin from the families (each family's variants in a
// fixed shuffled order), so that any count gives a mixed catalogue. The same for every
// seed.
std::vector<Product> BuildCatalogue(std::size_t count) {
  std::vector<Family> families = Families();
  Rng rng(0xCA7A1061E, 0);
  std::vector<std::vector<std::size_t>> variants(families.size());
  for (std::size_t f = 0; f < families.size(); ++f) {
    std::size_t n = 1;
    for (const auto& axis : families[f].axes) n *= axis.size();
    for (std::size_t v = 0; v < n; ++v) variants[f].push_back(v);
    Shuffle(&variants[f], &rng);
  }
  std::vector<Product> out;
  out.reserve(count);
  for (int cycle = 0; out.size() < count; ++cycle) {
    for (std::size_t k = 0, taken = 1; taken > 0 && out.size() < count; ++k) {
      taken = 0;
      for (std::size_t f = 0; f < families.size() && out.size() < count; ++f) {
        if (k >= variants[f].size()) continue;
        out.push_back(MakeProduct(families[f], variants[f][k], cycle));
        ++taken;
      }
    }
  }
  return out;
}

// Cumulative Zipf weights over a random ranking of the products: a few best sellers.
std::vector<std::uint64_t> ProductPopularity(std::size_t count, Rng rng) {
  std::vector<std::uint32_t> rank(count);
  for (std::size_t i = 0; i < count; ++i) rank[i] = static_cast<std::uint32_t>(i);
  Shuffle(&rank, &rng);
  std::vector<std::uint64_t> cdf(count);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < count; ++i) cdf[i] = sum += 1'000'000'000 / (rank[i] + 2);
  return cdf;
}

std::uint32_t PickProduct(const std::vector<std::uint64_t>& cdf, Rng* rng) {
  std::uint64_t r = rng->Below(cdf.back());
  return static_cast<std::uint32_t>(std::upper_bound(cdf.begin(), cdf.end(), r) - cdf.begin());
}

// ---------------------------------------------------------------- customers

// Orders per customer, largest first, summing to `orders`: 40% of customers order once;
// the other 60% follow a log-scale decline (a customer at relative rank x gets about
// 1000^((1-x)^1.5) shares) plus a Zipf head of a few wholesale accounts. Mean orders per
// customer = orders / customers; for 10 that is ~58% one-order customers and a top
// customer with ~0.4% of all orders.
std::vector<std::uint32_t> OrdersPerCustomer(std::int64_t orders, std::int64_t customers, Rng rng) {
  std::int64_t m = std::min(customers, orders);
  std::vector<std::uint32_t> counts(m, 1);
  std::int64_t extra = orders - m, repeaters = std::max<std::int64_t>(1, m * 6 / 10);
  if (m == 0 || extra == 0) return counts;
  auto shape = [&](std::int64_t i) {
    double x = 1.0 - (static_cast<double>(i) + 0.5) / static_cast<double>(repeaters);
    return std::pow(1000.0, std::pow(x, 1.5)) - 1.0;
  };
  double shape_sum = 0, zipf_sum = 0;
  for (std::int64_t i = 0; i < repeaters; ++i) {
    shape_sum += shape(i);
    zipf_sum += 1.0 / static_cast<double>(i + 1);
  }
  std::int64_t total = m;
  for (std::int64_t i = 0; i < repeaters; ++i) {
    double share = 0.95 * shape(i) / shape_sum + 0.05 / static_cast<double>(i + 1) / zipf_sum;
    counts[i] +=
        static_cast<std::uint32_t>(std::floor(static_cast<double>(extra) * share + rng.Unit()));
    total += counts[i] - 1;
  }
  for (std::int64_t i = 0; total != orders; i = (i + 1) % repeaters) {
    if (total < orders) {
      ++counts[i];
      ++total;
    } else if (counts[i] > 1) {
      --counts[i];
      --total;
    }
  }
  return counts;
}

// People and places. A name's ascii form is lower-case, for e-mail addresses.
// clang-format off
struct Name {
  std::string_view display, ascii;
};
constexpr std::array<Name, 48> kFirstNames = {{
    {"Olivia", "olivia"}, {"Charlotte", "charlotte"}, {"Amelia", "amelia"}, {"Isla", "isla"},
    {"Mia", "mia"}, {"Grace", "grace"}, {"Chloé", "chloe"}, {"Zoë", "zoe"}, {"Renée", "renee"},
    {"José", "jose"}, {"Noah", "noah"}, {"Oliver", "oliver"}, {"William", "william"},
    {"Jack", "jack"}, {"Leo", "leo"}, {"Henry", "henry"}, {"Lucas", "lucas"}, {"Thomas", "thomas"},
    {"James", "james"}, {"Ethan", "ethan"}, {"Hiroshi", "hiroshi"}, {"Mei", "mei"}, {"Wei", "wei"},
    {"Priya", "priya"}, {"Arjun", "arjun"}, {"Aisha", "aisha"}, {"Fatima", "fatima"},
    {"Omar", "omar"}, {"Sofia", "sofia"}, {"Lucía", "lucia"}, {"Matteo", "matteo"},
    {"Eleni", "eleni"}, {"Siobhán", "siobhan"}, {"Seán", "sean"}, {"Minh", "minh"},
     {"Linh", "linh"},
    {"Jarrah", "jarrah"}, {"Kirra", "kirra"}, {"Lachlan", "lachlan"}, {"Matilda", "matilda"},
    {"Harper", "harper"}, {"Ruby", "ruby"}, {"Max", "max"}, {"Sam", "sam"}, {"Emily", "emily"},
    {"Daniel", "daniel"}, {"Sarah", "sarah"}, {"Hannah", "hannah"},
}};
constexpr std::array<Name, 48> kLastNames = {{
    {"Smith", "smith"}, {"Jones", "jones"}, {"Williams", "williams"}, {"Brown", "brown"},
    {"Wilson", "wilson"}, {"Taylor", "taylor"}, {"Nguyen", "nguyen"}, {"Johnson", "johnson"},
    {"Martin", "martin"}, {"White", "white"}, {"Anderson", "anderson"}, {"Walker", "walker"},
    {"Thompson", "thompson"}, {"Lee", "lee"}, {"Ryan", "ryan"}, {"Chen", "chen"}, {"Wang", "wang"},
    {"Kelly", "kelly"}, {"King", "king"}, {"Harris", "harris"}, {"Robinson", "robinson"},
    {"Campbell", "campbell"}, {"Singh", "singh"}, {"Patel", "patel"}, {"Kaur", "kaur"},
    {"Papadopoulos", "papadopoulos"}, {"Rossi", "rossi"}, {"O'Brien", "obrien"},
    {"O'Connor", "oconnor"}, {"Murphy", "murphy"}, {"Müller", "muller"}, {"Núñez", "nunez"},
    {"García", "garcia"}, {"Tran", "tran"}, {"Pham", "pham"}, {"Kim", "kim"}, {"Park", "park"},
    {"Wright", "wright"}, {"Mitchell", "mitchell"}, {"Young", "young"}, {"Hall", "hall"},
    {"Scott", "scott"}, {"Green", "green"}, {"Baker", "baker"}, {"Davies", "davies"},
    {"Evans", "evans"}, {"Hughes", "hughes"}, {"Cooper", "cooper"},
}};
constexpr std::array<Name, 16> kBrands = {{
    {"Harbour", "harbour"}, {"Blue Gum", "bluegum"}, {"Coastal", "coastal"},
    {"Red Earth", "redearth"}, {"Southern Cross", "southerncross"}, {"Wattle", "wattle"},
    {"Ironbark", "ironbark"}, {"Bondi", "bondi"}, {"Yarra", "yarra"}, {"Kookaburra", "kookaburra"},
    {"Saltbush", "saltbush"}, {"Little Creek", "littlecreek"}, {"Northside", "northside"},
    {"Silver Gull", "silvergull"}, {"Paperbark", "paperbark"}, {"Tide & Co", "tideandco"},
}};
constexpr std::array<std::string_view, 16> kTrades = {
    "Coffee Roasters", "Candle Co", "Skincare", "Books", "Ceramics", "Pet Supplies",
    "Outdoor Gear", "Tea Merchants", "Apparel", "Print Studio", "Homewares", "Wines",
    "Toys", "Cycles", "Pantry", "Florals"};
constexpr std::array<std::string_view, 4> kCompanySuffixes = {"", " Pty Ltd", " Co.", " Trading"};
constexpr std::array<std::string_view, 5> kMailDomains = {
    "example.com", "example.net", "example.org", "mail.example", "inbox.example"};
constexpr std::array<std::string_view, 16> kStreets = {
    "George St", "Harbour Rd", "Queen St", "King St", "Beach Pde", "Station St", "Church St",
    "Park Ave", "Railway Pde", "High St", "Victoria Rd", "Bridge St", "Ocean Dr", "Hill St",
    "Wattle Cres", "Mill Ln"};
struct Place {
  std::string_view city, state, postcode;
};
constexpr std::array<Place, 16> kPlaces = {{
    {"Sydney", "NSW", "2000"}, {"Parramatta", "NSW", "2150"}, {"Newcastle", "NSW", "2300"},
    {"Melbourne", "VIC", "3000"}, {"Geelong", "VIC", "3220"}, {"Ballarat", "VIC", "3350"},
    {"Brisbane", "QLD", "4000"}, {"Gold Coast", "QLD", "4217"}, {"Cairns", "QLD", "4870"},
    {"Perth", "WA", "6000"}, {"Fremantle", "WA", "6160"}, {"Adelaide", "SA", "5000"},
    {"Hobart", "TAS", "7000"}, {"Launceston", "TAS", "7250"}, {"Canberra", "ACT", "2600"},
    {"Darwin", "NT", "0800"},
}};
// clang-format on

// Appends ,"customer":{...} for customer `index`: a pure function of seed and index,
// so a customer looks the same on every order. The e-mail's digits are the index, so
// no two customers share one.
void AppendCustomer(std::string* out, std::uint64_t seed, std::uint32_t index, bool business) {
  Rng rng(seed ^ Mix(index), kCustomer);
  const Name& first = rng.Pick(kFirstNames);
  const Name& last = rng.Pick(kLastNames);
  const Name& brand = rng.Pick(kBrands);
  Cat(out, ",\"customer\":{\"email\":\"");
  switch (rng.Below(3)) {
    case 0:
      Cat(out, first.ascii, '.', last.ascii, Num{index});
      break;
    case 1:
      Cat(out, first.ascii.front(), last.ascii, Num{index});
      break;
    default:
      Cat(out, first.ascii, '_', Num{index});
      break;
  }
  std::string_view domain = rng.Pick(kMailDomains);
  if (business && rng.Below(2) == 0) {
    Cat(out, '@', brand.ascii, ".example\"");
  } else {
    Cat(out, '@', domain, '"');
  }
  Cat(out, ",\"name\":\"", first.display, ' ', last.display, '"');
  if (business) {
    Cat(out, ",\"company\":\"", brand.display, ' ', rng.Pick(kTrades), rng.Pick(kCompanySuffixes),
        '"');
  }
  if (rng.Below(4) != 0) {
    std::uint64_t d = rng.Below(100'000'000);
    if (rng.Below(3) != 0) {
      Cat(out, ",\"phone\":\"04", Num{d / 1'000'000, 2}, ' ', Num{d / 1000 % 1000, 3}, ' ',
          Num{d % 1000, 3}, '"');
    } else {
      Cat(out, ",\"phone\":\"(0", "2378"[d % 4], ") ", Num{d / 10000 % 10000, 4}, ' ',
          Num{d % 10000, 4}, '"');
    }
  }
  out->push_back('}');
}

// Appends ,"shippingAddress":{...} for customer `index`.
void AppendAddress(std::string* out, std::uint64_t seed, std::uint32_t index) {
  Rng rng(seed ^ Mix(index), kCustomer + 1);
  const Place& place = rng.Pick(kPlaces);
  Cat(out, ",\"shippingAddress\":{\"line1\":\"");
  if (rng.Below(5) == 0) Cat(out, "Unit ", Num{1 + rng.Below(40)}, ", ");
  Cat(out, Num{1 + rng.Below(399)}, ' ', rng.Pick(kStreets), "\",\"city\":\"", place.city,
      "\",\"state\":\"", place.state, "\",\"postcode\":\"", place.postcode,
      "\",\"country\":\"AU\"}");
}

// ---------------------------------------------------------------- orders

constexpr std::array<std::string_view, 9> kStatuses = {"pending",   "processing", "on-hold",
                                                       "paid",      "shipped",    "completed",
                                                       "cancelled", "refunded",   "failed"};
// Per mille of kStatuses by the order's age: recent orders are still in progress.
constexpr std::array<std::array<int, 9>, 4> kStatusByAge = {{
    {120, 400, 60, 250, 100, 0, 30, 0, 40},   // today or yesterday
    {10, 80, 30, 100, 450, 250, 40, 10, 30},  // this week
    {0, 10, 10, 0, 100, 780, 50, 30, 20},     // this month
    {2, 0, 3, 0, 0, 900, 45, 30, 20},         // older
}};
constexpr std::array<int, 6> kItemCountWeights = {34, 26, 17, 11, 7, 5};  // 1..6 items
constexpr std::array<int, 3> kSourceWeights = {90, 7, 3};                 // web, email, phone
constexpr std::array<std::string_view, 3> kSources = {"web", "email", "phone"};
// Orders by local (Sydney) hour, by weekday (Monday first) and by month (in percent).
constexpr std::array<int, 24> kLocalHourWeights = {2,  1,  1,  1,  1,  2,  4,  8,  14, 18, 20, 20,
                                                   18, 19, 19, 18, 16, 14, 13, 13, 12, 10, 7,  4};
constexpr std::array<int, 7> kWeekdayWeights = {110, 115, 110, 105, 95, 60, 55};
constexpr std::array<int, 12> kMonthWeights = {85, 90,  100, 95,  100, 105,
                                               95, 100, 100, 105, 130, 120};

// `v` with ',' between groups of three digits.
void AppendMoneyGroups(std::string* out, std::uint64_t v) {
  if (v < 1000) {
    Cat(out, Num{v});
    return;
  }
  AppendMoneyGroups(out, v / 1000);
  Cat(out, ',', Num{v % 1000, 3});
}

// 1234.5 -> 1234.50 (a JSON number) or "1,234.50" (a money string).
void AppendMoney(std::string* out, Cents c, bool as_string) {
  Num whole{static_cast<std::uint64_t>(c / 100)}, cents{static_cast<std::uint64_t>(c % 100), 2};
  if (!as_string) {
    Cat(out, whole, '.', cents);
    return;
  }
  out->push_back('"');
  AppendMoneyGroups(out, whole.value);
  Cat(out, '.', cents, '"');
}

}  // namespace

struct DemoGenerator::State {
  explicit State(const DemoOptions& o);
  bool StartNextDay();
  void WriteOrder(int second_of_day, std::string* out);
  std::string_view StatusOf(std::int64_t order);
  void AppendItems(std::uint32_t customer, bool as_strings, std::string* out, Cents* subtotal);

  DemoOptions options;
  std::vector<Product> products;
  std::vector<std::uint64_t> popularity;      // cumulative, per product
  std::vector<std::uint32_t> orders_of;       // per customer
  std::vector<std::uint32_t> customer_of;     // per order
  std::vector<std::uint64_t> day_cumulative;  // weights of days [first_day, first_day + d]
  std::array<std::int64_t, 9> forced_status;  // the last nine orders: each status appears
  DayNumber first_day = 0, day = 0;
  std::int64_t next_day_index = 0, next_order = 0;
  std::string day_prefix;    // "2025-05-10T"
  std::vector<int> seconds;  // of the current day's orders, ascending
  std::size_t in_day = 0;
  Rng rng;
};

DemoGenerator::State::State(const DemoOptions& o) : options(o), rng(o.seed, kOrders) {
  std::int64_t customers = o.customers > 0 ? o.customers : std::max<std::int64_t>(1, o.orders / 10);
  products = BuildCatalogue(static_cast<std::size_t>(o.products));
  popularity = ProductPopularity(products.size(), Rng(o.seed, kPopularity));
  orders_of = OrdersPerCustomer(o.orders, customers, Rng(o.seed, kCounts));
  customer_of.reserve(static_cast<std::size_t>(o.orders));
  for (std::uint32_t c = 0; c < orders_of.size(); ++c) {
    customer_of.insert(customer_of.end(), orders_of[c], c);
  }
  Rng shuffle(o.seed, kShuffle);
  Shuffle(&customer_of, &shuffle);
  for (int s = 0; s < 9; ++s) forced_status[s] = o.orders >= 9 ? o.orders - 9 + s : -1;

  int y;
  unsigned m, d;
  CivilFromDays(o.end_day, &y, &m, &d);
  first_day = DaysFromCivil(y - o.years, m, m == 2 && d == 29 ? 28 : d) + 1;
  Rng noise(o.seed, kDays);
  std::uint64_t sum = 0;
  for (DayNumber day = first_day; day <= o.end_day; ++day) {
    CivilFromDays(day, &y, &m, &d);
    std::uint64_t growth = 1000 + 1500 * static_cast<std::uint64_t>(day - first_day) /
                                      static_cast<std::uint64_t>(o.end_day - first_day + 1);
    sum +=
        std::max<std::uint64_t>(1, growth * kWeekdayWeights[WeekdayOfDay(day)] *
                                       kMonthWeights[m - 1] * (80 + noise.Below(41)) / 1'000'000);
    day_cumulative.push_back(sum);
  }
}

bool DemoGenerator::State::StartNextDay() {
  if (next_day_index >= static_cast<std::int64_t>(day_cumulative.size())) return false;
  auto orders_before = [&](std::int64_t d) {
    if (d == 0) return std::int64_t{0};
    auto n = static_cast<unsigned __int128>(options.orders) * day_cumulative[d - 1];
    return static_cast<std::int64_t>(n / day_cumulative.back());
  };
  std::int64_t count = orders_before(next_day_index + 1) - orders_before(next_day_index);
  day = first_day + static_cast<DayNumber>(next_day_index++);
  seconds.resize(static_cast<std::size_t>(count));
  for (int& s : seconds) {
    int utc_hour = (rng.Weighted(kLocalHourWeights) + 14) % 24;  // Sydney is UTC+10
    s = utc_hour * 3600 + static_cast<int>(rng.Below(3600));
  }
  std::sort(seconds.begin(), seconds.end());
  in_day = 0;
  day_prefix = FormatDate(day) + "T";
  return true;
}

std::string_view DemoGenerator::State::StatusOf(std::int64_t order) {
  for (int s = 0; s < 9; ++s) {
    if (forced_status[s] == order) return kStatuses[s];
  }
  DayNumber age = options.end_day - day;
  int bucket = age <= 1 ? 0 : age <= 7 ? 1 : age <= 30 ? 2 : 3;
  return kStatuses[rng.Weighted(kStatusByAge[bucket])];
}

void DemoGenerator::State::AppendItems(std::uint32_t customer, bool as_strings, std::string* out,
                                       Cents* subtotal) {
  std::uint32_t orders = orders_of[customer];
  Rng taste(options.seed ^ Mix(customer), kCustomer + 2);  // a repeat customer's favourites
  std::array<std::uint32_t, 4> favourites;
  for (std::uint32_t& f : favourites) f = PickProduct(popularity, &taste);
  std::array<std::uint32_t, 6> chosen;
  int n = 1 + rng.Weighted(kItemCountWeights);
  out->append(",\"items\":[");
  for (int k = 0; k < n; ++k) {
    std::uint32_t p = 0;
    for (int attempt = 0; attempt < 4; ++attempt) {
      p = orders > 1 && rng.Below(2) == 0 ? favourites[rng.Below(4)]
                                          : PickProduct(popularity, &rng);
      if (std::find(chosen.begin(), chosen.begin() + k, p) == chosen.begin() + k) break;
    }
    chosen[k] = p;
    const Product& product = products[p];
    std::int64_t steps = 1 + static_cast<std::int64_t>(rng.Below(1 + rng.Below(product.max_steps)));
    if (orders >= 50) steps *= 1 + static_cast<std::int64_t>(rng.Below(3));  // trade accounts
    std::int64_t quantity = steps * product.step;
    if (k > 0) out->push_back(',');
    out->append(product.head);
    Cat(out, Num{static_cast<std::uint64_t>(quantity)}, ",\"unitPrice\":");
    AppendMoney(out, product.price, as_strings);
    out->append(",\"lineTotal\":");
    AppendMoney(out, quantity * product.price, as_strings);
    out->push_back('}');
    *subtotal += quantity * product.price;
  }
  out->push_back(']');
}

void DemoGenerator::State::WriteOrder(int second_of_day, std::string* out) {
  std::int64_t order = next_order++;
  std::uint32_t customer = customer_of[order];
  int source = rng.Weighted(kSourceWeights);
  bool as_strings = source == 1;  // as if parsed from an e-mail
  auto s = static_cast<std::uint64_t>(second_of_day);
  Cat(out, "{\"orderReference\":\"PP-", Num{static_cast<std::uint64_t>(order + 1), 7},
      "\",\"createdAt\":\"", day_prefix, Num{s / 3600, 2}, ':', Num{s / 60 % 60, 2}, ':',
      Num{s % 60, 2}, "Z\",\"status\":\"", StatusOf(order), '"');
  bool business = orders_of[customer] >= 20 || Mix(options.seed + customer) % 10 < 3;
  AppendCustomer(out, options.seed, customer, business);
  Cents subtotal = 0;
  AppendItems(customer, as_strings, out, &subtotal);
  Cents shipping = subtotal >= 25000 ? 0 : subtotal >= 10000 ? 995 : 1295;
  Cents total = subtotal + shipping;
  Cents tax = (2 * total + 11) / 22;  // GST included: total / 11, to the cent
  std::pair<std::string_view, Cents> money[] = {{",\"subtotal\":", subtotal},
                                                {",\"shipping\":", shipping},
                                                {",\"tax\":", tax},
                                                {",\"total\":", total}};
  for (const auto& [key, cents] : money) {
    out->append(key);
    AppendMoney(out, cents, as_strings);
  }
  Cat(out, ",\"source\":\"", kSources[source], '"');
  AppendAddress(out, options.seed, customer);
  out->push_back('}');
}

Status ValidateDemoOptions(const DemoOptions& o) {
  auto bad = [](std::string m) { return Status::InvalidArgument(std::move(m)); };
  if (o.orders < 0 || o.orders > 100'000'000) return bad("--orders must be 0..100000000");
  if (o.customers < 0) return bad("--customers must be >= 0");
  if (o.products < 1 || o.products > 100'000) return bad("--products must be 1..100000");
  if (o.years < 1 || o.years > 100) return bad("--years must be 1..100");
  int y;
  unsigned m, d;
  CivilFromDays(o.end_day, &y, &m, &d);
  if (y > 9999) return bad("--end must be a date in the years 1970..9999");
  // Every order's createdAt must be an accepted timestamp (domain/time.h): from 1970.
  if (y - o.years < 1970) return bad("--end minus --years must not reach before 1970");
  return Status::Ok();
}

DemoGenerator::DemoGenerator(DemoOptions options) : state_(std::make_unique<State>(options)) {}

DemoGenerator::~DemoGenerator() = default;

bool DemoGenerator::Next(std::string* jsonl_line) {
  jsonl_line->clear();
  while (state_->in_day == state_->seconds.size()) {
    if (!state_->StartNextDay()) return false;
  }
  state_->WriteOrder(state_->seconds[state_->in_day++], jsonl_line);
  return true;
}

std::int64_t DemoGenerator::customer_count() const {
  return static_cast<std::int64_t>(state_->orders_of.size());
}

}  // namespace packprod
