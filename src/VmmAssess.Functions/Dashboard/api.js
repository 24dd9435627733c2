// The read API, called with the browser's own credentials: the App Service Authentication session cookie in Azure,
// the local operator's cookie with scripts/local.sh. The API decides what this caller may read.

/** An answer other than 2xx, with the API's problem details when it sent them. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `The API answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

/** Largest page the API serves (RequestBinder.MaxPageSize). */
export const maxPageSize = 200;

export async function getJson(path, params = {}, signal = undefined) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      problem = null;
    }
    throw new ApiError(response.status, problem);
  }
  return response.json();
}

const segment = (value) => encodeURIComponent(value);

export const api = {
  portfolio: (filter, pageSize, continuationToken, signal) =>
    getJson('/api/readiness', { readiness: filter.readiness, targetVersion: filter.targetVersion, ruleId: filter.ruleId, pageSize, continuationToken }, signal),
  tenant: (tenantId, signal) => getJson(`/api/tenants/${segment(tenantId)}/readiness`, {}, signal),
  environment: (tenantId, environmentId, signal) =>
    getJson(`/api/tenants/${segment(tenantId)}/environments/${segment(environmentId)}/readiness`, {}, signal),
  history: (tenantId, environmentId, pageSize, continuationToken, signal) =>
    getJson(`/api/tenants/${segment(tenantId)}/environments/${segment(environmentId)}/assessments`, { pageSize, continuationToken }, signal),
  assessment: (tenantId, snapshotId, signal) => getJson(`/api/tenants/${segment(tenantId)}/assessments/${segment(snapshotId)}`, {}, signal),
  rules: (signal) => getJson('/api/rules', {}, signal),
};

let catalog;
/** The rule catalog, read once per page load (it changes only with a deployment). */
export function ruleCatalog(signal) {
  catalog ??= api.rules(signal).catch((error) => {
    catalog = undefined;
    throw error;
  });
  return catalog;
}
