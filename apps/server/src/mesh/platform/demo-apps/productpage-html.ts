/**
 * productpage's two pages, following Istio's templates (samples/bookinfo/src/productpage/templates
 * `index.html` and `productpage.html`): the same sections, headings and messages, without the
 * Tailwind stylesheet and the sign-in dialog's script (the form sits in a `<details>` instead).
 * Everything that comes from another service or the user is escaped; the product's description is
 * productpage's own HTML, rendered as is, as Istio's template does.
 */

export interface Product {
  readonly id: number;
  readonly title: string;
  readonly descriptionHtml: string;
}

export interface Fetched {
  readonly status: number;
  readonly body: unknown;
}

export interface ProductPageView {
  readonly product: Product;
  readonly details: Fetched;
  readonly reviews: Fetched;
  readonly user: string | undefined;
}

export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#111827}
nav{background:#1f2937;color:#fff;display:flex;justify-content:space-between;align-items:center;padding:0 2rem;min-height:4rem}
nav a{color:#9ca3af}.container{max-width:64rem;margin:2rem auto;padding:0 2rem}
h1{color:#1e3a8a;font-size:3rem}table{border-collapse:collapse}th,td{text-align:left;padding:.5rem 1rem .5rem 0}
.error{color:#ef4444;font-size:1.5rem}.reviews{background:#f5f7fd;padding:2rem 0}.reviews-list{display:flex;gap:2rem}
.stars{font-size:1.4rem;letter-spacing:.1rem}.rating-error{color:#ef4444}.served-by{font-family:monospace;color:#4b5563}`;

function page(body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Simple Bookstore App</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function signIn(user: string | undefined): string {
  if (user !== undefined) {
    return `<div class="user"><p>${escapeHtml(user)}</p><a href="logout">Sign out</a></div>`;
  }
  return `<details class="sign-in"><summary>Sign in</summary>
<form method="post" action="login" name="login_form">
<h2>Sign in to BookInfo</h2>
<label for="username">Username</label> <input id="username" name="username" required>
<label for="password">Password</label> <input id="password" name="passwd" type="password" required>
<button type="submit">Sign in</button>
</form></details>`;
}

function detailsSection(details: Fetched): string {
  if (details.status !== 200) {
    const error = field(details.body, 'error');
    return `<p class="error">Error fetching product details</p>${
      error === undefined ? '' : `<p>${escapeHtml(error)}</p>`
    }`;
  }
  const cells = ['ISBN-10', 'publisher', 'pages', 'type', 'language']
    .map((key) => `<td>${escapeHtml(field(details.body, key))}</td>`)
    .join('');
  return `<h4>Book Details</h4>
<table><thead><tr><th scope="col">ISBN-10</th><th scope="col">Publisher</th><th scope="col">Pages</th><th scope="col">Type</th><th scope="col">Language</th></tr></thead>
<tbody><tr>${cells}</tr></tbody></table>`;
}

/** A rating as the template shows it: `stars` filled stars of the review's colour out of 5, or its error. */
function ratingHtml(rating: unknown): string {
  const stars = field(rating, 'stars');
  if (typeof stars === 'number' && stars > 0) {
    const filled = Math.min(Math.floor(stars), 100);
    const color = escapeHtml(field(rating, 'color'));
    return `<div class="stars" style="color: ${color}" data-color="${color}" role="img" aria-label="${filled} of 5 stars">${'★'.repeat(filled)}${'☆'.repeat(Math.max(0, 5 - filled))}</div>`;
  }
  const error = field(rating, 'error');
  return error === undefined || error === '' ? '' : `<p class="rating-error">${escapeHtml(error)}</p>`;
}

function reviewsSection(reviews: Fetched): string {
  if (reviews.status !== 200) {
    const error = field(reviews.body, 'error');
    return `<p class="error">Error fetching product reviews</p>${
      error === undefined ? '' : `<p>${escapeHtml(error)}</p>`
    }`;
  }
  const list = field(reviews.body, 'reviews');
  const podname = escapeHtml(field(reviews.body, 'podname'));
  const cluster = field(reviews.body, 'clustername');
  const servedBy = `Reviews served by: ${podname}${
    cluster !== 'null' && cluster !== undefined ? ` on cluster <span>${escapeHtml(cluster)}</span>` : ''
  }`;
  const sections = (Array.isArray(list) ? (list as unknown[]) : []).map((review) => {
    const rating = field(review, 'rating');
    return `<section class="review">
${rating === undefined ? '' : ratingHtml(rating)}
<blockquote><p>"${escapeHtml(field(review, 'text'))}"</p></blockquote>
<div class="reviewer">${escapeHtml(field(review, 'reviewer'))}</div>
<div class="served-by">${servedBy}</div>
</section>`;
  });
  return `<h4>Book Reviews</h4>
<div class="reviews-list">${sections.join('\n')}</div>`;
}

export function renderProductPage(view: ProductPageView): string {
  return page(`<nav><a href="#" aria-current="page">BookInfo Sample</a>${signIn(view.user)}</nav>
<main>
<div class="container">
<h1>${escapeHtml(view.product.title)}</h1>
<p class="description">${view.product.descriptionHtml}</p>
<p><a href="https://istio.io" target="_blank">Learn more about Istio</a></p>
</div>
<div class="container book-details">${detailsSection(view.details)}</div>
<div class="reviews"><div class="container book-reviews">${reviewsSection(view.reviews)}</div></div>
</main>`);
}

export interface ServiceNode {
  readonly name: string;
  readonly endpoint: string;
  readonly children: readonly ServiceNode[];
}

function serviceTable(node: ServiceNode): string {
  const children = node.children.map((child) => `<li>${serviceTable(child)}</li>`).join('');
  return `<table><tr><th>name</th><td>${escapeHtml(node.name)}</td></tr><tr><th>endpoint</th><td>${escapeHtml(
    node.endpoint,
  )}</td></tr><tr><th>children</th><td>${children === '' ? '' : `<ul>${children}</ul>`}</td></tr></table>`;
}

/** `/` and `/index.html`: the services productpage calls, and links that load the product page. */
export function renderIndex(services: ServiceNode): string {
  return page(`<main class="container">
<h3>Hello! This is a simple bookstore application consisting of three services as shown below</h3>
${serviceTable(services)}
<h4>Click on one of the links below to auto generate a request to the backend as a real user or a tester</h4>
<p><a href="/productpage?u=normal">Normal user</a></p>
<p><a href="/productpage?u=test">Test user</a></p>
</main>`);
}
