#include "ingest/pseudonymise.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>

#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

std::string ErrnoText() { return std::strerror(errno); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes exactly 2 * n hex characters into bytes; false on any other length or character.
bool FromHex(std::string_view hex, uint8_t* out, size_t n) {
  if (hex.size() != 2 * n) return false;
  for (size_t i = 0; i < n; ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t put = ::write(fd, data.data(), data.size());
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return Status::IoError(path + ": cannot write key file (" + ErrnoText() + ")");
    data.remove_prefix(static_cast<size_t>(put));
  }
  return Status::Ok();
}

// Reads a whole (small) file from an open descriptor.
Result<std::string> ReadAll(int fd, const std::string& path) {
  std::string data;
  char buf[512];
  for (;;) {
    ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::IoError(path + ": cannot read key file (" + ErrnoText() + ")");
    if (got == 0) break;
    data.append(buf, static_cast<size_t>(got));
    if (data.size() > 4096) break;  // a key file is ~90 bytes; anything bigger is malformed
  }
  return data;
}

std::string_view TrimLineEnd(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

Status ParseKeyText(std::string_view text, const std::string& path, PartnershipKey* key) {
  const Status malformed =
      Status::Invalid(path + ": not a Cairn partnership key file (expected the line \"" +
                      std::string(kKeyFileHeader) + "\" followed by 64 hex digits)");
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos || TrimLineEnd(text.substr(0, nl)) != kKeyFileHeader)
    return malformed;
  std::string_view rest = text.substr(nl + 1);
  size_t nl2 = rest.find('\n');
  std::string_view hex = TrimLineEnd(rest.substr(0, nl2));
  if (nl2 != std::string_view::npos && !Trim(rest.substr(nl2 + 1)).empty()) return malformed;
  if (!FromHex(hex, key->bytes.data(), key->bytes.size())) return malformed;
  return Status::Ok();
}

// --- Normalisation ------------------------------------------------------------------------------

bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// Trims ASCII whitespace and no-break spaces (U+00A0, common in spreadsheet exports), so that a
// padded date is still recognised as a date.
std::string_view TrimSpaces(std::string_view s) {
  constexpr std::string_view kNbsp = "\xC2\xA0";
  for (;;) {
    std::string_view t = Trim(s);
    if (StartsWith(t, kNbsp)) t.remove_prefix(kNbsp.size());
    if (EndsWith(t, kNbsp)) t.remove_suffix(kNbsp.size());
    if (t.size() == s.size()) return t;
    s = t;
  }
}

// A date in any of the default formats becomes "YYYY-MM-DD"; nullopt if the value is not a date.
std::optional<std::string> NormaliseDate(std::string_view value) {
  if (value.empty() || value[0] < '0' || value[0] > '9') return std::nullopt;  // every pattern
  auto minutes = ParseDateTime(value, DefaultDatePatterns());
  if (!minutes) return std::nullopt;
  return FormatDate(*minutes);
}

std::string NormaliseAscii(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    }
  }
  return out;
}

// Keeps letters, spacing vowel signs (which carry meaning in Indic scripts) and digits (any
// script's digits become 0-9); drops everything else, including the accents NFKD split off.
icu::UnicodeString KeepLettersAndDigits(const icu::UnicodeString& text, bool* latin_non_ascii) {
  icu::UnicodeString kept;
  *latin_non_ascii = false;
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_isdigit(c)) {
      kept.append(static_cast<UChar32>('0' + u_charDigitValue(c)));
    } else if (u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_MC_MASK)) {
      kept.append(c);
      if (c >= 0x80) {
        UErrorCode status = U_ZERO_ERROR;
        if (uscript_getScript(c, &status) == USCRIPT_LATIN) *latin_non_ascii = true;
      }
    }
  }
  return kept;
}

