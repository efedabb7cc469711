// Text put into HTML or XML (the pre-rendered page, the Atom feed, mail's HTML part): one
// escaping for both, valid in element content and in quoted attribute values.
#pragma once

#include <string>
#include <string_view>

namespace candor::server {

// & < > " ' as references (&#39;, which XML and HTML both read); the C0 control characters
// XML 1.0 cannot carry are dropped (tab, line feed and carriage return are kept).
std::string escape_markup(std::string_view text);

}  // namespace candor::server
