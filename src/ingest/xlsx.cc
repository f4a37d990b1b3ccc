// Reading an .xlsx workbook: a zip archive (libzip) of XML parts (expat), ECMA-376 Part 1.
//
// The parts that matter, and the order they are read in:
//   xl/workbook.xml             <sheets><sheet name="Table P1" r:id="rId2"/>, <workbookPr date1904>
//   xl/_rels/workbook.xml.rels  rId2 -> worksheets/sheet2.xml (never guessed from the sheet number)
//   xl/sharedStrings.xml        <si><t>Cumbria</t></si>, or runs
//   <si><r><t>Cum</t></r><r><t>bria</t> xl/styles.xml               <cellXfs><xf numFmtId="14"/>:
//   which cell styles are dates xl/worksheets/sheetN.xml    <sheetData><row r="15"><c r="B15"
//   t="s"><v>42</v></c>...
// A sheet part is inflated 64 KiB at a time straight into expat's buffer, and each row is handed to
// the caller when its </row> closes, so memory stays flat however long the sheet is.
//
// Worked example: <c r="D9" s="3"><v>43831</v></c>, where cellXfs[3] has numFmtId 14 (a built-in
// date format): serial 43831 in the 1900 date system is 1899-12-30 + 43831 days = "2020-01-01".
// Serials below 61 are a day later than that rule gives, because Excel (after Lotus 1-2-3) counts a
// 29 February 1900 that never was: serial 60 is shown as 1900-02-29 and serial 59 as 1900-02-28. In
// the 1904 system (old Mac workbooks, workbookPr date1904="1") serial 0 is 1904-01-01.
#include "ingest/xlsx.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>

#include "util/csv.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {
namespace {

constexpr size_t kChunkBytes = 64 << 10;
constexpr uint64_t kMaxPartBytes = 4ull << 30;
constexpr uint64_t kMaxCompressionRatio = 1000;
// Below this a part cannot do harm however well it compresses (a megabyte of blanks is legitimate).
constexpr uint64_t kRatioCheckFromBytes = 1 << 20;
constexpr size_t kMaxCellBytes = 16 << 20;
constexpr int kMaxColumns = 16384;  // A..XFD
constexpr long kMaxRows = 1048576;
constexpr double kMaxSerial = 2958466;  // 10000-01-01 in the 1900 system

std::string_view LocalName(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

// The value of the attribute with this local name ("id" finds r:id), or null.
const char* Attr(const char** attrs, std::string_view local) {
  for (; *attrs; attrs += 2)
    if (LocalName(attrs[0]) == local) return attrs[1];
  return nullptr;
}

template <typename T>
bool ParseWhole(std::string_view s, T* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

// "C7" -> column 2, row 7 (row 0 when the reference has no digits). False when it is not a
// reference or its column is beyond XFD (then *col is kMaxColumns).
bool ParseCellRef(std::string_view ref, int* col, long* row) {
  size_t i = 0;
  int c = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i) {
    c = c * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (c > kMaxColumns) {
      *col = kMaxColumns;
      return false;
    }
  }
  if (i == 0) return false;
  *col = c - 1;
  *row = 0;
  if (i == ref.size()) return true;
  return ParseWhole(ref.substr(i), row) && *row >= 1 && *row <= kMaxRows;
}

// Receives one XML part's events; a handler stops the parse with Fail (an error) or Stop (done).
class XmlReader {
 public:
  virtual ~XmlReader() = default;
  virtual void Start(std::string_view name, const char** attrs) = 0;
  virtual void End(std::string_view /*name*/) {}
  virtual void Text(const char* /*s*/, int /*len*/) {}

  void Fail(std::string why) {
    if (status_.ok()) status_ = Status::Invalid(std::move(why));
    XML_StopParser(parser_, XML_FALSE);
  }
  void Stop() {
    stopped_ = true;
    XML_StopParser(parser_, XML_FALSE);
  }
  long Line() const { return static_cast<long>(XML_GetCurrentLineNumber(parser_)); }

  XML_Parser parser_ = nullptr;
  Status status_;
  bool stopped_ = false;
};

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  static_cast<XmlReader*>(data)->Start(LocalName(name), attrs);
}
void XMLCALL OnEnd(void* data, const XML_Char* name) {
  static_cast<XmlReader*>(data)->End(LocalName(name));
}
void XMLCALL OnText(void* data, const XML_Char* s, int len) {
  static_cast<XmlReader*>(data)->Text(s, len);
}
// A workbook never needs a DTD; refusing one refuses entity expansion ("billion laughs") outright.
void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* reader = static_cast<XmlReader*>(data);
  reader->Fail("line " + std::to_string(reader->Line()) +
               ": has a DOCTYPE declaration, which a workbook never has (refused: its entities "
               "could expand without limit)");
}
void XMLCALL OnEntityDecl(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                          const XML_Char*, const XML_Char*, const XML_Char*) {
  auto* reader = static_cast<XmlReader*>(data);
  reader->Fail("line " + std::to_string(reader->Line()) +
               ": declares an XML entity, which a workbook never does (refused: entities could "
               "expand without limit)");
}

