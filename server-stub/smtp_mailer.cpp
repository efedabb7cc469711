// SMTP delivery through libcurl (smtp_mailer.hpp).
#include "smtp_mailer.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <memory>

#include "base64.hpp"
#include "curl_transfer.hpp"

namespace candor::server {

namespace {

Error bad(const char* path, std::string detail) { return Error{errc::invalid_value, path, std::move(detail)}; }

bool is_printable_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// A header name is an RFC 5322 field name; a value may not break the header block.
bool header_ok(const std::string& name, const std::string& value) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (c <= 0x20 || c >= 0x7f || c == ':') return false;
  return value.find_first_of("\r\n", 0) == std::string::npos;
}

// Mail bodies end lines with CRLF (RFC 5322 §2.3); curl's quoted-printable encoder keeps a
// CRLF as a line break but encodes a bare LF as "=0A", which would make one long line.
std::string crlf_lines(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

// The Message-ID's left part must be a dot-atom (RFC 5322 §3.6.4): the delivery key
// "EVENT:SUBSCRIBER" becomes "EVENT.SUBSCRIBER".
std::string message_id_of(const std::string& key) {
  std::string id;
  for (char c : key) id += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '.';
  return "<" + id + "@candor>";
}

struct MimeDeleter {
  void operator()(curl_mime* m) const { curl_mime_free(m); }
};

}  // namespace

Result<bool> check_smtp_url(const std::string& url) {
  std::string rest;
  if (url.rfind("smtp://", 0) == 0) rest = url.substr(7);
  else if (url.rfind("smtps://", 0) == 0) rest = url.substr(8);
  else return bad("--smtp", "must start with smtp:// or smtps://");
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find_first_of("@/?# \r\n") != std::string::npos)
    return bad("--smtp", "must be only smtp://HOST[:PORT] (credentials go in --smtp-user and --smtp-password-file)");
  std::string host = rest, port;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    const auto close = rest.find(']');
    if (close == std::string::npos) return bad("--smtp", "has an unclosed [ in the host");
    host = rest.substr(0, close + 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') return bad("--smtp", "has junk after the host");
      port = rest.substr(close + 2);
      if (port.empty()) return bad("--smtp", "has an empty port");
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty()) return bad("--smtp", "has an empty port");
  }
  if (host.empty() || host == "[]") return bad("--smtp", "has no host");
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
        std::stoi(port) > 65535)
      return bad("--smtp", "port must be 1 to 65535");
  }
  return true;
}

