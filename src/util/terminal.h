// Text printed to a terminal. A field read from an extract may hold escape sequences (ESC [ 2 J
// clears the screen, ESC ] 52 writes the clipboard, BEL rings): printed raw, they act on the
// reader's terminal. Every table and list Cairn prints for people goes through VisibleText, which
// shows each control character as a visible escape instead. Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn {

// C0 controls (U+0000-U+001F, tab and newline included), DEL (U+007F) and C1 controls
// (U+0080-U+009F) written as \xNN (C0, DEL) or \uNNNN (C1); everything else unchanged:
// "a\x1b[2Jb" -> "a\\x1b[2Jb".
std::string VisibleText(std::string_view text);
// As VisibleText, but a newline stays a newline: for messages of several lines.
std::string VisibleLines(std::string_view text);

// Lines of cells as aligned columns two spaces apart, the last column right-aligned (a number),
// every cell through VisibleText. Widths count characters (UTF-8 code points), not bytes.
std::string FormatTable(const std::vector<std::vector<std::string>>& lines);

}  // namespace cairn
