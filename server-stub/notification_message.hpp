// The messages subscribers receive, rendered at send time from an event's payload and the
// subscriber's language: multipart email (plain text + HTML without images, RFC 8058
// List-Unsubscribe headers) and the Standard Webhooks JSON body. Texts come from the mail
// catalogs web/i18n/mail/{en,tr,ru,nb}.json, kept apart from the portal's so its download
// does not grow.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "candor/error.hpp"
#include "notification.hpp"
#include "prerender.hpp"

namespace candor::server {

// The languages a subscriber may choose (the portal's).
const std::vector<std::string>& mail_languages();

class MailCatalogs {
 public:
  // WEB_ROOT/i18n/mail/{en,tr,ru,nb}.json; an error names the file that is missing or bad.
  static Result<MailCatalogs> load(const std::filesystem::path& web_root);
  // From JSON texts by language (tests).
  static Result<MailCatalogs> parse(const std::map<std::string, std::string>& json_by_language);
  // The catalog for `language`, English when there is none.
  const Catalog& get(const std::string& language) const;

 private:
  std::map<std::string, Catalog> catalogs_;
};

// compose_email and compose_webhook_body are declared in notification.hpp (the contract with
// the delivery worker). Times in emails are in the page's zone, which each event's payload
// carries ("time_zone", UTC when absent): "16:30" on the message's own day, else with the date.

}  // namespace candor::server