struct ParserDeleter {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// Streams one zip entry through expat into `reader`. Messages are relative to the entry.
Status ParsePart(zip_t* archive, const std::string& entry, XmlReader& reader) {
  zip_int64_t index = zip_name_locate(archive, entry.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return Status::NotFound("is missing from the zip archive");
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &st) != 0)
    return Status::Invalid(std::string("cannot be read: ") + zip_strerror(archive));
  if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxPartBytes)
    return Status::Invalid("is " + WithCommas(static_cast<int64_t>(st.size)) +
                           " bytes uncompressed, more than 4 GiB: it looks like a zip bomb");
  if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
      st.size > kRatioCheckFromBytes &&
      st.size / std::max<zip_uint64_t>(st.comp_size, 1) > kMaxCompressionRatio)
    return Status::Invalid("is compressed " +
                           std::to_string(st.size / std::max<zip_uint64_t>(st.comp_size, 1)) +
                           ":1, more than 1000:1: it looks like a zip bomb");
  std::unique_ptr<zip_file_t, ZipFileCloser> file(
      zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
  if (!file) return Status::Invalid(std::string("cannot be opened: ") + zip_strerror(archive));

  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(XML_ParserCreate(nullptr));
  if (!parser) return Status::Internal("cannot create an XML parser (out of memory)");
  reader.parser_ = parser.get();
  XML_SetUserData(parser.get(), &reader);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  XML_SetEntityDeclHandler(parser.get(), OnEntityDecl);

  uint64_t total = 0;
  for (;;) {
    void* buffer = XML_GetBuffer(parser.get(), static_cast<int>(kChunkBytes));
    if (!buffer) return Status::Internal("cannot allocate the XML parser's buffer (out of memory)");
    zip_int64_t n = zip_fread(file.get(), buffer, kChunkBytes);
    if (n < 0)
      return Status::Invalid(std::string("cannot be inflated (the zip archive is damaged): ") +
                             zip_file_strerror(file.get()));
    total += static_cast<uint64_t>(n);
    if (total > kMaxPartBytes)
      return Status::Invalid("inflates to more than 4 GiB: it looks like a zip bomb");
    if (XML_ParseBuffer(parser.get(), static_cast<int>(n), n == 0) == XML_STATUS_ERROR) {
      if (!reader.status_.ok()) return reader.status_;
      if (reader.stopped_) return Status::Ok();
      return Status::Invalid("line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) +
                             ": malformed XML: " + XML_ErrorString(XML_GetErrorCode(parser.get())));
    }
    if (!reader.status_.ok()) return reader.status_;
    if (n == 0) return Status::Ok();
  }
}

// xl/workbook.xml: the sheets in order and the date system.
class WorkbookPartReader : public XmlReader {
 public:
  struct Sheet {
    std::string name, relationship_id;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;

