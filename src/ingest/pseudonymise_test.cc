#include "ingest/pseudonymise.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace cairn {
namespace {

namespace fs = std::filesystem;

// The key 00 01 02 ... 1f.
PartnershipKey CountingKey() {
  PartnershipKey key;
  for (size_t i = 0; i < key.bytes.size(); ++i) key.bytes[i] = static_cast<uint8_t>(i);
  return key;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "cairn-pseudo-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

unsigned FileMode(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(Pseudonymise, NormalisesCaseWhitespaceAccentsAndPunctuation) {
  EXPECT_EQ(NormaliseIdentifier("  José  O'Neil "), "joseoneil");
  EXPECT_EQ(NormaliseIdentifier("  José  O'Neil "), NormaliseIdentifier("jose oneil"));
  EXPECT_EQ(NormaliseIdentifier("JOSE ONEIL"), NormaliseIdentifier("jose oneil"));
  EXPECT_EQ(NormaliseIdentifier("Zoë Brontë-Smith"), "zoebrontesmith");
  EXPECT_EQ(NormaliseIdentifier("Strauß"), "strauss");
  EXPECT_EQ(NormaliseIdentifier("Ærø Søren"), "aerosoren");
  EXPECT_EQ(NormaliseIdentifier("O\u2019NEIL"), "oneil");  // typographic apostrophe
  EXPECT_EQ(NormaliseIdentifier("ＪＯＳＥ"), "jose");      // full-width letters
}

TEST(Pseudonymise, NormalisesDates) {
  EXPECT_EQ(NormaliseIdentifier("13/04/1990"), "1990-04-13");
  EXPECT_EQ(NormaliseIdentifier("1990-04-13"), "1990-04-13");
  EXPECT_EQ(NormaliseIdentifier("13-Apr-1990"), "1990-04-13");
  EXPECT_EQ(NormaliseIdentifier(" 13/04/1990 00:00 "), "1990-04-13");
  EXPECT_EQ(NormaliseIdentifier("13 apr 1990"), "1990-04-13");
  EXPECT_EQ(NormaliseIdentifier("\u00a013/04/1990\u00a0"), "1990-04-13");  // no-break spaces
  // Not a date (no 31st of February): treated as text, digits kept.
  EXPECT_EQ(NormaliseIdentifier("31/02/1990"), "31021990");
}

TEST(Pseudonymise, NormalisesNumbersAndBlanks) {
  EXPECT_EQ(NormaliseIdentifier("485 777 3456"), "4857773456");
  EXPECT_EQ(NormaliseIdentifier("485-777-3456"), NormaliseIdentifier("4857773456"));
  EXPECT_EQ(NormaliseIdentifier("   "), "");
  EXPECT_EQ(NormaliseIdentifier(""), "");
  EXPECT_EQ(NormaliseIdentifier(" - "), "");
  EXPECT_TRUE(AllBlank({"", "  ", "-"}));
  EXPECT_FALSE(AllBlank({"", "Smith"}));
}

TEST(Pseudonymise, MatchesIndependentHmacSha256) {
  const PartnershipKey key = CountingKey();
  // Reference values from the OpenSSL command line, not from this code:
  //   KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
  //   printf 'jose\x1foneil\x1f1990-04-13' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY
  //   printf '4857773456' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY
  const Pseudonym person = MakePseudonym(key, {"José", "O'Neil", "13/04/1990"});
  EXPECT_EQ(person.size(), 32u);
  EXPECT_EQ(PseudonymToHex(person),
            "d5c292dc64789dd547b2a1a13cb309003a98b930898220009c01a1de8d4ad37f");
  EXPECT_EQ(PseudonymToHex(MakePseudonym(key, {"485 777 3456"})),
            "01e6bbc8e0b4688965b2a18d8cf4cf0200ad999c2c84d32fb329960817a718d6");
  // Spelled differently, same person.
  EXPECT_EQ(MakePseudonym(key, {"JOSE", "ONEIL", "1990-04-13"}), person);
  EXPECT_EQ(MakePseudonym(key, {" jose ", "o'neil", "13-Apr-1990"}), person);
}

TEST(Pseudonymise, FieldBoundariesMatter) {
  const PartnershipKey key = CountingKey();
  EXPECT_NE(MakePseudonym(key, {"ab", "c"}), MakePseudonym(key, {"a", "bc"}));
  EXPECT_NE(MakePseudonym(key, {"ab", ""}), MakePseudonym(key, {"", "ab"}));
}

TEST(Pseudonymise, DifferentKeysGiveDifferentPseudonyms) {
  PartnershipKey a = CountingKey(), b = CountingKey();
  b.bytes[31] ^= 1;
  EXPECT_NE(MakePseudonym(a, {"Smith", "Anna", "02/02/1985"}),
            MakePseudonym(b, {"Smith", "Anna", "02/02/1985"}));
  // Interleaving keys on one thread must not reuse the previous key.
  EXPECT_EQ(MakePseudonym(a, {"x"}), MakePseudonym(a, {"x"}));
  EXPECT_NE(MakePseudonym(b, {"x"}), MakePseudonym(a, {"x"}));
}

TEST(Pseudonymise, SafeToUseFromManyThreads) {
  const PartnershipKey key = CountingKey();
  const Pseudonym expected = MakePseudonym(key, {"Zoë", "Łukasz", "13/04/1990"});
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i)
        if (MakePseudonym(key, {"ZOE", "lukasz", "1990-04-13"}) != expected) ++mismatches;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Pseudonymise, HexRoundTrip) {
  const Pseudonym p = MakePseudonym(CountingKey(), {"4857773456"});
  Pseudonym back{};
  ASSERT_TRUE(PseudonymFromHex(PseudonymToHex(p), &back));
  EXPECT_EQ(back, p);
  EXPECT_FALSE(PseudonymFromHex("abc", &back));
  EXPECT_FALSE(PseudonymFromHex(std::string(64, 'g'), &back));
}

TEST(Pseudonymise, CreatedKeyFileIsPrivateAndLoads) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string path = dir.File("partnership.key");
  ASSERT_TRUE(CreateKeyFile(path).ok());
  EXPECT_EQ(FileMode(path), 0600u);
  std::ifstream in(path);
  std::string header, hex;
  std::getline(in, header);
  std::getline(in, hex);
  EXPECT_EQ(header, "cairn-partnership-key v1");
  EXPECT_EQ(hex.size(), 64u);
  Result<PartnershipKey> key = LoadKeyFile(path);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_NE(key->bytes, PartnershipKey{}.bytes);
}

TEST(Pseudonymise, CreateKeyFileRefusesToOverwrite) {
  TempDir dir;
  const std::string path = dir.File("partnership.key");
  ASSERT_TRUE(CreateKeyFile(path).ok());
  Result<PartnershipKey> before = LoadKeyFile(path);
  ASSERT_TRUE(before.ok());
  Status again = CreateKeyFile(path);
  EXPECT_FALSE(again.ok());
  EXPECT_NE(again.message().find(path), std::string::npos) << again.message();
  EXPECT_NE(again.message().find("already exists"), std::string::npos) << again.message();
  Result<PartnershipKey> after = LoadKeyFile(path);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->bytes, before->bytes);
}

