// The subscription endpoints the portal calls (server-stub/subscription_api.cpp), by what
// they do; each resolves lib/load.js's {status, json, retryAfterS} and rejects only when the
// server could not be reached. Paths are relative, so the portal works under a sub-path;
// tokens are capabilities and go in the path, as the server's routes expect them.

import { CASES_PATH, requestJson } from './load.js';

const SUBSCRIPTIONS_PATH = 'api/v1/subscriptions';
const manage = (token) => `${SUBSCRIPTIONS_PATH}/${encodeURIComponent(token)}.json`;

// body: {email, language, components} or {webhook_url, components} (lib/subscribe-form.js).
export const subscribe = (body) => requestJson('POST', SUBSCRIPTIONS_PATH, body);
// A POST, never a GET: mail scanners follow links, and following one must not confirm.
export const confirm = (token) => requestJson('POST', `${SUBSCRIPTIONS_PATH}/confirm`, { token });
export const readSubscription = (token) => requestJson('GET', manage(token));
// changes: {language?, components? ([] or "all": everything)}
export const changeSubscription = (token, changes) => requestJson('PUT', manage(token), changes);
export const unsubscribe = (token) => requestJson('DELETE', manage(token));
export const subscribeToCase = (caseToken, body) => requestJson('POST', `${CASES_PATH}/${encodeURIComponent(caseToken)}/subscribe`, body);