  void Start(std::string_view name, const char** attrs) override {
    if (name == "sheet") {
      const char* sheet_name = Attr(attrs, "name");
      const char* id = Attr(attrs, "id");
      if (!sheet_name || !id)
        return Fail("line " + std::to_string(Line()) + ": a <sheet> has no name or no r:id");
      sheets.push_back({sheet_name, id});
    } else if (name == "workbookPr") {
      const char* d = Attr(attrs, "date1904");
      date1904 = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    }
  }
};

// xl/_rels/workbook.xml.rels: relationship id -> (type, target).
class RelationshipsReader : public XmlReader {
 public:
  struct Target {
    std::string type, target;
  };
  std::map<std::string, Target> by_id;

  void Start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* id = Attr(attrs, "Id");
    const char* target = Attr(attrs, "Target");
    const char* type = Attr(attrs, "Type");
    const char* mode = Attr(attrs, "TargetMode");
    if (!id || !target || (mode && std::strcmp(mode, "External") == 0)) return;
    by_id[id] = {type ? type : "", target};
  }
};

// xl/sharedStrings.xml: each <si>'s text, runs joined, phonetic guides (<rPh>) left out.
class SharedStringsReader : public XmlReader {
 public:
  std::vector<std::string> strings;

  void Start(std::string_view name, const char**) override {
    if (name == "si") {
      current_.clear();
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && phonetic_depth_ == 0) {
      collecting_ = true;
    }
  }
  void End(std::string_view name) override {
    if (name == "t") {
      collecting_ = false;
    } else if (name == "rPh") {
      --phonetic_depth_;
    } else if (name == "si") {
      strings.push_back(std::move(current_));
      current_.clear();
    }
  }
  void Text(const char* s, int len) override {
    if (!collecting_) return;
    current_.append(s, static_cast<size_t>(len));
    if (current_.size() > kMaxCellBytes)
      Fail("shared string " + std::to_string(strings.size()) + " holds more than 16 MiB of text");
  }

 private:
  std::string current_;
  int phonetic_depth_ = 0;
  bool collecting_ = false;
};

enum class DateKind : uint8_t { kNone, kDate, kDateTime };

// A number format code shows a date when it has a d, m, y, h or s outside quoted text, [brackets]
// (colours, conditions, locales) and escaped characters: "dd/mm/yyyy" and "h:mm" do, "0.00",
// "[Red]0" and "#,##0\" days\"" do not.
DateKind DateKindOfCode(std::string_view code) {
  bool date = false, time = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"' || c == '[') {
      i = code.find(c == '"' ? '"' : ']', i + 1);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;
      continue;
    }
    switch (std::tolower(static_cast<unsigned char>(c))) {
      case 'd':
      case 'm':
      case 'y':
        date = true;
        break;
      case 'h':
      case 's':
        time = true;
        break;
      default:
        break;
    }
  }
  return time ? DateKind::kDateTime : date ? DateKind::kDate : DateKind::kNone;
}

DateKind DateKindOfBuiltIn(int id) {
  if (id >= 14 && id <= 17) return DateKind::kDate;
  if ((id >= 18 && id <= 22) || (id >= 45 && id <= 47)) return DateKind::kDateTime;
  return DateKind::kNone;
}

// xl/styles.xml: for each cell style (cellXfs index, a cell's s=), whether it shows a date.
class StylesReader : public XmlReader {
 public:
  std::vector<DateKind> kinds;