// Spells the Latin letters that have no decomposition in ASCII (ø -> o, æ -> ae, ł -> l, þ -> th).
// One instance per thread: ICU transliterators must not be shared between threads. Null if ICU's
// data is unavailable.
const icu::Transliterator* LatinToAscii() {
  thread_local std::unique_ptr<icu::Transliterator> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
    return t;
  }();
  return instance.get();
}

// Compatibility decomposition strips accents (é -> e + U+0301, dropped below) and folds
// compatibility forms (ﬁ -> fi, full-width letters); full case folding turns ß into ss. This is the
// transliteration "NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; NFC" plus case folding, done by
// hand because a compound ICU transliterator costs microseconds per value.
std::string NormaliseUnicode(std::string_view value) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(value.data(), static_cast<int32_t>(value.size())));
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_SUCCESS(status)) text = nfkd->normalize(text, status);
  text.foldCase();
  bool latin_non_ascii = false;
  icu::UnicodeString kept = KeepLettersAndDigits(text, &latin_non_ascii);
  if (latin_non_ascii) {
    if (const icu::Transliterator* t = LatinToAscii()) {
      t->transliterate(kept);
      kept.foldCase();
      kept = KeepLettersAndDigits(kept, &latin_non_ascii);
    }
  }
  status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString composed = nfc->normalize(kept, status);  // e.g. Hangul jamo -> syllables
    if (U_SUCCESS(status)) kept = composed;
  }
  std::string out;
  kept.toUTF8String(out);
  return out;
}

// --- HMAC ---------------------------------------------------------------------------------------

// A per-thread HMAC-SHA256 context, keyed once and re-initialised per message (no fetch per call).
class HmacContext {
 public:
  HmacContext() {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac) ctx_ = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
  }
  ~HmacContext() {
    EVP_MAC_CTX_free(ctx_);
    OPENSSL_cleanse(key_.bytes.data(), key_.bytes.size());
  }
  HmacContext(const HmacContext&) = delete;
  HmacContext& operator=(const HmacContext&) = delete;

  bool Compute(const PartnershipKey& key, std::string_view message, Pseudonym* out) {
    if (!ctx_) return false;
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    bool ok = keyed_ && key.bytes == key_.bytes
                  ? EVP_MAC_init(ctx_, nullptr, 0, nullptr) == 1
                  : EVP_MAC_init(ctx_, key.bytes.data(), key.bytes.size(), params) == 1;
    keyed_ = ok;
    if (ok) key_ = key;
    size_t len = 0;
    ok = ok &&
         EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(message.data()),
                        message.size()) == 1 &&
         EVP_MAC_final(ctx_, out->data(), &len, out->size()) == 1 && len == out->size();
    return ok;
  }

 private:
  EVP_MAC_CTX* ctx_ = nullptr;
  PartnershipKey key_;
  bool keyed_ = false;
};

}  // namespace

// --- Key files ----------------------------------------------------------------------------------

Status CreateKeyFile(const std::string& path) {
  PartnershipKey key;
  if (RAND_bytes(key.bytes.data(), static_cast<int>(key.bytes.size())) != 1)
    return Status::Internal(path + ": cannot create key: the system random generator failed");
  std::string text =
      std::string(kKeyFileHeader) + "\n" + ToHex(key.bytes.data(), key.bytes.size()) + "\n";
  OPENSSL_cleanse(key.bytes.data(), key.bytes.size());

  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    Status st = errno == EEXIST
                    ? Status::Invalid(path +
                                      ": a key file already exists; refusing to overwrite it "
                                      "(a new key changes every pseudonym, so records would no "
                                      "longer link). Move it away first if you really mean to "
                                      "replace it.")
                    : Status::IoError(path + ": cannot create key file (" + ErrnoText() + ")");
    OPENSSL_cleanse(text.data(), text.size());
    return st;
  }
  Status st = WriteAll(fd, text, path);
  OPENSSL_cleanse(text.data(), text.size());
  if (st.ok() && ::fchmod(fd, 0600) != 0)  // in case a umask or ACL widened it
    st = Status::IoError(path + ": cannot set key file mode 0600 (" + ErrnoText() + ")");
  if (st.ok() && ::fsync(fd) != 0)
    st = Status::IoError(path + ": cannot flush key file to disk (" + ErrnoText() + ")");
  if (::close(fd) != 0 && st.ok())
    st = Status::IoError(path + ": cannot close key file (" + ErrnoText() + ")");
  if (!st.ok()) ::unlink(path.c_str());  // never leave a half-written key behind
  return st;
}

