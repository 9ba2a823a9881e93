/* Paper Archive's search worker. Speaks Material for MkDocs' worker protocol (SETUP, READY,
 * QUERY, RESULT), so the header search box, its keyboard navigation and its result list work
 * unchanged; and answers the search page's richer queries ("pa:query": filters, sort, pages). */
importScripts("search-core.js");

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var DROPDOWN = 9;  /* Material renders ten at first: nine best, then the link to all */
var PAUSE = 100;  /* ms without a newer keystroke before a result list's entries are fetched */
var base = new URL("../../search/", self.location.href);
var engine = null;
var manifest = null;
var latest = 0;
/* The last entry's words, in the site's language: overrides/main.html puts them in our URL. */
var PARAMS = new URL(self.location.href).searchParams;
var MORE = PARAMS.get("more") || "All {n} results, with filters and sorting →";
var LOCALE = PARAMS.get("locale") || "en";

/* Every search file is fetched here: the manifest as JSON, shards and doc bundles as gzip
 * (PaperSearch.readJSON reads both). A failure is reported as the search's error: the search
 * page shows it ("Search failed: …"), the header's list shows no results. */
function fetchJSON(path) {
  return fetch(new URL(path, base)).then(function (response) {
    if (!response.ok) throw new Error(path + ": HTTP " + response.status);
    return response.arrayBuffer();
  }).then(PaperSearch.readJSON).catch(function (error) {
    throw error.message.indexOf(path) === 0 ? error : new Error(path.split("?")[0] + ": " + error.message);
  });
}

function start(config) {
  manifest = config.paper_archive;
  engine = new PaperSearch.Engine(manifest, fetchJSON);
}

function tagNames(slugs) {
  var names = new Map(manifest.tags);
  return slugs.map(function (slug) { return names.get(slug) || slug; });
}

/* One result as Material renders it: its strings are inserted as HTML, so all text is escaped. */
function materialItem(parsed, result, doc) {
  var isMatch = PaperSearch.marker(parsed, result);
  /* The words Material's highlighter marks on the page a result opens (`?h=`), as prefixes:
   * the query's words as typed (folded), the terms they matched in the text, and the matched
   * words as the paper writes them (its highlighter folds no accents: `Muller` -> `müller`). */
  var terms = {}, text = manifest.text_fields;
  PaperSearch.pageWords(doc, isMatch).forEach(function (w) { terms[w] = true; });
  parsed.clauses.forEach(function (c) {
    if (c.required && c.fields.some(function (f) { return text.indexOf(f) >= 0; })) terms[c.term] = true;
  });
  Object.keys(result.terms).forEach(function (t) {
    if (Object.keys(result.terms[t]).some(function (f) { return text.indexOf(f) >= 0; })) terms[t] = true;
  });
  return {
    location: doc.u,
    title: PaperSearch.highlight(doc.t, isMatch),
    text: "<p>" + PaperSearch.escapeHTML(doc.d) + "</p><p>" + PaperSearch.highlight(doc.a, isMatch, 240) + "</p>",
    tags: tagNames(doc.g).map(PaperSearch.escapeHTML),
    score: result.score,
    terms: terms
  };
}

function answerMaterial(query) {
  var ticket = ++latest, asked = Date.now();
  var parsed = PaperSearch.parse(query, manifest, true);
  engine.search(parsed, DROPDOWN).then(function (found) {
    /* Typing sends a query per keystroke: only the newest one's results are worth fetching,
     * and only once typing pauses (as the search page waits for it): each result shown costs
     * its entries' bundle, about 1.6 KB of gzip. */
    if (ticket !== latest) return;
    return new Promise(function (resolve) {
      setTimeout(resolve, Math.max(0, PAUSE - (Date.now() - asked)));
    }).then(function () { return ticket === latest ? found : null; });
  }).then(function (found) {
    if (!found) return;
    var top = found.results;
    return Promise.all(top.map(function (r) { return engine.doc(r.ref); })).then(function (docs) {
      if (ticket !== latest) return;  /* a newer query is on its way; never show stale results */
      var items = top.map(function (r, i) { return [materialItem(parsed, r, docs[i])]; });
      if (found.total > DROPDOWN) {
        items.push([{
          location: "search/?query=" + encodeURIComponent(query),
          title: PaperSearch.escapeHTML(MORE.split("{n}").join(found.total.toLocaleString(LOCALE))),
          text: "", score: 0, terms: {}
        }]);
      }
      self.postMessage({ type: RESULT, data: { items: items } });
    });
  }).catch(function (error) {
    if (ticket === latest) self.postMessage({ type: RESULT, data: { items: [] } });
    console.error(error);
  });
}

/* The search page: the query plus filter controls, one page of results at a time. */
function answerPage(message) {
  /* Parsed as the header box parses it: the word being typed (no space after it) is a prefix,
   * so a query gives the same papers here, in the header, and through the link between them. */
  var parsed = PaperSearch.parse(message.query, manifest, true);
  if (message.tag) parsed.clauses.push({ term: message.tag, fields: ["tag"], required: true, prefix: false });
  if (message.from) parsed.yearFrom = message.from;
  if (message.to) parsed.yearTo = message.to;
  if (message.sort) parsed.sort = message.sort;
  var size = message.size || 20, page = message.page || 1;
  engine.search(parsed, page * size).then(function (found) {
    var slice = found.results.slice((page - 1) * size);
    return Promise.all(slice.map(function (r) { return engine.doc(r.ref); })).then(function (docs) {
      self.postMessage({
        type: "pa:result", id: message.id, total: found.total,
        refs: found.results.map(function (r) { return [r.ref, r.score]; }),
        items: slice.map(function (r, i) {
          var isMatch = PaperSearch.marker(parsed, r);
          return {
            ref: r.ref, score: r.score, url: docs[i].u, date: docs[i].d,
            tags: tagNames(docs[i].g).map(PaperSearch.escapeHTML),
            title: PaperSearch.highlight(docs[i].t, isMatch),
            snippet: PaperSearch.highlight(docs[i].a, isMatch, 300)
          };
        })
      });
    });
  }).catch(function (error) {
    self.postMessage({ type: "pa:result", id: message.id, error: String(error) });
  });
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    start(message.data.config);
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    answerMaterial(message.data);
  } else if (message.type === "pa:setup") {
    fetchJSON("search_index.json").then(function (index) {
      start(index.config);
      self.postMessage({ type: "pa:ready", manifest: manifest });
    });
  } else if (message.type === "pa:query") {
    answerPage(message);
  }
};
