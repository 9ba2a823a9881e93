/* Paper Archive search engine: parses a query, fetches only the index shards its terms need,
 * and runs lunr.js over a small index of just those terms. Mirrors generator/search/query.py
 * line for line, so that a query gives the same results here as in lunr.py (a test checks).
 * Runs in a web worker (importScripts) and in Node (require). Needs the global `lunr`. */
(function (root) {
  "use strict";

  var FIELD_WORD = /^([a-z]+):([\s\S]*)$/;
  var YEAR_RANGE = /^(\d{4})?\.\.(\d{4})?$/;
  var SEPARATOR = /[ \t\n\r\f\v\u00a0-]+/;
  var TRIM = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;
  var PREFIX_MIN = 3;
  var HIGH = "\uffff";

  function trim(token) { return token.replace(TRIM, ""); }
  function tokens(text) { return text.toLowerCase().split(SEPARATOR).filter(Boolean); }
  function stem(word) { return lunr.stemmer(new lunr.Token(word)).toString(); }
  function codePoints(s) { return Array.from(s).length; }

  /* The query language of query.py's parse(): fields, -exclusions, year ranges, sort:date. */
  function parse(text, manifest, typing) {
    var fields = manifest.fields;
    var stopWords = new Set(manifest.stop_words);
    var parsed = { clauses: [], yearFrom: null, yearTo: null, sort: "relevance" };
    var words = text.split(/\s+/).filter(Boolean);
    words.forEach(function (word, position) {
      var negate = word.charAt(0) === "-" && word.length > 1;
      if (negate) word = word.slice(1);
      var clauseFields = fields;
      var match = FIELD_WORD.exec(word);
      if (match && (fields.indexOf(match[1]) >= 0 || match[1] === "sort")) {
        var name = match[1];
        word = match[2];
        if (name === "sort") {
          parsed.sort = word === "date" ? "date" : "relevance";
          return;
        }
        var span = name === "year" ? YEAR_RANGE.exec(word) : null;
        if (span) {
          parsed.yearFrom = span[1] ? parseInt(span[1], 10) : null;
          parsed.yearTo = span[2] ? parseInt(span[2], 10) : null;
          return;
        }
        clauseFields = [name];
      }
      var keyword = clauseFields.length === 1 && (clauseFields[0] === "tag" || clauseFields[0] === "year");
      var values = keyword ? [word.toLowerCase()] : tokens(word).map(trim);
      var lastWord = position === words.length - 1 && typing && !/\s$/.test(text);
      values.forEach(function (value, i) {
        if (!value || stopWords.has(value)) return;
        var prefix = lastWord && i === values.length - 1 && !negate && codePoints(value) >= PREFIX_MIN;
        parsed.clauses.push({ term: value, fields: clauseFields, required: !negate, prefix: prefix });
      });
    });
    return parsed;
  }

  function Engine(manifest, fetchJSON) {
    this.manifest = manifest;
    this.fetchJSON = fetchJSON;   /* path relative to the search folder -> Promise of JSON */
    this.shards = new Map();      /* shard file -> Promise of its entries, fetched once */
    this.docs = new Map();
    this.firsts = manifest.shards.map(function (s) { return s[0]; });
  }

  /* The shard holding a term: the last one whose first term sorts at or before it. */
  Engine.prototype.shardAt = function (term) {
    var lo = 0, hi = this.firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (this.firsts[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  Engine.prototype.load = function (from, to) {
    var self = this, wanted = [];
    for (var i = from; i <= to && i < this.manifest.shards.length; i++) {
      var file = this.manifest.shards[i][1];
      if (!this.shards.has(file)) this.shards.set(file, this.fetchJSON(file));
      wanted.push(this.shards.get(file));
    }
    return Promise.all(wanted).then(function (lists) { return [].concat.apply([], lists); });
  };

  /* The entries of each clause's terms: the stemmed word, and for a prefix every term it
   * begins. Returns one list of entries per clause, in clause order. */
  Engine.prototype.entries = function (parsed) {
    var self = this;
    return Promise.all(parsed.clauses.map(function (clause) {
      var stemmed = stem(clause.term), loads = [];
      loads.push(self.load(self.shardAt(stemmed), self.shardAt(stemmed)).then(function (list) {
        return list.filter(function (e) { return e[0] === stemmed; });
      }));
      if (clause.prefix) {
        var p = clause.term;
        loads.push(self.load(self.shardAt(p), self.shardAt(p + HIGH)).then(function (list) {
          return list.filter(function (e) { return e[0].slice(0, p.length) === p && e[0] !== stemmed; });
        }));
      }
      return Promise.all(loads).then(function (lists) { return [].concat.apply([], lists); });
    }));
  };

  /* Calls fn(ref, weight) for each posting of an entry in field number f: refs are stored as
   * deltas, weights as thousandths. */
  function eachPosting(entry, f, fn) {
    var data = entry[2 + f];
    if (!data) return;
    for (var k = 0, ref = 0; k < data[0].length; k++) fn(ref += data[0][k], data[1][k] / 1000);
  }

  /* The documents lunr could return: in every required clause's matches (as lunr requires),
   * in none of the excluded ones, and in the year range. Giving lunr only these changes no
   * result and no score, and spares it the many documents of a common word. */
  Engine.prototype.candidates = function (parsed, perClause, span) {
    var fields = this.manifest.fields, allowed = null, excluded = new Set();
    parsed.clauses.forEach(function (clause, i) {
      var indexes = clause.fields.map(function (name) { return fields.indexOf(name); });
      var matches = new Set();
      perClause[i].forEach(function (entry) {
        indexes.forEach(function (f) { eachPosting(entry, f, function (ref) { matches.add(ref); }); });
      });
      if (!clause.required) {
        matches.forEach(function (ref) { excluded.add(ref); });
      } else if (allowed === null) {
        allowed = matches;
      } else {
        var both = new Set();
        matches.forEach(function (ref) { if (allowed.has(ref)) both.add(ref); });
        allowed = both;
      }
    });
    var kept = new Set();
    (allowed || new Set()).forEach(function (ref) {
      if (!excluded.has(ref) && ref >= span[0] && ref <= span[1]) kept.add(ref);
    });
    return kept;
  };

  /* A lunr.Index of just these terms and documents. Scores equal the whole index's: lunr divides
   * by the query vector's magnitude only, so document vectors restricted to the query's terms
   * suffice, and the query vector depends on the terms, not on the documents. */
  Engine.prototype.index = function (byTerm, keep) {
    var fields = this.manifest.fields, inverted = {}, elements = {};
    byTerm.forEach(function (entry, term) {
      var posting = { _index: entry[1] };
      fields.forEach(function (field, f) {
        var refs = posting[field] = {};
        eachPosting(entry, f, function (ref, weight) {
          if (!keep.has(ref)) return;
          refs[ref] = {};
          var key = field + "/" + ref;
          (elements[key] = elements[key] || []).push([entry[1], weight]);
        });
      });
      inverted[term] = posting;
    });
    var vectors = {};
    Object.keys(elements).forEach(function (key) {
      var flat = [];
      elements[key].sort(function (a, b) { return a[0] - b[0]; }).forEach(function (p) {
        flat.push(p[0], p[1]);
      });
      vectors[key] = new lunr.Vector(flat);
    });
    var pipeline = new lunr.Pipeline();
    pipeline.add(lunr.stemmer);
    return new lunr.Index({
      invertedIndex: inverted,
      fieldVectors: vectors,
      tokenSet: lunr.TokenSet.fromArray(Array.from(byTerm.keys()).sort()),
      fields: fields,
      pipeline: pipeline
    });
  };

  function matchesPrefix(clause, matched) {
    var stemmed = stem(clause.term);
    return Object.keys(matched).some(function (term) {
      return (term.slice(0, clause.term.length) === clause.term || term === stemmed) &&
        Object.keys(matched[term]).some(function (f) { return clause.fields.indexOf(f) >= 0; });
    });
  }

  function yearSpan(parsed, years) {
    var lo = Infinity, hi = -Infinity;
    Object.keys(years).forEach(function (year) {
      var y = parseInt(year, 10);
      if ((parsed.yearFrom === null || y >= parsed.yearFrom) && (parsed.yearTo === null || y <= parsed.yearTo)) {
        lo = Math.min(lo, years[year][0]);
        hi = Math.max(hi, years[year][1]);
      }
    });
    return lo <= hi ? [lo, hi] : [1, 0];
  }

  /* lunr's score for every candidate, computed straight from the postings: per field, the dot
   * product of the query vector (a boost of 1 per clause term, summed as lunr upserts them) and
   * the document's weights, over the query vector's magnitude; summed over fields. */
  Engine.prototype.scores = function (parsed, perClause, keep) {
    var fields = this.manifest.fields, query = fields.map(function () { return new Map(); });
    var entryAt = new Map();
    parsed.clauses.forEach(function (clause, i) {
      if (!clause.required) return;  /* exclusions add nothing to lunr's query vector */
      var stemmed = stem(clause.term);
      var terms = perClause[i].filter(function (e) { return e[0] === stemmed; });
      if (clause.prefix) {  /* lunr's wildcard clause: every term that begins the typed word */
        terms = terms.concat(perClause[i].filter(function (e) { return e[0].slice(0, clause.term.length) === clause.term; }));
      }
      terms.forEach(function (entry) {
        entryAt.set(entry[1], entry);
        clause.fields.forEach(function (name) {
          var q = query[fields.indexOf(name)];
          q.set(entry[1], (q.get(entry[1]) || 0) + 1);
        });
      });
    });
    var score = new Map();
    query.forEach(function (q, f) {
      var magnitude = 0;
      q.forEach(function (boost) { magnitude += boost * boost; });
      magnitude = Math.sqrt(magnitude);
      q.forEach(function (boost, index) {
        eachPosting(entryAt.get(index), f, function (ref, weight) {
          if (keep.has(ref)) score.set(ref, (score.get(ref) || 0) + boost * weight / magnitude);
        });
      });
    });
    return score;
  };

  /* The candidates lunr needs to score to return the best `limit`: all of them when few; else
   * the best by the same formula (or the newest, sorted by date), with near-ties kept, so that
   * floating-point rounding cannot change which documents make the cut. */
  Engine.prototype.best = function (parsed, perClause, keep, limit) {
    if (keep.size <= limit) return keep;
    var refs = Array.from(keep);
    if (parsed.sort === "date") {
      refs.sort(function (a, b) { return b - a; });
      return new Set(refs.slice(0, limit));
    }
    var score = this.scores(parsed, perClause, keep);
    refs.sort(function (a, b) { return score.get(b) - score.get(a) || b - a; });
    var cut = score.get(refs[limit - 1]) - 1e-9 * (1 + Math.abs(score.get(refs[limit - 1])));
    return new Set(refs.filter(function (ref, i) { return i < limit || score.get(ref) >= cut; }));
  };

  /* The best `limit` results [{ref, score, terms}], ranked and scored by lunr as query.py's
   * search() ranks them, and the number of all results. */
  Engine.prototype.search = function (parsed, limit) {
    var self = this;
    limit = limit || Infinity;
    if (!parsed.clauses.some(function (c) { return c.required; })) {
      return Promise.resolve({ total: 0, results: [] });
    }
    return this.entries(parsed).then(function (perClause) {
      var span = yearSpan(parsed, self.manifest.years);
      var byTerm = new Map();
      perClause.forEach(function (list) { list.forEach(function (e) { byTerm.set(e[0], e); }); });
      var keep = self.candidates(parsed, perClause, span);
      var idx = self.index(byTerm, self.best(parsed, perClause, keep, limit));
      var prefixes = parsed.clauses.filter(function (c) { return c.prefix; });
      var results = idx.query(function (q) {
        parsed.clauses.forEach(function (c) {
          if (c.prefix) {
            q.term(c.term, { fields: c.fields, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
            q.term(stem(c.term), { fields: c.fields, usePipeline: false });
          } else {
            q.term(stem(c.term), {
              fields: c.fields, usePipeline: false,
              presence: c.required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.PROHIBITED
            });
          }
        });
      });
      var kept = results.map(function (r) {
        return { ref: parseInt(r.ref, 10), score: Math.round(r.score * 1e6) / 1e6, terms: r.matchData.metadata };
      }).filter(function (r) {
        return r.ref >= span[0] && r.ref <= span[1] &&
          prefixes.every(function (c) { return matchesPrefix(c, r.terms); });
      });
      kept.sort(parsed.sort === "date"
        ? function (a, b) { return b.ref - a.ref; }
        : function (a, b) { return b.score - a.score || b.ref - a.ref; });
      return { total: keep.size, results: kept.slice(0, limit) };
    });
  };

  /* What a result shows of a paper: its bundle of `doc_bundle` consecutive papers is fetched
   * once (results sorted by date share bundles; a build writes far fewer files). */
  Engine.prototype.doc = function (ref) {
    var size = this.manifest.doc_bundle, bundle = Math.floor(ref / size);
    if (!this.docs.has(bundle)) {
      this.docs.set(bundle, this.fetchJSON("doc/" + bundle + ".json?v=" + this.manifest.version));
    }
    return this.docs.get(bundle).then(function (docs) { return docs[ref - bundle * size]; });
  };

  /* --- Presentation: escaped text with the matched words marked, and a snippet around them. */

  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escapeHTML(text) { return text.replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); }

  function marker(parsed, result) {
    /* Words that matched in the text shown (a tag or year filter's term is not highlighted). */
    var matched = new Set(Object.keys(result.terms).filter(function (term) {
      return Object.keys(result.terms[term]).some(function (f) { return f !== "tag" && f !== "year"; });
    }));
    var prefixes = parsed.clauses.filter(function (c) { return c.prefix; }).map(function (c) { return c.term; });
    return function (word) {
      var w = trim(word.toLowerCase());
      if (!w) return false;
      if (matched.has(stem(w))) return true;
      return prefixes.some(function (p) { return w.slice(0, p.length) === p; });
    };
  }

  /* HTML of `text` with matched words in <mark>; input text is always escaped. With `limit`, a
   * window of about that many characters around the first match. */
  function highlight(text, isMatch, limit) {
    var parts = text.split(/([ \t\n\r\f\v\u00a0-]+)/);
    var start = 0, end = parts.length;
    if (limit) {
      var first = parts.findIndex(function (p, i) { return i % 2 === 0 && isMatch(p); });
      start = first < 0 ? 0 : first;
      var before = 0;
      while (start >= 2 && before + parts[start - 1].length + parts[start - 2].length <= limit / 3) {
        before += parts[start - 1].length + parts[start - 2].length;
        start -= 2;
      }
      var length = 0;
      for (end = start; end < parts.length && length < limit; end++) length += parts[end].length;
    }
    var html = parts.slice(start, end).map(function (part, i) {
      var escaped = escapeHTML(part);
      return (start + i) % 2 === 0 && isMatch(part) ? "<mark>" + escaped + "</mark>" : escaped;
    }).join("");
    return (start > 0 ? "… " : "") + html + (end < parts.length ? " …" : "");
  }

  var api = {
    parse: parse, Engine: Engine, highlight: highlight, marker: marker, escapeHTML: escapeHTML,
    stem: stem, tokens: tokens, trim: trim
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.PaperSearch = api;
})(this);
