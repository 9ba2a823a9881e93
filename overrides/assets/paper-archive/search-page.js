/* The search page: the query, a tag filter, a year range and the sort order live in the URL
 * (?query=&tag=&from=&to=&sort=&page=), so a search can be shared as a link. (Not `q`: Material
 * opens its header search for `?q=` on any page.) Results come from the
 * same worker as the header search box; arrow keys move between the box and the results. */
(function () {
  "use strict";
  var form = document.getElementById("pa-search");
  if (!form) return;
  var status = document.getElementById("pa-search-status");
  var list = document.getElementById("pa-search-results");
  var pages = document.getElementById("pa-search-pages");
  var input = form.elements.query;
  var worker = new Worker(new URL("../assets/paper-archive/search-worker.js", location.href));
  var ready = false, asked = 0, timer = 0, page = 1;
  var FIELDS = ["query", "tag", "from", "to", "sort"];
  /* The page's words, in the site's language (generator/pages/search.py writes them). */
  var labels = JSON.parse(form.getAttribute("data-labels") || "{}");
  function label(key, fallback, values) {
    var text = labels[key] || fallback;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  function read() {
    var params = new URL(location.href).searchParams;
    FIELDS.forEach(function (name) {
      if (params.has(name)) form.elements[name].value = params.get(name);
    });
    page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  }

  function write() {
    var url = new URL(location.href);
    url.search = "";
    FIELDS.forEach(function (name) {
      var value = form.elements[name].value;
      if (value && !(name === "sort" && value === "relevance")) url.searchParams.set(name, value);
    });
    if (page > 1) url.searchParams.set("page", String(page));
    history.replaceState(null, "", url.toString());
  }

  function ask() {
    write();
    if (!ready) return;
    var query = input.value;  /* untrimmed: a space after the last word ends it, as in the header */
    if (!query.trim() && !form.elements.tag.value) {
      status.textContent = label("search_prompt", "Type words to search, or pick a tag.");
      list.innerHTML = "";
      pages.innerHTML = "";
      return;
    }
    worker.postMessage({
      type: "pa:query", id: ++asked, page: page, size: 20,
      query: query || "", tag: form.elements.tag.value,
      from: parseInt(form.elements.from.value, 10) || null,
      to: parseInt(form.elements.to.value, 10) || null,
      sort: form.elements.sort.value
    });
  }

  function item(result) {
    var li = document.createElement("li");
    /* Titles, snippets and tags arrive escaped, with only <mark> added by the worker. */
    li.innerHTML =
      '<a class="pa-search-result" href="' + new URL("../" + result.url, location.href) + '">' +
      '<span class="pa-search-result__title">' + result.title + "</span></a>" +
      '<p class="pa-search-result__meta">' + result.date +
      (result.tags.length ? " · " + result.tags.join(", ") : "") + "</p>" +
      '<p class="pa-search-result__snippet">' + result.snippet + "</p>";
    return li;
  }

  function button(label, target) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button";
    b.textContent = label;
    b.addEventListener("click", function () { page = target; ask(); input.focus(); });
    return b;
  }

  worker.onmessage = function (event) {
    var message = event.data;
    if (message.type === "pa:ready") {
      ready = true;
      ask();
      return;
    }
    if (message.type !== "pa:result" || message.id !== asked) return;
    if (message.error) {
      status.textContent = label("search_failed", "Search failed: {error}", { error: message.error });
      return;
    }
    var count = message.total;
    var last = Math.max(1, Math.ceil(count / 20));
    status.textContent = count === 0 ? label("search_none", "No papers match.") :
      (count === 1 ? label("search_count_one", "1 paper") :
        label("search_count_other", "{n} papers", { n: count.toLocaleString(labels.locale || "en") })) +
      (last > 1 ? label("search_page_of", " · page {number} of {total}", { number: page, total: last }) : "");
    list.innerHTML = "";
    message.items.forEach(function (result) { list.appendChild(item(result)); });
    pages.innerHTML = "";
    if (page > 1) pages.appendChild(button(label("search_previous", "← Previous"), page - 1));
    if (page < last) pages.appendChild(button(label("search_next", "Next →"), page + 1));
  };

  form.addEventListener("submit", function (event) { event.preventDefault(); page = 1; ask(); });
  form.addEventListener("change", function () { page = 1; ask(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { page = 1; ask(); }, 120);
  });

  /* Arrow keys: from the box into the results and between them; Escape returns to the box. */
  form.parentNode.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a.pa-search-result"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (document.activeElement !== input && at < 0) return;
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus(); else if (next < links.length) links[next].focus();
      event.preventDefault();
      event.stopPropagation();
    } else if (event.key === "Escape" && at >= 0) {
      input.focus();
    }
  }, true);

  read();
  worker.postMessage({ type: "pa:setup" });
  input.focus();
})();