  void Start(std::string_view name, const char** attrs) override {
    if (name == "numFmt") {
      const char* id = Attr(attrs, "numFmtId");
      const char* code = Attr(attrs, "formatCode");
      int n = 0;
      if (id && code && ParseWhole(std::string_view(id), &n)) custom_[n] = DateKindOfCode(code);
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = Attr(attrs, "numFmtId");
      int n = 0;
      if (!id || !ParseWhole(std::string_view(id), &n)) n = 0;
      auto it = custom_.find(n);
      kinds.push_back(it != custom_.end() ? it->second : DateKindOfBuiltIn(n));
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  std::map<int, DateKind> custom_;
  bool in_cell_xfs_ = false;
};

// A serial date as text, or "" when the number is not a date Excel can show (negative, past 9999).
std::string SerialToText(std::string_view number, bool date1904, DateKind kind) {
  double serial = 0;
  if (!ParseWhole(number, &serial) || !(serial >= 0) || serial >= kMaxSerial) return "";
  double whole = std::floor(serial);
  int64_t day = static_cast<int64_t>(whole);
  int64_t seconds = std::llround((serial - whole) * 86400.0);
  if (seconds >= 86400) {
    ++day;
    seconds = 0;
  }
  int y = 1900, m = 2, d = 29;
  if (date1904) {
    CivilFromDays(DaysFromCivil(1904, 1, 1) + day, &y, &m, &d);
  } else if (day < 60) {
    CivilFromDays(DaysFromCivil(1899, 12, 31) + day, &y, &m, &d);
  } else if (day > 60) {
    CivilFromDays(DaysFromCivil(1899, 12, 30) + day, &y, &m, &d);
  }
  char text[32];
  if (kind == DateKind::kDateTime || seconds != 0) {
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d,
                  static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                  static_cast<int>(seconds % 60));
  } else {
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
  }
  return text;
}

// "worksheets/sheet1.xml" (relative to xl/) or "/xl/worksheets/sheet1.xml" -> the zip entry name.
std::string ResolvePartName(const std::string& target) {
  std::string joined = StartsWith(target, "/") ? target.substr(1) : "xl/" + target;
  std::vector<std::string> parts;
  for (auto& part : Split(joined, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  return Join(parts, "/");
}

bool HasEntry(zip_t* archive, const std::string& name) {
  return zip_name_locate(archive, name.c_str(), ZIP_FL_NOCASE) >= 0;
}

}  // namespace

struct XlsxWorkbook::Impl {
  ~Impl() {
    if (archive) zip_discard(archive);
  }
  std::string file_name;
  std::string bytes;  // the archive reads from these; never changed after Open
  zip_t* archive = nullptr;
  std::vector<std::string> sheet_names;
  std::vector<std::string> sheet_parts;  // the zip entry of each sheet
  std::vector<std::string> shared_strings;
  std::vector<DateKind> style_dates;  // by cellXfs index
  bool date1904 = false;

  std::string Where(int sheet) const {
    return file_name + ", sheet \"" + sheet_names[static_cast<size_t>(sheet)] + "\" (" +
           sheet_parts[static_cast<size_t>(sheet)] + ")";
  }
  Status ParseOptionalPart(const std::string& entry, XmlReader& reader) const {
    if (!HasEntry(archive, entry)) return Status::Ok();
    return ParsePart(archive, entry, reader).WithContext(file_name + " (" + entry + ")");
  }
};

namespace {

// What to say about bytes that are not a zip. An OLE compound file (D0 CF 11 E0 A1 B1 1A E1) is
// either an encrypted OOXML workbook (Excel wraps it in OLE with an EncryptionInfo stream) or a
// legacy BIFF .xls; directory entry names are UTF-16LE.
Status RefuseNotZip(std::string_view data, const std::string& file_name, const char* why) {
  static constexpr std::string_view kOle("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  auto utf16 = [](std::string_view ascii) {
    std::string out;
    for (char c : ascii) {
      out.push_back(c);
      out.push_back('\0');
    }
    return out;
  };
  if (StartsWith(data, kOle)) {
    if (data.find(utf16("EncryptionInfo")) != std::string_view::npos)
      return Status::Invalid(
          file_name + ": is password-protected; remove the password in Excel and save again");
    if (data.find(utf16("Workbook")) != std::string_view::npos ||
        data.find(utf16("Book")) != std::string_view::npos)
      return Status::Invalid(file_name +
                             ": is an Excel 97-2003 .xls workbook, not .xlsx; save it as .xlsx or "
                             "CSV");
    return Status::Invalid(file_name +
                           ": is an OLE compound document (an old Office file), not an .xlsx "
                           "workbook");
  }
  if (StartsWith(data, "PK"))
    return Status::Invalid(file_name + ": is a damaged zip archive (libzip: " + why +
                           "); it may be truncated: copy or download it again");
  return Status::Invalid(
      file_name + ": is not an .xlsx workbook: it is not a zip archive (libzip: " + why + ")");
}

}  // namespace

XlsxWorkbook::XlsxWorkbook(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxWorkbook::XlsxWorkbook(XlsxWorkbook&&) noexcept = default;
XlsxWorkbook& XlsxWorkbook::operator=(XlsxWorkbook&&) noexcept = default;
XlsxWorkbook::~XlsxWorkbook() = default;

std::string XlsxColumnName(int col) {
  if (col < 0) return "?";
  std::string name;
  for (int n = col + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), 'A' + (n - 1) % 26);
  return name;
}

std::string XlsxCellName(long row, int col) { return XlsxColumnName(col) + std::to_string(row); }

bool LooksLikeWorkbook(std::string_view data) {
  return data.substr(0, 4) == std::string_view("PK\x03\x04", 4) ||
         data.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

Result<std::string> XlsxSheetAsCsv(std::string_view data, const std::string& file_name,
                                   const std::string& sheet) {
  Result<XlsxWorkbook> book = XlsxWorkbook::Open(data, file_name);
  if (!book.ok()) return book.status();
  Result<int> index = book->FindSheet(sheet.empty() ? "#1" : sheet);
  if (!index.ok()) return index.status();
  std::string csv;
  long line = 1;
  size_t width = 0;
  Status problem;
  Status read = book->ForEachRow(*index, [&](const XlsxRow& row) {
    if (!row.problems.empty()) {
      problem =
          Status::Invalid(file_name + ": cell " + XlsxCellName(row.number, row.problems[0].first) +
                          " " + row.problems[0].second);
      return false;
    }
    for (; line < row.number; ++line) csv += '\n';
    // A sheet leaves out trailing blank cells; a table's rows are as wide as its header.
    if (width == 0) width = row.cells.size();
    for (size_t i = 0; i < std::max(width, row.cells.size()); ++i) {
      if (i > 0) csv += ',';
      if (i < row.cells.size()) csv += CsvQuote(row.cells[i]);
    }
    csv += '\n';
    ++line;
    return true;
  });
  if (!problem.ok()) return problem;
  if (!read.ok()) return read;
  return csv;
}

Result<XlsxWorkbook> XlsxWorkbook::Open(std::string_view data, const std::string& file_name) {
  if (data.empty())
    return Status::Invalid(file_name + ": is empty (0 bytes), not an .xlsx workbook");
  auto impl = std::make_unique<Impl>();
  impl->file_name = file_name;
  impl->bytes.assign(data);

  // The container.
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(impl->bytes.data(), impl->bytes.size(), 0, &error);
  if (source) impl->archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!impl->archive) {
    if (source) zip_source_free(source);
    Status refused = RefuseNotZip(data, file_name, zip_error_strerror(&error));
    zip_error_fini(&error);
    return refused;
  }
  zip_error_fini(&error);
  if (!HasEntry(impl->archive, "xl/workbook.xml"))
    return Status::Invalid(file_name +
                           ": is a zip archive but not an .xlsx workbook (it has no "
                           "xl/workbook.xml)");

  // The sheet list, then where each sheet's part is.
  WorkbookPartReader workbook;
  CAIRN_RETURN_IF_ERROR(ParsePart(impl->archive, "xl/workbook.xml", workbook)
                            .WithContext(file_name + " (xl/workbook.xml)"));
  impl->date1904 = workbook.date1904;
  RelationshipsReader rels;
  const std::string rels_entry = "xl/_rels/workbook.xml.rels";
  CAIRN_RETURN_IF_ERROR(
      ParsePart(impl->archive, rels_entry, rels).WithContext(file_name + " (" + rels_entry + ")"));
  for (const auto& sheet : workbook.sheets) {
    auto it = rels.by_id.find(sheet.relationship_id);
    if (it == rels.by_id.end())
      return Status::Invalid(file_name + ": sheet \"" + sheet.name + "\" refers to " +
                             sheet.relationship_id + ", which " + rels_entry + " does not list");
    impl->sheet_names.push_back(sheet.name);
    impl->sheet_parts.push_back(ResolvePartName(it->second.target));
  }

  // Shared strings and styles, each optional (a workbook of numbers only may have neither).
  std::string strings_entry = "xl/sharedStrings.xml", styles_entry = "xl/styles.xml";
  for (const auto& [id, rel] : rels.by_id) {
    if (EndsWith(rel.type, "/sharedStrings")) strings_entry = ResolvePartName(rel.target);
    if (EndsWith(rel.type, "/styles")) styles_entry = ResolvePartName(rel.target);
  }
  SharedStringsReader strings;
  CAIRN_RETURN_IF_ERROR(impl->ParseOptionalPart(strings_entry, strings));
  impl->shared_strings = std::move(strings.strings);
  StylesReader styles;
  CAIRN_RETURN_IF_ERROR(impl->ParseOptionalPart(styles_entry, styles));
  impl->style_dates = std::move(styles.kinds);
  return XlsxWorkbook(std::move(impl));
}

const std::vector<std::string>& XlsxWorkbook::sheet_names() const { return impl_->sheet_names; }

Result<int> XlsxWorkbook::FindSheet(const std::string& name_or_number) const {
  const auto& names = impl_->sheet_names;
  auto there = [&] {
    std::string list = names.empty() ? "it has no sheets" : "its sheets are ";
    for (size_t i = 0; i < names.size(); ++i) list += (i ? ", \"" : "\"") + names[i] + "\"";
    return list;
  };
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name_or_number) return static_cast<int>(i);
  if (StartsWith(name_or_number, "#")) {
    int n = 0;
    if (ParseWhole(std::string_view(name_or_number).substr(1), &n) && n >= 1 &&
        static_cast<size_t>(n) <= names.size())
      return n - 1;
    return Status::NotFound(impl_->file_name + ": has no sheet " + name_or_number + " (" +
                            std::to_string(names.size()) + " sheets; " + there() + ")");
  }
  std::string wanted = ToLower(Trim(name_or_number));
  for (size_t i = 0; i < names.size(); ++i)
    if (ToLower(Trim(names[i])) == wanted) return static_cast<int>(i);
  return Status::NotFound(impl_->file_name + ": has no sheet \"" + name_or_number + "\"; " +
                          there());
}

namespace {

// <mergeCells><mergeCell ref="C4:D4"/>...
class MergedCellsReader : public XmlReader {
 public:
  std::vector<XlsxRange> ranges;

