// Ferry's own download page (/d?id=), an Eta template like the custom one an admin may put in its place:
// `<%= %>` escapes what it prints, so a file name can never become markup. No script; styles inline only.
export const BUILTIN_DOWNLOAD_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title><%= it.locked ? 'Password required' : it.name %> · Ferry</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; background: #f4f5f7; color: #1d2330; }
  main { background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 2px 12px #0002; max-width: 36rem; width: calc(100% - 4rem); }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
  ul { list-style: none; padding: 0; margin: 0 0 1rem; }
  li { padding: .5rem 0; border-bottom: 1px solid #e4e6eb; overflow-wrap: anywhere; }
  .meta { color: #5b6475; font-size: .9rem; }
  .error { color: #b42318; }
  a.button, button { display: inline-block; background: #2856d8; color: #fff; border: 0; border-radius: 8px; padding: .5rem 1rem; font: inherit; text-decoration: none; cursor: pointer; }
  input { font: inherit; padding: .4rem; width: 100%; box-sizing: border-box; margin: .5rem 0 1rem; }
</style>
</head>
<body>
<main>
<% if (it.locked) { %>
  <h1>Password required</h1>
  <form method="post" action="<%= it.formAction %>">
    <label for="password">This download is protected by a password.</label>
    <input id="password" type="password" name="password" required autofocus autocomplete="off">
<% if (it.wrongPassword) { %>
    <p class="error">Wrong password.</p>
<% } %>
    <button type="submit">Download</button>
  </form>
<% } else { %>
  <h1><%= it.files.length === 1 ? it.name : it.files.length + ' files' %></h1>
<% if (it.needsKey) { %>
  <p class="error">This file is encrypted, and this link lacks its key: ask for the full link.</p>
<% } %>
  <ul>
<% it.files.forEach(function (file) { %>
    <li><a href="<%= file.downloadUrl %>"><%= file.name %></a>
      <div class="meta"><%= file.size %><% if (file.remainingDownloads !== null) { %> · <%= file.remainingDownloads %> download<%= file.remainingDownloads === 1 ? '' : 's' %> left<% } %></div></li>
<% }) %>
  </ul>
<% if (it.archiveUrl) { %>
  <p><a class="button" href="<%= it.archiveUrl %>">Download all as a zip</a></p>
<% } else if (it.downloadUrl) { %>
  <p><a class="button" href="<%= it.downloadUrl %>">Download</a></p>
<% } %>
<% if (it.expiry) { %>
  <p class="meta">Available until <time datetime="<%= it.expiryIso %>"><%= it.expiry %></time>.</p>
<% } %>
<% } %>
</main>
</body>
</html>
`;
