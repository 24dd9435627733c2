// The dashboard: hash routes (#/..., so the server serves only files), one view at a time. Each view gets an
// AbortSignal that is aborted when the reader navigates away, so no answer of a left view lands in the next one.
import { ApiError } from './api.js';
import { h, clear } from './dom.js';
import { portfolioView } from './views/portfolio.js';
import { tenantView } from './views/tenant.js';
import { environmentView } from './views/environment.js';
import { ruleView, rulesView } from './views/rule.js';

const main = document.getElementById('main');
let current;
let firstRender = true;

const routes = [
  [/^\/$/, (m, query, signal) => portfolioView(main, query, signal), 'portfolio'],
  [/^\/tenants\/([^/]+)$/, (m, query, signal) => tenantView(main, m[1], signal), 'portfolio'],
  [/^\/tenants\/([^/]+)\/environments\/([^/]+)$/, (m, query, signal) => environmentView(main, m[1], m[2], null, signal), 'portfolio'],
  [/^\/tenants\/([^/]+)\/environments\/([^/]+)\/assessments\/([^/]+)$/, (m, query, signal) => environmentView(main, m[1], m[2], m[3], signal), 'portfolio'],
  [/^\/rules$/, (m, query, signal) => rulesView(main, signal), 'rules'],
  [/^\/rules\/([^/]+)$/, (m, query, signal) => ruleView(main, m[1], query, signal), 'rules'],
];

function parseHash() {
  const hash = window.location.hash.startsWith('#/') ? window.location.hash.slice(1) : '/';
  const [path, search = ''] = hash.split('?');
  return { path, query: new URLSearchParams(search) };
}

async function render() {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const { path, query } = parseHash();
  const match = routes.map(([pattern, view, nav]) => ({ m: path.match(pattern), view, nav })).find((r) => r.m);
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (match?.nav === link.dataset.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.setAttribute('aria-busy', 'true');
  try {
    if (!match) {
      notFound();
    } else {
      await match.view(match.m.map((part, i) => (i === 0 ? part : decodeURIComponent(part))), query, controller.signal);
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    showError(error);
  } finally {
    if (current === controller) main.removeAttribute('aria-busy');
  }
  if (controller.signal.aborted) return;
  const heading = main.querySelector('h1');
  document.title = `${heading?.textContent ?? 'Dashboard'} · VmmAssess`;
  // After navigating, the new page's heading takes the focus (screen readers announce it); not on the first load.
  if (!firstRender && heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  firstRender = false;
}

function notFound() {
  clear(main).append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Go to the portfolio')));
}

/** 401: not signed in (or the session ended); 403: signed in, but this account may not read it. */
function showError(error) {
  clear(main);
  if (error instanceof ApiError && error.status === 401) {
    const returnTo = `${window.location.pathname}${window.location.hash}`;
    main.append(
      h('h1', {}, 'Sign in to see readiness'),
      h('p', {}, 'The dashboard shows what your account may read through the VmmAssess API, and you are not signed in (or your session has ended).'),
      h('p', {}, h('a', { class: 'button', href: `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(returnTo)}` }, 'Sign in with Microsoft Entra ID')),
      h('p', { class: 'hint' }, 'Running locally? Open the address that scripts/local.sh printed: it signs your browser in as the local operator.'),
    );
  } else if (error instanceof ApiError && error.status === 403) {
    main.append(h('h1', {}, 'Not available to your account'), h('p', {}, error.message), h('p', {}, h('a', { href: '#/' }, 'Go to the portfolio')));
  } else if (error instanceof ApiError && error.status === 404) {
    main.append(h('h1', {}, 'Not found'), h('p', {}, error.message), h('p', {}, h('a', { href: '#/' }, 'Go to the portfolio')));
  } else {
    main.append(h('h1', {}, 'Something went wrong'), h('p', { role: 'alert' }, error instanceof ApiError ? error.message : 'The dashboard could not read the API. Try again in a moment.'));
  }
}

document.getElementById('skip-link').addEventListener('click', (event) => {
  // The hash is the route: move the focus without changing it.
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', render);
render();