  void Start(std::string_view name, const char** attrs) override {
    if (name != "mergeCell") return;
    const char* ref = Attr(attrs, "ref");
    std::string_view text = ref ? ref : "";
    size_t colon = text.find(':');
    std::string_view first = text.substr(0, colon);
    std::string_view last = colon == std::string_view::npos ? first : text.substr(colon + 1);
    XlsxRange range{};
    long first_row = 0, last_row = 0;
    if (!ParseCellRef(first, &range.first_col, &first_row) ||
        !ParseCellRef(last, &range.last_col, &last_row) || first_row == 0 || last_row == 0)
      return Fail("line " + std::to_string(Line()) + ": merged range \"" + std::string(text) +
                  "\" is not a range of cells like C4:D4");
    range.first_row = static_cast<int>(first_row);
    range.last_row = static_cast<int>(last_row);
    ranges.push_back(range);
  }
};

// <sheetData><row r="5"><c r="A5" t="s" s="2"><v>3</v></c>...</row>...</sheetData>
class SheetRowsReader : public XmlReader {
 public:
  SheetRowsReader(const std::vector<std::string>& shared_strings,
                  const std::vector<DateKind>& style_dates, bool date1904,
                  const std::function<bool(const XlsxRow&)>& emit)
      : shared_strings_(shared_strings),
        style_dates_(style_dates),
        date1904_(date1904),
        emit_(emit) {}

