// Outgoing mail through the operator's SMTP relay (serve --smtp), with libcurl rather than a
// hand-written SMTP client: multipart/alternative (plain text + HTML) built by curl_mime,
// STARTTLS and credentials as configured. One SmtpMailer per thread (it keeps a curl handle
// so connections to the relay are reused).
#pragma once

#include <atomic>
#include <string>

#include "candor/error.hpp"
#include "candor/time.hpp"
#include "notification.hpp"
#include "send_outcome.hpp"

namespace candor::server {

struct SmtpOptions {
  std::string url;        // smtp://host[:port] or smtps://host[:port]
  bool starttls = false;  // require STARTTLS on smtp:// (CURLUSESSL_ALL)
  std::string user;       // empty: no AUTH
  std::string password;   // read from --smtp-password-file, never from argv
  std::string from;       // the envelope sender and From: header (--mail-from)
  std::string from_name;  // the From: header's display name (the page's name); may be empty
  long timeout_s = 60;    // the whole exchange with the relay
};

// "smtp://host:port" / "smtps://host:port" with a host, nothing else (no path, query,
// credentials): what --smtp accepts. The error says what is wrong with it.
Result<bool> check_smtp_url(const std::string& url);
// A plain addr-spec for --mail-from: one '@', a dotted domain, no spaces, CR, LF, '<' or '>'.
Result<bool> check_mail_from(const std::string& address);

// "=?UTF-8?B?...?=" encoded words (RFC 2047) for a header value that is not plain printable
// ASCII; the value itself otherwise. Words split on UTF-8 character boundaries.
std::string encode_header_value(const std::string& value);
// RFC 5322 date ("Tue, 24 Nov 2026 13:10:31 +0000") for the Date: header.
std::string rfc5322_date(TimeMs t);

class SmtpMailer {
 public:
  explicit SmtpMailer(SmtpOptions options);
  ~SmtpMailer();
  SmtpMailer(const SmtpMailer&) = delete;
  SmtpMailer& operator=(const SmtpMailer&) = delete;

  // Sends one message to `to`. `message_key` becomes the Message-ID (<KEY@candor>, with
  // characters a Message-ID may not hold, like ':', as '.'), so a resend after a crash
  // carries the same id. `stop` set while sending abandons the send.
  SendOutcome send(const std::string& to, const std::string& message_key, const OutgoingEmail& email, TimeMs now,
                   const std::atomic<bool>* stop = nullptr);

 private:
  std::string from_header() const;

  SmtpOptions options_;
  void* curl_ = nullptr;  // CURL*, kept for connection reuse
};

}  // namespace candor::server
