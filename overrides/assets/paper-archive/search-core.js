/* Paper Archive search engine: parses a query, fetches only the index shards its terms need,
 * and scores the candidates from their postings exactly as lunr.js would score them over the
 * whole index (without lunr.js itself: 25 KB gzipped that a cold query no longer fetches).
 * Mirrors generator/search/query.py, so that a query gives the same results, scores and order
 * here as in lunr.py (tests check, in Node and in Chromium). Runs in a web worker
 * (importScripts) and in Node (require). */
(function (root) {
  "use strict";

  /* Text analysis: generator/search/analysis.py, rule for rule (its docstring lists them). */
  var TEX_ACCENT = /\\(?:[`'"^~=.]|[uvhckrbdt](?=[\s{]))\s*\{?\s*(\\[ij](?![a-z])|[a-z])\s*\}?/g;
  var TEX_LETTER = /\\(ss|ae|oe|aa|o|l|i|j)(?![a-z])(?:\{\})?/g;
  var DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var FOLD = { "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i" };
  var FOLDED = /[ßøłđðþæœı]/g;
  var POSSESSIVE = /['\u2019]s(?![\p{L}\p{N}_])/gu;
  var SEPARATOR_CHARS =
    " \\t\\n\\r\\f\\v\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff" +
    "\\-\\u2010-\\u2015\\u2212\\u2e3a\\u2e3b\\ufe58\\ufe63" +
    "/\\\\|!\"#$%&()*+,:;<=>?@\\[\\]^`~'\\u2018\\u2019\\u201c\\u201d" +
    "\\u3001-\\u3003\\u3008-\\u3011\\u3014-\\u301f";
  var SEPARATOR = new RegExp("[" + SEPARATOR_CHARS + "]+");
  var TRIM = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;
  var CJK = /([\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)/;
  var NON_ASCII = /[^\x00-\x7f]/;

  /* Query language: generator/search/query.py. */
  var PART = /(-?)(?:([A-Za-z]+):)?"([^"]*)"|(\S+)/g;
  var FIELD_WORD = /^([A-Za-z]+):([\s\S]*)$/;
  var YEAR_RANGE = /^(\d{4})?(?:\.\.|[-\u2010-\u2015])(\d{4})?$/;
  var QUOTES = /[\u201c\u201d\u201e\u00ab\u00bb]/g;
  var ARXIV_ID = "(\\d{4}\\.\\d{4,5}|[a-z][a-z.-]*/\\d{7})(?:v\\d+)?";
  var IDENTIFIER = new RegExp(
    "^(?:arxiv:" +
    "|(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)/" +
    "|(?:https?://)?(?:www\\.)?(?:huggingface|hf)\\.co/papers/" +
    "|(?:https?://)?(?:dx\\.)?doi\\.org/10\\.48550/arxiv\\." +
    "|(?:doi:)?10\\.48550/arxiv\\.)?" + ARXIV_ID + "(?:\\.pdf)?/?(?:[?#][\\s\\S]*)?$");
  var DOI = /^(?:doi:|(?:https?:\/\/)?(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/;
  var PREFIX_MIN = 3;
  var HIGH = "\uffff";

  function normalise(text) {
    text = text.toLowerCase();
    if (text.indexOf("\\") >= 0) {
      text = text.replace(TEX_ACCENT, "$1").replace(TEX_LETTER, "$1").replace(/\\/g, " ");
    }
    if (/[{}]/.test(text)) text = text.replace(/[{}]/g, "");
    if (NON_ASCII.test(text)) {
      text = text.normalize("NFKD").replace(DIACRITICS, "");
      text = text.replace(FOLDED, function (c) { return FOLD[c]; }).normalize("NFC");
    }
    return text.replace(POSSESSIVE, "");
  }
  function trim(token) { return token.replace(TRIM, ""); }
  function words(token) {
    var word = trim(token);
    if (!word) return [];
    if (!NON_ASCII.test(word) || !CJK.test(word)) return [word];
    var out = [];
    word.split(CJK).forEach(function (part, i) {
      if (i % 2 === 0) {
        part = trim(part);
        if (part) out.push(part);
      } else if (part.length === 1) {
        out.push(part);
      } else {
        for (var k = 0; k < part.length - 1; k++) out.push(part.slice(k, k + 2));
      }
    });
    return out;
  }
  function tokens(text) {
    var out = [];
    normalise(text).split(SEPARATOR).forEach(function (token) {
      words(token).forEach(function (w) { out.push(w); });
    });
    return out;
  }
  /* lunr.js 2.3.9's Porter stemmer (lunr.stemmer), copied as it is: lunr.js is MIT licensed,
   * Copyright (C) 2020 Oliver Nightingale; the stemmer itself is after Martin Porter's
   * algorithm, as lunr.js credits it. The index is stemmed with generator/search/stemmer.py, a
   * port of the same code; tests/tools/stem.js holds the three equal over a whole vocabulary. */
  var porterStemmer = (function () {
  var step2list = {
      "ational" : "ate",
      "tional" : "tion",
      "enci" : "ence",
      "anci" : "ance",
      "izer" : "ize",
      "bli" : "ble",
      "alli" : "al",
      "entli" : "ent",
      "eli" : "e",
      "ousli" : "ous",
      "ization" : "ize",
      "ation" : "ate",
      "ator" : "ate",
      "alism" : "al",
      "iveness" : "ive",
      "fulness" : "ful",
      "ousness" : "ous",
      "aliti" : "al",
      "iviti" : "ive",
      "biliti" : "ble",
      "logi" : "log"
    },

    step3list = {
      "icate" : "ic",
      "ative" : "",
      "alize" : "al",
      "iciti" : "ic",
      "ical" : "ic",
      "ful" : "",
      "ness" : ""
    },

    c = "[^aeiou]",          // consonant
    v = "[aeiouy]",          // vowel
    C = c + "[^aeiouy]*",    // consonant sequence
    V = v + "[aeiou]*",      // vowel sequence

    mgr0 = "^(" + C + ")?" + V + C,               // [C]VC... is m>0
    meq1 = "^(" + C + ")?" + V + C + "(" + V + ")?$",  // [C]VC[V] is m=1
    mgr1 = "^(" + C + ")?" + V + C + V + C,       // [C]VCVC... is m>1
    s_v = "^(" + C + ")?" + v;                   // vowel in stem

  var re_mgr0 = new RegExp(mgr0);
  var re_mgr1 = new RegExp(mgr1);
  var re_meq1 = new RegExp(meq1);
  var re_s_v = new RegExp(s_v);

  var re_1a = /^(.+?)(ss|i)es$/;
  var re2_1a = /^(.+?)([^s])s$/;
  var re_1b = /^(.+?)eed$/;
  var re2_1b = /^(.+?)(ed|ing)$/;
  var re_1b_2 = /.$/;
  var re2_1b_2 = /(at|bl|iz)$/;
  var re3_1b_2 = new RegExp("([^aeiouylsz])\\1$");
  var re4_1b_2 = new RegExp("^" + C + v + "[^aeiouwxy]$");

  var re_1c = /^(.+?[^aeiou])y$/;
  var re_2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;

  var re_3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;

  var re_4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  var re2_4 = /^(.+?)(s|t)(ion)$/;

  var re_5 = /^(.+?)e$/;
  var re_5_1 = /ll$/;
  var re3_5 = new RegExp("^" + C + v + "[^aeiouwxy]$");

  var porterStemmer = function porterStemmer(w) {
    var stem,
      suffix,
      firstch,
      re,
      re2,
      re3,
      re4;

    if (w.length < 3) { return w; }

    firstch = w.substr(0,1);
    if (firstch == "y") {
      w = firstch.toUpperCase() + w.substr(1);
    }

    // Step 1a
    re = re_1a
    re2 = re2_1a;

    if (re.test(w)) { w = w.replace(re,"$1$2"); }
    else if (re2.test(w)) { w = w.replace(re2,"$1$2"); }

    // Step 1b
    re = re_1b;
    re2 = re2_1b;
    if (re.test(w)) {
      var fp = re.exec(w);
      re = re_mgr0;
      if (re.test(fp[1])) {
        re = re_1b_2;
        w = w.replace(re,"");
      }
    } else if (re2.test(w)) {
      var fp = re2.exec(w);
      stem = fp[1];
      re2 = re_s_v;
      if (re2.test(stem)) {
        w = stem;
        re2 = re2_1b_2;
        re3 = re3_1b_2;
        re4 = re4_1b_2;
        if (re2.test(w)) { w = w + "e"; }
        else if (re3.test(w)) { re = re_1b_2; w = w.replace(re,""); }
        else if (re4.test(w)) { w = w + "e"; }
      }
    }

    // Step 1c - replace suffix y or Y by i if preceded by a non-vowel which is not the first letter of the word (so cry -> cri, by -> by, say -> say)
    re = re_1c;
    if (re.test(w)) {
      var fp = re.exec(w);
      stem = fp[1];
      w = stem + "i";
    }

    // Step 2
    re = re_2;
    if (re.test(w)) {
      var fp = re.exec(w);
      stem = fp[1];
      suffix = fp[2];
      re = re_mgr0;
      if (re.test(stem)) {
        w = stem + step2list[suffix];
      }
    }

    // Step 3
    re = re_3;
    if (re.test(w)) {
      var fp = re.exec(w);
      stem = fp[1];
      suffix = fp[2];
      re = re_mgr0;
      if (re.test(stem)) {
        w = stem + step3list[suffix];
      }
    }

    // Step 4
    re = re_4;
    re2 = re2_4;
    if (re.test(w)) {
      var fp = re.exec(w);
      stem = fp[1];
      re = re_mgr1;
      if (re.test(stem)) {
        w = stem;
      }
    } else if (re2.test(w)) {
      var fp = re2.exec(w);
      stem = fp[1] + fp[2];
      re2 = re_mgr1;
      if (re2.test(stem)) {
        w = stem;
      }
    }

    // Step 5
    re = re_5;
    if (re.test(w)) {
      var fp = re.exec(w);
      stem = fp[1];
      re = re_mgr1;
      re2 = re_meq1;
      re3 = re3_5;
      if (re.test(stem) || (re2.test(stem) && !(re3.test(stem)))) {
        w = stem;
      }
    }

    re = re_5_1;
    re2 = re_mgr1;
    if (re.test(w) && re2.test(w)) {
      re = re_1b_2;
      w = w.replace(re,"");
    }

    // and turn initial Y back to y

    if (firstch == "y") {
      w = firstch.toLowerCase() + w.substr(1);
    }

    return w;
  };

  return porterStemmer;
  })();
  function stem(word) { return porterStemmer(word); }
  function utf16Less(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function identifier(word) {
    word = word.toLowerCase();
    var match = IDENTIFIER.exec(word);
    if (match) return match[1];
    match = DOI.exec(word);
    return match ? match[1].replace(/[.,;]+$/, "") : "";
  }

  /* query.py's parts(): [excluded, field or "", value, quoted]. */
  function parts(text, names) {
    var out = [], match;
    var placeholder = function () {
      var last = out[out.length - 1];
      return last && last[1] && !last[2] && !last[3];
    };
    text = text.replace(QUOTES, '"');
    PART.lastIndex = 0;
    while ((match = PART.exec(text)) !== null) {
      var negate, name;
      if (match[4] === undefined) {
        negate = match[1] === "-";
        name = (match[2] || "").toLowerCase();
        if (!name && placeholder()) { var p = out.pop(); negate = p[0]; name = p[1]; }
        out.push([negate, name, match[3], true]);
        continue;
      }
      var word = match[4];
      negate = word.charAt(0) === "-" && word.length > 1;
      if (negate) word = word.slice(1);
      name = "";
      var fielded = FIELD_WORD.exec(word);
      if (fielded && names.indexOf(fielded[1].toLowerCase()) >= 0) {
        name = fielded[1].toLowerCase();
        word = fielded[2];
      }
      if (name && !word && PART.lastIndex < text.length) {
        out.push([negate, name, "", false]);
        continue;
      }
      if (placeholder()) { var q = out.pop(); negate = q[0]; name = q[1]; }
      out.push([negate, name, word, false]);
    }
    return out;
  }

  /* The query language of query.py's parse(): fields, -exclusions, year ranges, sort:date,
   * phrases, identifiers. */
  function parse(text, manifest, typing) {
    var fields = manifest.fields;
    var stopWords = new Set(manifest.stop_words);
    var parsed = { clauses: [], yearFrom: null, yearTo: null, sort: "relevance", phrases: [] };
    var found = parts(text, fields.concat(["sort"]));
    typing = typing && !/\s$/.test(text);
    found.forEach(function (part, position) {
      var negate = part[0], name = part[1], word = part[2], quoted = part[3];
      var lastWord = typing && position === found.length - 1 && !quoted;
      var clauseFields = fields.indexOf(name) >= 0 ? [name] : fields;
      if (name === "sort") {
        parsed.sort = word.toLowerCase() === "date" ? "date" : "relevance";
        return;
      }
      var span = name === "year" ? YEAR_RANGE.exec(word) : null;
      if (span && (span[1] || span[2])) {
        parsed.yearFrom = span[1] ? parseInt(span[1], 10) : null;
        parsed.yearTo = span[2] ? parseInt(span[2], 10) : null;
        return;
      }
      var known = !quoted && (name === "" || name === "id") ? identifier(word) : "";
      if (known) {
        parsed.clauses.push({ term: known, fields: ["id"], required: !negate, prefix: lastWord && !negate });
        return;
      }
      var values = name === "tag" || name === "year" || name === "id" ? [word.toLowerCase()] : tokens(word);
      if (quoted && !negate && values.length > 1) {
        parsed.phrases.push([values.map(stem), name ? clauseFields : manifest.text_fields]);
      }
      values.forEach(function (value, i) {
        if (!value) return;
        if (stopWords.has(value) && name !== "author") {
          if (!name && !negate) {
            /* Never required (`the model`), but names may be stop words (He He, Will), also
             * while the word is being typed. */
            parsed.clauses.push({ term: value, fields: ["author"], required: false, prefix: false, optional: true });
          }
          return;
        }
        var typed = lastWord && i === values.length - 1 && name !== "tag" && name !== "year";
        if (typed && Array.from(value).length < PREFIX_MIN && !CJK.test(value)) {
          /* `Li`, `He`: looked for as a whole word; required alone (or after filters), else
           * it only ranks. */
          if (!negate) {
            var alone = !parsed.clauses.some(function (c) {
              return c.required && c.fields.some(function (f) { return f !== "tag" && f !== "year"; });
            });
            parsed.clauses.push({ term: value, fields: clauseFields, required: alone, prefix: false, optional: !alone });
          }
          return;
        }
        parsed.clauses.push({ term: value, fields: clauseFields, required: !negate, prefix: typed && !negate });
      });
    });
    return parsed;
  }

  /* --- Search files: shards and doc bundles are stored gzip-compressed (`.json.gz`, the
   * manifest's schema 4), which is 40% of their JSON's bytes in a site's size limit. */

  var SUFFIX = ".json.gz";

  /* The JSON in a search file's bytes (an ArrayBuffer), as a Promise. Gzip bytes (they start
   * with its magic number, 1f 8b, as JSON text never does) are read with the platform's
   * DecompressionStream; other bytes are the JSON itself: a host that sends the files with
   * `Content-Encoding: gzip` has the browser decompress them before a script sees them. */
  function readJSON(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
      return Promise.resolve(JSON.parse(new TextDecoder().decode(bytes)));
    }
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error(
        "this browser cannot decompress the search index (it has no DecompressionStream)"));
    }
    var text = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(text).text().then(JSON.parse);
  }

  function Engine(manifest, fetchJSON) {
    this.manifest = manifest;
    this.fetchJSON = fetchJSON;   /* path relative to the search folder -> Promise of JSON */
    this.shards = new Map();      /* shard file -> Promise of its entries, fetched once */
    this.docs = new Map();
    this.firsts = manifest.shards;  /* each shard's first key */
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
      var file = "shards/" + i + SUFFIX + "?v=" + this.manifest.version;
      if (!this.shards.has(file)) this.shards.set(file, this.fetchJSON(file));
      wanted.push(this.shards.get(file));
    }
    return Promise.all(wanted).then(function (lists) { return [].concat.apply([], lists); });
  };

  function isTerm(entry) { return entry.length > 2; }  /* a form is [word, term] */

  /* The entry of one term, or null. */
  Engine.prototype.term = function (term) {
    var at = this.shardAt(term);
    return this.load(at, at).then(function (list) {
      return list.find(function (e) { return e[0] === term && isTerm(e); }) || null;
    });
  };

  /* The entries of each clause's terms, as query.py's Vocabulary.expand() finds them: the
   * stemmed word, and for a prefix every term it begins and the term of every form it begins;
   * sorted. Returns one list of entries per clause, in clause order. */
  Engine.prototype.entries = function (parsed) {
    var self = this;
    return Promise.all(parsed.clauses.map(function (clause) {
      var wanted = [self.term(stem(clause.term)).then(function (e) { return [e]; })];
      if (clause.prefix) {
        var p = clause.term;
        wanted.push(self.load(self.shardAt(p), self.shardAt(p + HIGH)).then(function (list) {
          var begun = list.filter(function (e) { return e[0].slice(0, p.length) === p; });
          return Promise.all(begun.map(function (e) {
            return isTerm(e) ? e : self.term(e[1]);
          }));
        }));
      }
      return Promise.all(wanted).then(function (lists) {
        var byTerm = new Map();
        [].concat.apply([], lists).forEach(function (e) { if (e) byTerm.set(e[0], e); });
        return Array.from(byTerm.values()).sort(function (a, b) { return utf16Less(a[0], b[0]); });
      });
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
    var fields = this.manifest.fields, allowed = null, excluded = new Set(), anyOptional = new Set();
    parsed.clauses.forEach(function (clause, i) {
      var indexes = clause.fields.map(function (name) { return fields.indexOf(name); });
      var matches = new Set();
      perClause[i].forEach(function (entry) {
        indexes.forEach(function (f) { eachPosting(entry, f, function (ref) { matches.add(ref); }); });
      });
      if (clause.optional) {
        matches.forEach(function (ref) { anyOptional.add(ref); });
      } else if (!clause.required) {
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
    /* With no required word, lunr returns what any optional one matched. */
    (allowed || anyOptional).forEach(function (ref) {
      if (!excluded.has(ref) && ref >= span[0] && ref <= span[1]) kept.add(ref);
    });
    return kept;
  };

  /* Whether a result matched one of a typed word's terms (in one of its fields). */
  function matched(entries, clause, metadata) {
    return entries.some(function (e) {
      return metadata[e[0]] !== undefined &&
        Object.keys(metadata[e[0]]).some(function (f) { return clause.fields.indexOf(f) >= 0; });
    });
  }

  /* Whether the words of a phrase follow each other, stemmed, in one of its fields. */
  function hasPhrase(doc, phrase) {
    var sequence = phrase[0], texts = { title: doc.t, abstract: doc.a, author: (doc.au || []).join(" ") };
    return phrase[1].some(function (name) {
      if (texts[name] === undefined) return false;
      var stems = tokens(texts[name]).map(stem);
      for (var i = 0; i + sequence.length <= stems.length; i++) {
        var k = 0;
        while (k < sequence.length && stems[i + k] === sequence[k]) k++;
        if (k === sequence.length) return true;
      }
      return false;
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

  /* The (clause, term entry, field) triples lunr.js's Index.query() visits, in its order:
   * clauses in order, each clause's terms (a prefix's in sorted order), then its fields;
   * exclusions add nothing to a score. */
  function visits(parsed, perClause, fields) {
    var out = [];
    parsed.clauses.forEach(function (clause, i) {
      if (!clause.required && !clause.optional) return;
      var entries = clause.prefix ? perClause[i] : perClause[i].filter(function (e) {
        return e[0] === stem(clause.term);
      });
      entries.forEach(function (entry) {
        clause.fields.forEach(function (name) { out.push([entry, fields.indexOf(name)]); });
      });
    });
    return out;
  }

  /* lunr's scores, and its match data, for `refs`, computed as lunr.js computes them (so that
   * the floating-point results are the same, bit for bit): per field, the dot product of the
   * query vector (a boost of 1 per clause term, summed) and the document's weights, in term
   * index order, over the query vector's magnitude; a document's fields summed in the order
   * lunr first met them. Returns Map ref -> {score, terms: {term: {field: {}}}}. */
  Engine.prototype.scores = function (parsed, perClause, refs) {
    var fields = this.manifest.fields, order = visits(parsed, perClause, fields);
    var query = fields.map(function () { return new Map(); });  /* term index -> boost */
    var weight = fields.map(function () { return new Map(); });  /* "index/ref" -> weight */
    var found = new Map();
    order.forEach(function (visit) {
      var entry = visit[0], f = visit[1];
      query[f].set(entry[1], (query[f].get(entry[1]) || 0) + 1);
      eachPosting(entry, f, function (ref, w) {
        if (!refs.has(ref)) return;
        var doc = found.get(ref);
        if (!doc) found.set(ref, doc = { fields: [], terms: {} });
        if (doc.fields.indexOf(f) < 0) doc.fields.push(f);
        (doc.terms[entry[0]] = doc.terms[entry[0]] || {})[fields[f]] = {};
        weight[f].set(entry[1] + "/" + ref, w);
      });
    });
    var sorted = query.map(function (q) {
      return Array.from(q.keys()).sort(function (a, b) { return a - b; });
    });
    var magnitude = query.map(function (q, f) {
      var sum = 0;
      sorted[f].forEach(function (index) { sum += q.get(index) * q.get(index); });
      return Math.sqrt(sum);
    });
    var out = new Map();
    found.forEach(function (doc, ref) {
      var score;
      doc.fields.forEach(function (f) {
        var dot = 0;
        sorted[f].forEach(function (index) {
          var w = weight[f].get(index + "/" + ref);
          if (w !== undefined) dot += query[f].get(index) * w;
        });
        var fieldScore = dot / magnitude[f];
        score = score === undefined ? fieldScore : score + fieldScore;
      });
      out.set(ref, { score: score, terms: doc.terms });
    });
    return out;
  };

  /* The best `limit` results [{ref, score, terms}], ranked and scored as lunr ranks and scores
   * them in query.py's search(), and the number of all results. */
  Engine.prototype.search = function (parsed, limit) {
    var self = this;
    limit = limit || Infinity;
    if (!parsed.clauses.some(function (c) { return c.required || c.optional; })) {
      if (parsed.yearFrom === null && parsed.yearTo === null) return Promise.resolve({ total: 0, results: [] });
      return this.inRange(parsed, limit);
    }
    var perClause;
    return this.entries(parsed).then(function (found) {
      perClause = found;
      var span = yearSpan(parsed, self.manifest.years);
      var keep = self.candidates(parsed, perClause, span);
      if (!parsed.phrases.length) return keep;
      /* A phrase: the candidates' words are read from their entries (fetched in bundles). */
      var refs = Array.from(keep);
      return Promise.all(refs.map(function (ref) { return self.doc(ref); })).then(function (docs) {
        return new Set(refs.filter(function (ref, i) {
          return parsed.phrases.every(function (phrase) { return hasPhrase(docs[i], phrase); });
        }));
      });
    }).then(function (keep) {
      var scored = self.scores(parsed, perClause, keep);
      var kept = [];
      scored.forEach(function (r, ref) {
        var ok = parsed.clauses.every(function (c, i) { return !c.prefix || matched(perClause[i], c, r.terms); });
        if (ok) kept.push({ ref: ref, score: Math.round(r.score * 1e6) / 1e6, terms: r.terms });
      });
      kept.sort(parsed.sort === "date"
        ? function (a, b) { return b.ref - a.ref; }
        : function (a, b) { return b.score - a.score || b.ref - a.ref; });
      return { total: keep.size, results: kept.slice(0, limit) };
    });
  };

  /* query.py's in_range(): a query of filters only lists every paper of the year range but the
   * excluded ones, newest first, each with a score of 0. */
  Engine.prototype.inRange = function (parsed, limit) {
    var self = this, fields = this.manifest.fields;
    return this.entries(parsed).then(function (perClause) {
      var span = yearSpan(parsed, self.manifest.years), excluded = new Set(), results = [];
      parsed.clauses.forEach(function (clause, i) {  /* only exclusions are left */
        perClause[i].forEach(function (entry) {
          if (entry[0] !== stem(clause.term)) return;
          clause.fields.forEach(function (name) {
            eachPosting(entry, fields.indexOf(name), function (ref) { excluded.add(ref); });
          });
        });
      });
      for (var ref = span[1]; ref >= span[0]; ref--) {
        if (!excluded.has(ref)) results.push({ ref: ref, score: 0, terms: {} });
      }
      return { total: results.length, results: results.slice(0, limit) };
    });
  };

  /* What a result shows of a paper: its bundle of `doc_bundle` consecutive papers is fetched
   * once (results sorted by date share bundles; a build writes far fewer files). */
  Engine.prototype.doc = function (ref) {
    var size = this.manifest.doc_bundle, bundle = Math.floor(ref / size);
    if (!this.docs.has(bundle)) {
      this.docs.set(bundle, this.fetchJSON("doc/" + bundle + SUFFIX + "?v=" + this.manifest.version));
    }
    return this.docs.get(bundle).then(function (docs) { return docs[ref - bundle * size]; });
  };

  /* --- Presentation: escaped text with the matched words marked, and a snippet around them. */

  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escapeHTML(text) { return text.replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); }

  function marker(parsed, result) {
    /* Words that matched in the text shown (a tag or year filter's term is not highlighted). */
    var matched = new Set(Object.keys(result.terms).filter(function (term) {
      return Object.keys(result.terms[term]).some(function (f) { return f !== "tag" && f !== "year" && f !== "id"; });
    }));
    var prefixes = parsed.clauses.filter(function (c) { return c.prefix; }).map(function (c) { return c.term; });
    return function (word) {
      return tokens(word).some(function (w) {
        return matched.has(stem(w)) || prefixes.some(function (p) { return w.slice(0, p.length) === p; });
      });
    };
  }

  /* The words of a paper's title, abstract and authors that `isMatch` marks, lower case, as
   * they are written there (`müller` for the query `Muller`): Material's highlighter (`?h=`)
   * marks the words it is given as they appear on the page, and folds no accents. */
  function pageWords(doc, isMatch) {
    var found = new Set();
    [doc.t, doc.a].concat(doc.au || []).forEach(function (text) {
      (text || "").split(SEPARATOR).forEach(function (token) {
        var word = trim(token);
        if (!word || !isMatch(word)) return;
        word = word.toLowerCase();
        found.add(word);
        found.add(word.normalize("NFC"));  /* as a page may show decomposed text */
      });
    });
    return Array.from(found);
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
    parse: parse, Engine: Engine, readJSON: readJSON, highlight: highlight, marker: marker,
    escapeHTML: escapeHTML, pageWords: pageWords,
    stem: stem, tokens: tokens, trim: trim, normalise: normalise, identifier: identifier
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.PaperSearch = api;
})(this);