  void Start(std::string_view name, const char** attrs) override {
    if (name == "c" && in_row_) return StartCell(attrs);
    if (!in_cell_) {
      if (name == "row" && in_sheet_data_) return StartRow(attrs);
      if (name == "sheetData") in_sheet_data_ = true;
      return;
    }
    if (name == "v") {
      has_value_ = collecting_ = true;
      text_.clear();
    } else if (name == "f") {
      has_formula_ = true;
    } else if (name == "is") {
      in_inline_ = has_value_ = true;
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_inline_ && phonetic_depth_ == 0) {
      collecting_ = true;
    }
  }

  void End(std::string_view name) override {
    if (name == "v" || name == "t") {
      collecting_ = false;
    } else if (name == "c" && in_cell_) {
      FinishCell();
    } else if (name == "rPh") {
      --phonetic_depth_;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "row" && in_row_) {
      FinishRow();
    } else if (name == "sheetData") {
      Stop();  // the rest of the sheet (merges, print settings) holds no values
    }
  }

  void Text(const char* s, int len) override {
    if (!collecting_) return;
    text_.append(s, static_cast<size_t>(len));
    if (text_.size() > kMaxCellBytes)
      Fail("cell " + XlsxCellName(row_.number, col_) + " holds more than 16 MiB of text");
  }

