// The pages Ferry draws on the server (the download page /d?id=, error pages for browsers), as Eta templates in
// one layout that links the web app's stylesheet: the app's look, light, dark or high contrast as the system says. `<%= %>`
// escapes what it prints, so a file name or a message can never become markup. No script, no inline style.

/** Every page's frame; `it.title`, and `it.stylesheets`, `it.highContrast`, `it.icon`, `it.home`, `it.brand` (page-renderer.ts). */
export const LAYOUT_TEMPLATE = `<!doctype html>
<html lang="<%= it.lang %>" dir="<%= it.dir %>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex, nofollow">
<title><%= it.title %> · <%= it.brand.name %></title>
<% it.stylesheets.forEach(function (href) { %>
<link rel="stylesheet" href="<%= href %>">
<% }) %>
<% if (it.highContrast) { %>
<link rel="stylesheet" href="<%= it.highContrast %>" media="(prefers-contrast: more)">
<% } %>
<% if (it.icon) { %>
<link rel="icon" type="image/svg+xml" href="<%= it.icon %>">
<% } %>
</head>
<body>
<header class="site-header"><a class="brand" href="<%= it.home %>"><% if (it.brand.logo) { %><img class="brand-logo" src="<%= it.brand.logo %>" alt=""><% } %><%= it.brand.name %></a></header>
<main>
<div class="card narrow">
<%~ it.body %>
</div>
</main>
<% if (it.brand.footer || it.brand.abuseContact) { %>
<footer class="site-footer">
<% if (it.brand.footer) { %><span class="brand-footer"><%= it.brand.footer %></span><% } %>
<% if (it.brand.abuseContact) { %><span>Report abuse: <%= it.brand.abuseContact %></span><% } %>
</footer>
<% } %>
</body>
</html>
`;

/** The password form of a protected download: it POSTs `password` to `it.formAction`, the /d page. */
export const PASSWORD_FORM_TEMPLATE = `<form method="post" action="<%= it.formAction %>">
  <div class="field">
    <label for="password"><%= it.t.password %></label>
    <input id="password" type="password" name="password" required autofocus autocomplete="off">
  </div>
<% if (it.wrongPassword) { %>
  <p class="alert alert-error" role="alert"><%= it.t.wrongPassword %></p>
<% } %>
  <div class="actions"><button class="button primary" type="submit"><%= it.t.download %></button></div>
</form>
`;

/**
 * A file's preview on Ferry's own page, which runs no script: the browser shows media and PDFs itself (GET /preview
 * sandboxes its answers; Chromium shows no PDF in a frame with a sandbox attribute), and a text of any kind as the
 * plain text GET /preview sends, in a sandboxed frame.
 */
export const PREVIEW_TEMPLATE = `<% if (it.preview === 'image') { %><img src="<%= it.previewUrl %>" alt="Preview of <%= it.name %>" loading="lazy">
<% } else if (it.preview === 'video') { %><video src="<%= it.previewUrl %>" controls preload="metadata" aria-label="Preview of <%= it.name %>"></video>
<% } else if (it.preview === 'audio') { %><audio src="<%= it.previewUrl %>" controls preload="metadata" aria-label="Preview of <%= it.name %>"></audio>
<% } else if (it.preview === 'pdf') { %><iframe src="<%= it.previewUrl %>" title="Preview of <%= it.name %>" loading="lazy"></iframe>
<% } else { %><iframe src="<%= it.previewUrl %>" title="Preview of <%= it.name %>" loading="lazy" sandbox></iframe>
<% } %>`;

/** Ferry's own download page; an admin's templates/download.html takes its place (download-page.ts). */
export const BUILTIN_DOWNLOAD_TEMPLATE = `<% layout('@layout', { title: it.locked ? it.t.passwordRequired : it.name }) %>
<% if (it.locked) { %>
  <h1><%= it.t.passwordRequired %></h1>
  <p><%= it.t.protectedDownload %></p>
  <%~ include('@password-form', it) %>
<% } else { %>
  <h1><%= it.files.length === 1 ? it.name : it.t.files(it.files.length) %></h1>
<% if (it.needsKey) { %>
  <p class="alert alert-error"><%= it.t.needsKey %></p>
<% } %>
  <ul class="files">
<% it.files.forEach(function (file) { %>
    <li class="file"><div class="file-main"><a class="file-name" href="<%= file.downloadUrl %>"><%= file.name %></a>
      <span class="file-meta"><%= file.size %><% if (file.remainingDownloads !== null) { %> · <%= it.t.downloadsLeft(file.remainingDownloads) %><% } %></span></div>
<% if (file.preview) { %>
      <div class="file-preview preview-<%= file.preview %>"><%~ include('@preview', file) %></div>
<% } %>
    </li>
<% }) %>
  </ul>
<% if (it.archiveUrl) { %>
  <p class="actions"><a class="button primary" href="<%= it.archiveUrl %>"><%= it.t.downloadAllZip %></a></p>
<% } else if (it.downloadUrl) { %>
  <p class="actions"><a class="button primary" href="<%= it.downloadUrl %>"><%= it.t.download %></a></p>
<% } %>
<% if (it.expiry) { %>
<%/* The sentence around the date, which sits in a <time>. */%>
<% const [before, after] = it.around(it.t.availableUntil) %>
  <p class="hint"><%= before %><time datetime="<%= it.expiryIso %>"><%= it.expiryText %></time><%= after %></p>
<% } %>
<% } %>
`;

/** What a browser is shown when a request fails (error-page.ts): what happened, what to do, the server's words. */
export const ERROR_TEMPLATE = `<% layout('@layout', { title: it.title }) %>
<h1><%= it.title %></h1>
<p><%= it.advice %></p>
<p class="hint"><%= it.t.error(it.status, it.message) %></p>
<p class="actions"><a class="button" href="<%= it.home %>"><%= it.t.goHome(it.brand.name) %></a></p>
`;