Result<PartnershipKey> LoadKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return Status::NotFound(path +
                              ": partnership key file not found; create it with `cairn init` "
                              "or name the right file with --key");
    return Status::IoError(path + ": cannot open key file (" + ErrnoText() + ")");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status s = Status::IoError(path + ": cannot inspect key file (" + ErrnoText() + ")");
    ::close(fd);
    return s;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Invalid(path + ": the key file is not a regular file");
  }
  if (st.st_mode & 077) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::Invalid(path + ": the partnership key file is accessible to other users (mode " +
                           mode +
                           "); anyone who can read it can re-identify people. Run `chmod 600 " +
                           path + "` and check who may have copied it.");
  }
  Result<std::string> text = ReadAll(fd, path);
  ::close(fd);
  if (!text.ok()) return text.status();
  PartnershipKey key;
  Status parsed = ParseKeyText(*text, path, &key);
  OPENSSL_cleanse(text->data(), text->size());
  if (!parsed.ok()) return parsed;
  return key;
}

// --- Pseudonyms ---------------------------------------------------------------------------------

// Values that systems write when they do not know an identifier. Treated as blank, so that two
// different people recorded as "Unknown" are never linked to each other.
static bool IsPlaceholder(const std::string& normalised) {
  static const char* const kPlaceholders[] = {
      "null",      "unknown", "unk",         "na",       "none",    "nil", "notknown", "nk",
      "notstated", "ns",      "notrecorded", "withheld", "refused", "tbc", "xx",       "xxx"};
  for (const char* p : kPlaceholders)
    if (normalised == p) return true;
  return normalised.find_first_not_of('0') == std::string::npos;  // "0", "0000000000"
}

std::string NormaliseIdentifier(std::string_view value) {
  value = TrimSpaces(value);
  if (value.empty()) return "";
  if (auto date = NormaliseDate(value)) return *date;
  std::string out = IsAscii(value) ? NormaliseAscii(value) : NormaliseUnicode(value);
  return IsPlaceholder(out) ? std::string() : out;
}

bool AllBlank(const std::vector<std::string_view>& values) {
  for (std::string_view v : values)
    if (!NormaliseIdentifier(v).empty()) return false;
  return true;
}

Pseudonym MakePseudonym(const PartnershipKey& key, const std::vector<std::string_view>& values) {
  std::string message;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) message.push_back('\x1f');
    message += NormaliseIdentifier(values[i]);
  }
  thread_local HmacContext hmac;
  Pseudonym out{};
  bool ok = hmac.Compute(key, message, &out);
  OPENSSL_cleanse(message.data(), message.size());
  if (!ok) throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");  // broken installation
  return out;
}

std::string PseudonymToHex(const Pseudonym& p) { return ToHex(p.data(), p.size()); }

std::string KeyFingerprint(const PartnershipKey& key) {
  // A message no normalised identifier can be (normalisation strips control characters), so the
  // fingerprint is never some person's pseudonym.
  static constexpr std::string_view kMessage =
      "\x1e"
      "cairn partnership key fingerprint v1";
  thread_local HmacContext hmac;
  Pseudonym out{};
  if (!hmac.Compute(key, kMessage, &out)) throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  return ToHex(out.data(), 8);
}

bool PseudonymFromHex(std::string_view hex, Pseudonym* out) {
  Pseudonym p;
  if (!FromHex(hex, p.data(), p.size())) return false;
  *out = p;
  return true;
}

}  // namespace cairn