 private:
  enum class Type { kNumber, kShared, kInline, kFormulaString, kBool, kError, kIsoDate };

  void StartRow(const char** attrs) {
    const char* r = Attr(attrs, "r");
    long number = last_row_ + 1;
    if (r && (!ParseWhole(std::string_view(r), &number) || number < 1 || number > kMaxRows))
      return Fail("line " + std::to_string(Line()) + ": row r=\"" + r +
                  "\" is not a row number (1 to 1,048,576)");
    if (number <= last_row_)
      return Fail("row " + std::to_string(number) + " comes after row " +
                  std::to_string(last_row_) + " (rows out of order)");
    row_.number = number;
    row_.cells.clear();
    row_.problems.clear();
    last_col_ = -1;
    in_row_ = true;
  }

  void StartCell(const char** attrs) {
    const char* ref = nullptr;
    const char* type = nullptr;
    const char* style = nullptr;
    for (const char** a = attrs; *a; a += 2) {
      std::string_view attr = LocalName(a[0]);
      if (attr == "r") ref = a[1];
      if (attr == "t") type = a[1];
      if (attr == "s") style = a[1];
    }
    int col = last_col_ + 1;
    long ref_row = 0;
    if (ref && !ParseCellRef(ref, &col, &ref_row)) {
      if (col >= kMaxColumns)
        return Fail("cell " + std::string(ref) +
                    " is beyond column XFD (more than 16,384 columns)");
      return Fail("line " + std::to_string(Line()) + ": cell r=\"" + ref +
                  "\" is not a cell reference like C7");
    }
    if (col >= kMaxColumns)
      return Fail("row " + std::to_string(row_.number) +
                  " has a cell beyond column XFD (more than 16,384 columns)");
    if (col <= last_col_)
      return Fail("cell " + XlsxCellName(row_.number, col) + " comes after " +
                  XlsxCellName(row_.number, last_col_) + " (cells out of order)");
    col_ = last_col_ = col;
    type_ = Type::kNumber;
    if (type) {
      std::string_view t = type;
      if (t == "s") type_ = Type::kShared;
      if (t == "inlineStr") type_ = Type::kInline;
      if (t == "str") type_ = Type::kFormulaString;
      if (t == "b") type_ = Type::kBool;
      if (t == "e") type_ = Type::kError;
      if (t == "d") type_ = Type::kIsoDate;
    }
    date_ = DateKind::kNone;
    size_t style_index = 0;
    if (style && ParseWhole(std::string_view(style), &style_index) &&
        style_index < style_dates_.size())
      date_ = style_dates_[style_index];
    has_value_ = has_formula_ = collecting_ = in_inline_ = false;
    phonetic_depth_ = 0;
    text_.clear();
    in_cell_ = true;
  }