Result<bool> check_mail_from(const std::string& address) {
  const auto at = address.find('@');
  if (at == std::string::npos || at == 0 || address.find('@', at + 1) != std::string::npos)
    return bad("--mail-from", "must be one address like status@example.com (one @)");
  if (address.size() > 254) return bad("--mail-from", "is longer than 254 characters (RFC 5321)");
  if (address.find_first_of(" \t\r\n<>,;\"()") != std::string::npos)
    return bad("--mail-from", "must be a bare address: no spaces, quotes, brackets or display name");
  const std::string domain = address.substr(at + 1);
  if (domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.')
    return bad("--mail-from", "needs a dotted domain after the @");
  return true;
}

std::string encode_header_value(const std::string& value) {
  // Plain when it cannot be misread: printable ASCII, no encoded-word lookalike, and short
  // enough for one line (RFC 5322's 998-character limit, with room for the name).
  if (is_printable_ascii(value) && value.find("=?") == std::string::npos && value.size() <= 900) return value;
  // Encoded words of at most 75 characters (RFC 2047 §2): 45 bytes → 60 base64 characters
  // plus the 12 of "=?UTF-8?B?" and "?=". A word ends on a character boundary (§5: each
  // word must be a whole sequence of characters).
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t end = std::min(value.size(), i + 45);
    while (end < value.size() && end > i && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
    if (end == i) end = std::min(value.size(), i + 45);  // not UTF-8: cut anyway
    if (!out.empty()) out += ' ';
    out += "=?UTF-8?B?" + base64_encode(std::string_view(value).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string rfc5322_date(TimeMs t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  // Names from RFC 5322 §3.3 (not the C locale's, which could be anything).
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

// "Name" <addr>: a plain quoted display name when it can be one (RFC 5322 §3.2.4), encoded
// words otherwise (§3.2.5 allows them in a phrase, not inside quotes).
std::string SmtpMailer::from_header() const {
  const std::string& name = options_.from_name;
  if (name.empty() || name.find_first_of("\r\n") != std::string::npos) return "<" + options_.from + ">";
  const std::string encoded = encode_header_value(name);
  if (encoded != name) return encoded + " <" + options_.from + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + options_.from + ">";
}

SmtpMailer::SmtpMailer(SmtpOptions options) : options_(std::move(options)), curl_(curl_easy_init()) {}

SmtpMailer::~SmtpMailer() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

SendOutcome SmtpMailer::send(const std::string& to, const std::string& message_key, const OutgoingEmail& email,
                             TimeMs now, const std::atomic<bool>* stop) {
  CURL* c = static_cast<CURL*>(curl_);
  if (!c) return SendOutcome::retry("libcurl could not start (out of memory?)");
  // A reset keeps the connection cache: consecutive messages reuse the relay's connection.
  curl_easy_reset(c);

  // The store validated it; this guards the header block and the envelope all the same.
  if (to.empty() || to.find_first_of("\r\n<>") != std::string::npos) return SendOutcome::failed("the address is malformed");
  CurlSlist headers;
  bool ok = append(headers, "Date: " + rfc5322_date(now)) && append(headers, "From: " + from_header()) &&
            append(headers, "To: <" + to + ">") &&
            append(headers, "Subject: " + encode_header_value(email.subject)) &&
            append(headers, "Message-ID: " + message_id_of(message_key)) &&
            // RFC 3834: an automatic message; auto-responders should not answer it.
            append(headers, "Auto-Submitted: auto-generated");
  for (const auto& [name, value] : email.headers) {
    if (!header_ok(name, value)) return SendOutcome::failed("the message has a malformed header (" + name + ")");
    ok = ok && append(headers, name + ": " + encode_header_value(value));
  }
  if (!ok) return SendOutcome::retry("out of memory building headers");
  CurlSlist recipients;
  if (!append(recipients, "<" + to + ">")) return SendOutcome::retry("out of memory");

  // multipart/mixed around multipart/alternative (text, then HTML: the last is preferred),
  // the layout of curl's own smtp-mime example; libcurl sets the root's type itself.
  std::unique_ptr<curl_mime, MimeDeleter> mime(curl_mime_init(c));
  curl_mime* alt = curl_mime_init(c);
  if (!mime || !alt) {
    curl_mime_free(alt);
    return SendOutcome::retry("out of memory building the message");
  }
  const std::string text = crlf_lines(email.text), html = crlf_lines(email.html);
  for (const std::string* body : {&text, &html}) {
    curl_mimepart* part = curl_mime_addpart(alt);
    curl_mime_data(part, body->data(), body->size());
    curl_mime_type(part, body == &text ? "text/plain; charset=utf-8" : "text/html; charset=utf-8");
    // Quoted-printable keeps lines under SMTP's 998-byte limit and the text readable raw.
    curl_mime_encoder(part, "quoted-printable");
  }
  curl_mimepart* outer = curl_mime_addpart(mime.get());
  curl_mime_subparts(outer, alt);  // `mime` owns `alt` from here
  curl_mime_type(outer, "multipart/alternative");
  CurlSlist inline_disposition;
  append(inline_disposition, "Content-Disposition: inline");
  curl_mime_headers(outer, inline_disposition.release(), 1);

  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + options_.from + ">").c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());
  if (options_.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!options_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  set_transfer_limits(c, options_.timeout_s, 15L, stop);

  const CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  // The options point at locals: drop them before they go out of scope.
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_MIMEPOST, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);

  if (rc == CURLE_OK) return SendOutcome::delivered();
  if (rc == CURLE_ABORTED_BY_CALLBACK && stop && stop->load()) return SendOutcome::abandoned();
  // The texts below are ours, never the relay's (its reply may quote the address).
  const std::string stage = std::string(errbuf).rfind("RCPT", 0) == 0   ? "RCPT"
                            : std::string(errbuf).rfind("MAIL", 0) == 0 ? "MAIL FROM"
                            : std::string(errbuf).rfind("DATA", 0) == 0 ? "DATA"
                                                                          : "";
  const std::string smtp = "SMTP " + std::to_string(code) + (stage.empty() ? "" : " on " + stage);
  if (rc == CURLE_LOGIN_DENIED) return SendOutcome::retry("the relay refused the login (--smtp-user, --smtp-password-file)");
  if (rc == CURLE_USE_SSL_FAILED) return SendOutcome::retry("the relay does not offer STARTTLS (--smtp-starttls)");
  if (code >= 400 && code < 500) return SendOutcome::retry(smtp + " (temporary)");
  if (code >= 500 && code < 600) {
    if (stage == "RCPT") {
      SendOutcome out = SendOutcome::failed("address rejected (" + smtp + ")");
      out.address_rejected = true;
      return out;
    }
    // A refused sender is the operator's configuration, not this message: keep it.
    if (stage == "MAIL FROM") return SendOutcome::retry(smtp + " (sender refused: check --mail-from)");
    return SendOutcome::failed("message refused (" + smtp + ")");
  }
  return SendOutcome::retry(std::string("relay unreachable or failing: ") + curl_easy_strerror(rc));
}

}  // namespace candor::server