TEST(Pseudonymise, TwoKeyFilesDiffer) {
  TempDir dir;
  ASSERT_TRUE(CreateKeyFile(dir.File("a.key")).ok());
  ASSERT_TRUE(CreateKeyFile(dir.File("b.key")).ok());
  EXPECT_NE(LoadKeyFile(dir.File("a.key"))->bytes, LoadKeyFile(dir.File("b.key"))->bytes);
}

TEST(Pseudonymise, LoadKeyFileRefusesReadableByOthers) {
  TempDir dir;
  const std::string path = dir.File("partnership.key");
  ASSERT_TRUE(CreateKeyFile(path).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  Result<PartnershipKey> key = LoadKeyFile(path);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("chmod 600"), std::string::npos) << key.status().message();
  EXPECT_NE(key.status().message().find(path), std::string::npos);
}

TEST(Pseudonymise, LoadKeyFileExplainsMissingAndMalformed) {
  TempDir dir;
  Result<PartnershipKey> missing = LoadKeyFile(dir.File("none.key"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("not found"), std::string::npos);
  EXPECT_NE(missing.status().message().find("cairn init"), std::string::npos);

  const std::string bad = dir.File("bad.key");
  WriteText(bad, "cairn-partnership-key v1\nnot-hex\n");
  ASSERT_EQ(::chmod(bad.c_str(), 0600), 0);
  Result<PartnershipKey> malformed = LoadKeyFile(bad);
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.status().message().find("not a Cairn partnership key"), std::string::npos)
      << malformed.status().message();

  const std::string good = dir.File("good.key");
  WriteText(good, "cairn-partnership-key v1\r\n" + std::string(64, 'A') + "\r\n");
  ASSERT_EQ(::chmod(good.c_str(), 0600), 0);
  Result<PartnershipKey> crlf = LoadKeyFile(good);
  ASSERT_TRUE(crlf.ok()) << crlf.status().message();
  EXPECT_EQ(crlf->bytes[0], 0xAA);
}

}  // namespace
}  // namespace cairn

namespace cairn {

TEST(Pseudonymise, PlaceholdersAreBlankSoTheyNeverLinkPeople) {
  for (const char* v : {"NULL", "Unknown", "N/A", "n.k.", "0000000000", " - "})
    EXPECT_EQ(NormaliseIdentifier(v), "") << v;
  EXPECT_TRUE(AllBlank({"Unknown", "NULL", ""}));
  EXPECT_FALSE(AllBlank({"Unknown", "Smith"}));
  EXPECT_EQ(NormaliseIdentifier("Nash"), "nash");  // a real name that starts like a placeholder
}

}  // namespace cairn
