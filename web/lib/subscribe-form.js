// What a subscription form may send, checked in the browser before it goes: the same rules
// the server applies (server-stub/subscription_api.cpp), so a reader hears what is wrong with
// a field at once and by its name. The server checks again; its 400 names the field too.
// Each check returns null when the value is fine, else the catalog id of what is wrong.

// RFC 5321 4.5.3.1: a path is at most 256 octets with its angle brackets, so an address at
// most 254; a local part at most 64 octets, a domain at most 255 and a label at most 63.
const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;
const MAX_WEBHOOK_URL = 2000;

const encoder = new TextEncoder();
const octets = (text) => encoder.encode(text).length;

export function checkEmail(value) {
  const address = String(value ?? '').trim();
  if (address === '') return 'subscription.error.emailMissing';
  // One "@", nothing that could split a header or a command (spaces, CR, LF, controls).
  if (/[\s\u0000-\u001f\u007f]/.test(address)) return 'subscription.error.email';
  const parts = address.split('@');
  if (parts.length !== 2) return 'subscription.error.email';
  const [local, domain] = parts;
  if (!local || octets(local) > MAX_LOCAL || octets(address) > MAX_ADDRESS) return 'subscription.error.email';
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => !label || octets(label) > MAX_LABEL)) return 'subscription.error.email';
  return null;
}

export function checkWebhookUrl(value) {
  const text = String(value ?? '').trim();
  if (text === '') return 'subscription.error.webhookMissing';
  if (text.length > MAX_WEBHOOK_URL) return 'subscription.error.webhookLong';
  let url;
  try {
    url = new URL(text);
  } catch {
    return 'subscription.error.webhook';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'subscription.error.webhook';
  // Credentials in a URL end up in logs and in every request's line: the server refuses them.
  if (url.username || url.password) return 'subscription.error.webhookCredentials';
  return null;
}

// scope: 'all' or 'some'; chosen: the ticked component ids. Null, or what is wrong.
export function checkComponents(scope, chosen) {
  return scope === 'some' && chosen.length === 0 ? 'subscription.error.components' : null;
}

// The form's values -> {errors: {field: id}} when something is wrong, else {body} for
// POST /api/v1/subscriptions. kind: 'email' | 'webhook'; components: [] means everything.
export function subscriptionRequest({ kind, email, webhookUrl, scope, chosen = [], language }) {
  const errors = {};
  const addressError = kind === 'webhook' ? checkWebhookUrl(webhookUrl) : checkEmail(email);
  if (addressError) errors[kind === 'webhook' ? 'webhook_url' : 'email'] = addressError;
  const componentsError = checkComponents(scope, chosen);
  if (componentsError) errors.components = componentsError;
  if (Object.keys(errors).length) return { errors };
  const components = scope === 'some' ? [...new Set(chosen)] : [];
  const body = kind === 'webhook'
    ? { webhook_url: String(webhookUrl).trim(), components }
    : { email: String(email).trim(), language, components };
  return { body };
}

// A server's 400 ({"error": {"code", "path", "detail"}}) -> the form field it names, so the
// message sits beside that field; null when it names none of them.
export function fieldOfError(json) {
  const path = String(json?.error?.path ?? '');
  const field = path.replace(/^\//, '').split('/')[0];
  return ['email', 'webhook_url', 'components'].includes(field) ? field : null;
}