  void Problem(std::string why) { row_.problems.emplace_back(col_, std::move(why)); }

  void Place(std::string value) {
    if (value.empty()) return;
    size_t col = static_cast<size_t>(col_);
    if (row_.cells.size() <= col) row_.cells.resize(col + 1);
    row_.cells[col] = std::move(value);
  }

  void FinishCell() {
    in_cell_ = collecting_ = false;
    if (type_ == Type::kError) return Problem("holds the spreadsheet error " + text_);
    if (has_formula_ && !has_value_)
      return Problem(
          "holds a formula with no saved result (the program that wrote the workbook did not "
          "calculate it); open it in a spreadsheet program and save it again");
    if (!has_value_) return;  // a blank cell that only carries formatting
    switch (type_) {
      case Type::kShared: {
        size_t index = 0;
        if (!ParseWhole(std::string_view(text_), &index) || index >= shared_strings_.size())
          return Problem("refers to shared string \"" + text_ + "\", but the workbook has only " +
                         std::to_string(shared_strings_.size()));
        return Place(shared_strings_[index]);
      }
      case Type::kBool:
        if (text_ == "1") return Place("TRUE");
        if (text_ == "0") return Place("FALSE");
        return Problem("holds \"" + text_ + "\" where a boolean (0 or 1) belongs");
      case Type::kNumber:
        if (date_ != DateKind::kNone && !text_.empty()) {
          std::string date = SerialToText(text_, date1904_, date_);
          if (!date.empty()) return Place(std::move(date));
        }
        return Place(std::move(text_));
      default:
        return Place(std::move(text_));
    }
  }

  void FinishRow() {
    in_row_ = false;
    last_row_ = row_.number;
    while (!row_.cells.empty() && row_.cells.back().empty()) row_.cells.pop_back();
    if (row_.cells.empty() && row_.problems.empty()) return;
    if (!emit_(row_)) Stop();
  }

  const std::vector<std::string>& shared_strings_;
  const std::vector<DateKind>& style_dates_;
  bool date1904_;
  const std::function<bool(const XlsxRow&)>& emit_;
  XlsxRow row_;
  long last_row_ = 0;
  int last_col_ = -1, col_ = 0;
  Type type_ = Type::kNumber;
  DateKind date_ = DateKind::kNone;
  bool in_sheet_data_ = false, in_row_ = false, in_cell_ = false, in_inline_ = false;
  bool has_value_ = false, has_formula_ = false, collecting_ = false;
  int phonetic_depth_ = 0;
  std::string text_;
};

}  // namespace

Result<std::vector<XlsxRange>> XlsxWorkbook::MergedCells(int sheet) const {
  if (sheet < 0 || static_cast<size_t>(sheet) >= impl_->sheet_names.size())
    return Status::Internal(impl_->file_name + ": no sheet index " + std::to_string(sheet));
  MergedCellsReader reader;
  CAIRN_RETURN_IF_ERROR(
      ParsePart(impl_->archive, impl_->sheet_parts[static_cast<size_t>(sheet)], reader)
          .WithContext(impl_->Where(sheet)));
  return std::move(reader.ranges);
}

Status XlsxWorkbook::ForEachRow(int sheet, const std::function<bool(const XlsxRow&)>& row) const {
  if (sheet < 0 || static_cast<size_t>(sheet) >= impl_->sheet_names.size())
    return Status::Internal(impl_->file_name + ": no sheet index " + std::to_string(sheet));
  SheetRowsReader reader(impl_->shared_strings, impl_->style_dates, impl_->date1904, row);
  return ParsePart(impl_->archive, impl_->sheet_parts[static_cast<size_t>(sheet)], reader)
      .WithContext(impl_->Where(sheet));
}

}  // namespace cairn
