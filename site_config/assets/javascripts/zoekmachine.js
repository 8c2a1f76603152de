/* Kennisbank Gemengde Wijk: the search engine of the static site.
 *
 * Reads the sharded index in zoekindex/ (written by generator/search/static.py from the
 * whoosh index) and ranks exactly as the search API does (generator/search/ranking.py),
 * with the query rules of generator/search/query.py, whose constants come with the index:
 * question words out, Dutch stems, accent folding, compounds split against the index's
 * own words, typos within one edit, the last word completed, facets with counts.
 * Only the manifest, the shards of the query's words and the shown results are fetched.
 *
 *   KBZoek.search(text, {filters, limit, offset, facets}) -> Promise of
 *     {total, hits: [{id, type, title, url, summary, snippet, score}], facets, suggestion, nearest}
 */
(function () {
  "use strict";

  // --- where the index lives (kb.js knows the site's root) -------------------------------
  var ROOT = new URL("zoekindex/", window.KB.base);
  var cache = {};
  var manifest = null;
  var C = null; // query constants

  function getJSON(path, versioned) {
    var url = new URL(path, ROOT);
    if (versioned && manifest) url.searchParams.set("v", manifest.version);
    var key = url.href;
    if (!cache[key]) {
      cache[key] = fetch(url.href).then(function (res) {
        if (!res.ok) throw new Error("zoekindex: " + res.status + " " + path);
        return res.json();
      });
      cache[key].catch(function () { delete cache[key]; });
    }
    return cache[key];
  }

  function load() {
    if (manifest) return Promise.resolve(manifest);
    return getJSON("index.json", false).then(function (m) {
      manifest = m;
      C = m.query;
      C.stop = toSet(C.stopwords);
      C.question = toSet(C.question_words);
      C.shardSet = toSet(m.shards);
      return m;
    });
  }

  function toSet(list) {
    var s = Object.create(null);
    list.forEach(function (x) { s[x] = true; });
    return s;
  }

  // --- analysis (query.py) -------------------------------------------------------------
  var TOKEN = /[\p{L}\p{N}_]+(?:[-+][\p{L}\p{N}_]+)*\+?/gu;
  var QUERY_TOKEN = /[\p{L}\p{N}_]+(?:[-+][\p{L}\p{N}_]+)*\+?|\+/gu;  // query.QUERY_TOKEN: a plus typed apart too
  var ASCII = /^[\x00-\x7f]*$/;

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      out += Object.prototype.hasOwnProperty.call(C.fold, ch) ? C.fold[ch] : ch;
    }
    return out.normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function words(text) {
    return (text.toLowerCase().match(TOKEN) || []).map(function (w) { return ASCII.test(w) ? w : fold(w); });
  }

  // query.is_word: two letters, or one digit
  function isWord(w) { return w.length >= 2 || (w.length === 1 && w >= "0" && w <= "9"); }

  function queryWords(text) {
    var all = (text.toLowerCase().match(QUERY_TOKEN) || []).map(function (w) {
      return (ASCII.test(w) ? w : fold(w)).replace(/(.)\1{2,}/gu, "$1$1");
    }).filter(function (w) { return w === "+" || (isWord(w) && !C.stop[w]); });
    var subject = all.filter(function (w) { return !C.question[w]; });
    if (!subject.some(function (w) { return w !== "+"; })) subject = all;  // only question words: they are the subject
    return subject.slice(0, C.max_tokens);
  }

  // query.join_symbols: "wonen +", "wonen plus", "wonen-plus" -> "wonen+" when the index knows it
  function joinSymbols(ws) {
    var spelled = function (w) { return Object.prototype.hasOwnProperty.call(C.spelled, w) ? C.spelled[w] : w; };
    var asked = {};
    ws.forEach(function (w) {
      asked[stem(w + "+")] = true;
      var cut = w.lastIndexOf("-");
      if (cut > 0) asked[stem(w.slice(0, cut) + "+")] = true;
    });
    var terms = Object.keys(asked);
    return Promise.all(terms.map(known)).then(function (flags) {
      var isKnown = {};
      terms.forEach(function (t, k) { isKnown[t] = flags[k]; });
      var out = [], i = 0;
      while (i < ws.length) {
        var w = ws[i], next = i + 1 < ws.length ? ws[i + 1] : "";
        if (w !== "+" && spelled(next) === "+" && isKnown[stem(w + "+")]) { out.push(w + "+"); i += 2; continue; }
        var cut = w.lastIndexOf("-"), head = cut > 0 ? w.slice(0, cut) : "", tail = cut > 0 ? w.slice(cut + 1) : "";
        if (head && spelled(tail) === "+" && tail !== "+" && isKnown[stem(head + "+")]) out.push(head + "+");
        else if (w !== "+") out.push(w);
        i += 1;
      }
      return out;
    });
  }

  // query.concept_spans: start -> [end, key], the longest English phrase first, left to right
  function conceptSpans(stems) {
    var longest = 0;
    Object.keys(manifest.concepts).forEach(function (k) { longest = Math.max(longest, k.split(" ").length); });
    var spans = {}, i = 0;
    while (i < stems.length) {
      var found = false;
      for (var n = Math.min(longest, stems.length - i); n > 0; n--) {
        var key = stems.slice(i, i + n).join(" ");
        if (Object.prototype.hasOwnProperty.call(manifest.concepts, key)) { spans[i] = [i + n, key]; i += n; found = true; break; }
      }
      if (!found) i += 1;
    }
    return spans;
  }

  // Snowball's Dutch stemmer, as whoosh implements it (checked word for word against it by the tests).
  var VOWELS = "aeiouy\u00e8";
  function isV(ch) { return ch !== undefined && ch !== "" && VOWELS.indexOf(ch) >= 0; }
  function at(w, i) { return i < 0 ? w[w.length + i] : w[i]; }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function endsAny(w, list) { for (var i = 0; i < list.length; i++) if (ends(w, list[i])) return true; return false; }
  var DOUBLE = ["kk", "dd", "tt"];

  function r1r2(word) {
    var r1 = "", r2 = "", i;
    for (i = 1; i < word.length; i++) {
      if (!isV(word[i]) && isV(word[i - 1])) { r1 = word.slice(i + 1); break; }
    }
    for (i = 1; i < r1.length; i++) {
      if (!isV(r1[i]) && isV(r1[i - 1])) { r2 = r1.slice(i + 1); break; }
    }
    return [r1, r2];
  }

  var stemCache = Object.create(null);
  function stem(input) {
    if (stemCache[input] !== undefined) return stemCache[input];
    var word = input.toLowerCase();
    var step2 = false, i;
    word = word.replace(/\u00e4/g, "a").replace(/\u00e1/g, "a").replace(/\u00eb/g, "e").replace(/\u00e9/g, "e")
      .replace(/\u00ed/g, "i").replace(/\u00ef/g, "i").replace(/\u00f6/g, "o").replace(/\u00f3/g, "o")
      .replace(/\u00fc/g, "u").replace(/\u00fa/g, "u");
    if (word[0] === "y") word = "Y" + word.slice(1);
    for (i = 1; i < word.length; i++) {
      if (isV(word[i - 1]) && word[i] === "y") word = word.slice(0, i) + "Y" + word.slice(i + 1);
    }
    for (i = 1; i < word.length - 1; i++) {
      if (isV(word[i - 1]) && word[i] === "i" && isV(word[i + 1])) word = word.slice(0, i) + "I" + word.slice(i + 1);
    }
    var rr = r1r2(word), r1 = rr[0], r2 = rr[1];
    for (i = 1; i < word.length; i++) {
      if (!isV(word[i]) && isV(word[i - 1])) {
        if (i + 1 < 3) r1 = word.slice(3);
        break;
      }
    }
    // step 1
    var SUF1 = ["heden", "ene", "en", "se", "s"];
    for (i = 0; i < SUF1.length; i++) {
      var suf = SUF1[i], L = suf.length;
      if (!ends(r1, suf)) continue;
      if (suf === "heden") {
        word = word.slice(0, -5) + "heid";
        r1 = r1.slice(0, -5) + "heid";
        if (ends(r2, "heden")) r2 = r2.slice(0, -5) + "heid";
      } else if ((suf === "ene" || suf === "en") && !ends(word, "heden") && !isV(at(word, -L - 1)) &&
                 word.slice(-L - 3, -L) !== "gem") {
        word = word.slice(0, -L); r1 = r1.slice(0, -L); r2 = r2.slice(0, -L);
        if (endsAny(word, DOUBLE)) { word = word.slice(0, -1); r1 = r1.slice(0, -1); r2 = r2.slice(0, -1); }
      } else if ((suf === "se" || suf === "s") && !isV(at(word, -L - 1)) && at(word, -L - 1) !== "j") {
        word = word.slice(0, -L); r1 = r1.slice(0, -L); r2 = r2.slice(0, -L);
      }
      break;
    }
    // step 2
    if (ends(r1, "e") && !isV(at(word, -2))) {
      step2 = true;
      word = word.slice(0, -1); r1 = r1.slice(0, -1); r2 = r2.slice(0, -1);
      if (endsAny(word, DOUBLE)) { word = word.slice(0, -1); r1 = r1.slice(0, -1); r2 = r2.slice(0, -1); }
    }
    // step 3a
    if (ends(r2, "heid") && at(word, -5) !== "c") {
      word = word.slice(0, -4); r1 = r1.slice(0, -4); r2 = r2.slice(0, -4);
      if (ends(r1, "en") && !isV(at(word, -3)) && word.slice(-5, -2) !== "gem") {
        word = word.slice(0, -2); r1 = r1.slice(0, -2); r2 = r2.slice(0, -2);
        if (endsAny(word, DOUBLE)) { word = word.slice(0, -1); r1 = r1.slice(0, -1); r2 = r2.slice(0, -1); }
      }
    }
    // step 3b
    var SUF3 = ["baar", "lijk", "bar", "end", "ing", "ig"];
    for (i = 0; i < SUF3.length; i++) {
      var s3 = SUF3[i];
      if (!ends(r2, s3)) continue;
      if (s3 === "end" || s3 === "ing") {
        word = word.slice(0, -3); r2 = r2.slice(0, -3);
        if (ends(r2, "ig") && at(word, -3) !== "e") word = word.slice(0, -2);
        else if (endsAny(word, DOUBLE)) word = word.slice(0, -1);
      } else if (s3 === "ig" && at(word, -3) !== "e") {
        word = word.slice(0, -2);
      } else if (s3 === "lijk") {
        word = word.slice(0, -4); r1 = r1.slice(0, -4);
        if (ends(r1, "e") && !isV(at(word, -2))) {
          word = word.slice(0, -1);
          if (endsAny(word, DOUBLE)) word = word.slice(0, -1);
        }
      } else if (s3 === "baar") {
        word = word.slice(0, -4);
      } else if (s3 === "bar" && step2) {
        word = word.slice(0, -3);
      }
      break;
    }
    // step 4: undouble vowel
    if (word.length >= 4) {
      var last = at(word, -1);
      if (!isV(last) && last !== "I") {
        var pair = word.slice(-3, -1);
        if ((pair === "aa" || pair === "ee" || pair === "oo" || pair === "uu") && !isV(at(word, -4))) {
          word = word.slice(0, -3) + at(word, -3) + last;
        }
      }
    }
    word = word.replace(/I/g, "i").replace(/Y/g, "y");
    stemCache[input] = word;
    return word;
  }

  // --- the index's shards ----------------------------------------------------------------
  function shardKey(term) {
    var out = "";
    var chars = Array.from(term).slice(0, 2);
    chars.forEach(function (ch) {
      out += (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") ? ch : "_" + ch.codePointAt(0).toString(16);
    });
    return out;
  }

  var EMPTY = { t: {}, s: {} };
  function shard(term) {
    var key = shardKey(term);
    if (!C.shardSet[key]) return Promise.resolve(EMPTY);
    return getJSON("t/" + key + ".json", true);
  }

  function varints(bytes) {
    var out = [], n = 0, shift = 0;
    for (var i = 0; i < bytes.length; i++) {
      var byte = bytes[i];
      n += (byte & 0x7f) * Math.pow(2, shift);
      if (byte & 0x80) { shift += 7; } else { out.push(n); n = 0; shift = 0; }
    }
    return out;
  }

  function decodeVarints(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return varints(bytes);
  }

  function getBytes(path) {
    if (!manifest) return load().then(function () { return getBytes(path); });
    var url = new URL(path, ROOT);
    url.searchParams.set("v", manifest.version);
    if (!cache[url.href]) {
      cache[url.href] = fetch(url.href).then(function (res) {
        if (!res.ok) throw new Error("zoekindex: " + res.status + " " + path);
        return res.arrayBuffer();
      }).then(function (buf) { return new Uint8Array(buf); });
      cache[url.href].catch(function () { delete cache[url.href]; });
    }
    return cache[url.href];
  }

  var termCache = Object.create(null);
  // A term's postings: {docs, scores (hundredths), flags} or null when the index lacks it.
  function postings(term) {
    if (termCache[term]) return termCache[term];
    termCache[term] = shard(term).then(function (sh) {
      var entry = sh.t[term];
      if (!entry) return null;
      var data = typeof entry[1] === "number" ? getBytes("p/" + entry[1] + ".bin").then(varints)
                                                : Promise.resolve(decodeVarints(entry[1]));
      return data.then(function (nums) {
        var docs = [], scores = [], flags = [], prev = 0;
        for (var i = 0; i < nums.length; i += 2) {
          prev += nums[i];
          docs.push(prev);
          scores.push(Math.floor(nums[i + 1] / 4));
          flags.push(nums[i + 1] % 4);
        }
        return { docs: docs, scores: scores, flags: flags };
      });
    });
    return termCache[term];
  }

  function known(term) {
    return shard(term).then(function (sh) { return !!sh.t[term]; });
  }

  // --- query plan (query.py and Ranker.plan) ---------------------------------------------
  function deletes(word) {
    var out = {}; out[word] = true;
    for (var i = 0; i < word.length; i++) out[word.slice(0, i) + word.slice(i + 1)] = true;
    return out;
  }

  function byLengthThenWord(token) {
    return function (a, b) {
      var da = Math.abs(a.length - token.length), db = Math.abs(b.length - token.length);
      return da - db || (a < b ? -1 : a > b ? 1 : 0);
    };
  }

  function corrections(token) {
    if (token.length < C.typo_min) return Promise.resolve([]);
    return shard(token).then(function (sh) {
      var mine = deletes(token), found = [];
      Object.keys(sh.t).forEach(function (w) {
        if (!(sh.t[w][0] & 1) || w === token || w.length < C.typo_min || w.slice(0, 2) !== token.slice(0, 2) ||
            Math.abs(w.length - token.length) > 1) return;
        var theirs = deletes(w);
        for (var k in theirs) if (mine[k]) { found.push(w); return; }
      });
      return found.sort(byLengthThenWord(token)).slice(0, C.max_corrections);
    });
  }

  function completions(token) {
    return shard(token).then(function (sh) {
      return Object.keys(sh.t).filter(function (w) {
        return (sh.t[w][0] & 2) && w.slice(0, token.length) === token;
      }).sort().slice(0, C.max_prefix_terms);
    });
  }

  function stops(w) { return !!C.stop[w]; }

  // The known parts of an unknown word with hyphens, or null (query.split_code).
  function splitCode(word) {
    if (word.indexOf("-") < 0) return null;
    var parts = [];
    word.replace(/^\++|\++$/g, "").split("-").forEach(function (p) {
      if (p && !stops(p) && parts.indexOf(stem(p)) < 0) parts.push(stem(p));
    });
    return Promise.all(parts.map(known)).then(function (flags) {
      var out = parts.filter(function (_p, i) { return flags[i]; });
      return out.length ? out : null;
    });
  }

  // Two stems the index knows that make up the word, or null (query.split_compound).
  function splitCompound(word) {
    if (word.length < C.min_compound || !/^\p{L}+$/u.test(word)) return Promise.resolve(null);
    var candidates = [];
    for (var i = C.min_part; i <= word.length - C.min_part; i++) {
      var left = word.slice(0, i), right = word.slice(i);
      if (stops(right)) continue;
      var firsts = [left];
      C.links.forEach(function (link) { if (ends(left, link)) firsts.push(left.slice(0, -link.length)); });
      candidates.push({ right: right, firsts: firsts });
    }
    var needed = {};
    candidates.forEach(function (c) {
      needed[stem(c.right)] = true;
      c.firsts.forEach(function (f) { if (f.length >= C.min_part && !stops(f)) needed[stem(f)] = true; });
    });
    var terms = Object.keys(needed);
    return Promise.all(terms.map(known)).then(function (flags) {
      var isKnown = {};
      terms.forEach(function (t, k) { isKnown[t] = flags[k]; });
      var best = null;
      candidates.forEach(function (c) {
        var rs = stem(c.right);
        if (!isKnown[rs]) return;
        for (var k = 0; k < c.firsts.length; k++) {
          var f = c.firsts[k];
          if (f.length < C.min_part || stops(f)) continue;
          var fs = stem(f);
          if (isKnown[fs]) {
            var rank = [Math.min(f.length, c.right.length), f.length];
            if (!best || rank[0] > best.rank[0] || (rank[0] === best.rank[0] && rank[1] > best.rank[1])) {
              best = { rank: rank, parts: [fs, rs] };
            }
            break;
          }
        }
      });
      return best ? best.parts : null;
    });
  }

  function conceptEntry(stems, key) {
    var english = stems.filter(function (t, i, a) { return a.indexOf(t) === i; });
    var dutch = manifest.concepts[key];
    return Promise.all(english.concat(dutch).map(known)).then(function (flags) {
      var alternatives = [], mine = {};
      english.forEach(function (t, k) { if (flags[k]) { alternatives.push([t, 1.0]); mine[t] = true; } });
      dutch.forEach(function (t, k) {
        if (!mine[t] && flags[english.length + k]) alternatives.push([t, C.concept_weight]);
      });
      return [[key, alternatives, []]];
    });
  }

  function plan(text) {
    return joinSymbols(queryWords(text)).then(planWords);
  }

  function planWords(ws) {
    var stems = ws.map(stem), spans = conceptSpans(stems), jobs = [], i = 0;
    while (i < ws.length) {
      if (spans[i]) { jobs.push(conceptEntry(stems.slice(i, spans[i][0]), spans[i][1])); i = spans[i][0]; continue; }
      jobs.push(wordEntry(ws[i], i === ws.length - 1));
      i += 1;
    }
    return Promise.all(jobs).then(function (lists) {
      var seen = {}, out = [];
      lists.forEach(function (entries) {
        entries.forEach(function (e) { if (!seen[e[0]]) { seen[e[0]] = true; out.push(e); } });
      });
      return out;
    });
  }

  function wordEntry(w, last) {
      var t = stem(w);
      var complete = last && t.length >= C.prefix_min ? completions(t) : Promise.resolve([]);
      return known(t).then(function (isKnown) {
        if (isKnown) {
          return Promise.all([complete, splitCompound(w)]).then(function (r) {
            var alternatives = [[t, 1.0]];
            (r[1] || []).forEach(function (part) { if (part !== t) alternatives.push([part, C.part_weight]); });
            return [[t, alternatives, r[0]]];
          });
        }
        var code = splitCode(w);
        return (code ? code : splitCompound(w)).then(function (parts) {
          if (parts) return parts.map(function (p) { return [p, [[p, 1.0]], []]; });
          return Promise.all([corrections(t), complete]).then(function (r) {
            return [[t, r[0].map(function (n) { return [n, manifest.typo_weight]; }), r[1]]];
          });
        });
      });
  }

  function highlightOf(p) {
    var set = {};
    p.forEach(function (e) { if (e[0].indexOf(" ") < 0) set[e[0]] = true; e[1].forEach(function (a) { set[a[0]] = true; }); });
    return Object.keys(set).filter(function (t) { return t.length >= 2; }).sort();  // no lone digit: it marks every §5.3
  }

  // --- scoring (Ranker._score and Ranker._rank) ----------------------------------------------
  function score(p) {
    var terms = {};
    p.forEach(function (e) { e[1].forEach(function (a) { terms[a[0]] = true; }); e[2].forEach(function (t) { terms[t] = true; }); });
    var list = Object.keys(terms);
    return Promise.all(list.map(postings)).then(function (found) {
      var byTerm = {};
      list.forEach(function (t, i) { byTerm[t] = found[i]; });
      var total = new Map(), matching = new Map(), weights = 0;
      p.forEach(function (e) {
        var seen = new Set();
        e[1].forEach(function (alt) {
          var pl = byTerm[alt[0]];
          if (!pl) return;
          for (var i = 0; i < pl.docs.length; i++) {
            var d = pl.docs[i];
            total.set(d, (total.get(d) || 0) + alt[1] * pl.scores[i] / manifest.scale);
            seen.add(d);
          }
        });
        if (e[2].length) {
          var inTitle = new Set(), inAlias = new Set();
          e[2].forEach(function (t) {
            var pl = byTerm[t];
            if (!pl) return;
            for (var i = 0; i < pl.docs.length; i++) {
              if (pl.flags[i] & 1) inTitle.add(pl.docs[i]);
              if (pl.flags[i] & 2) inAlias.add(pl.docs[i]);
            }
          });
          [[inTitle, manifest.prefix[0]], [inAlias, manifest.prefix[1]]].forEach(function (pair) {
            pair[0].forEach(function (d) { total.set(d, (total.get(d) || 0) + pair[1]); seen.add(d); });
          });
        }
        var weight = wordWeight(seen.size);
        weights += weight;
        seen.forEach(function (d) { matching.set(d, (matching.get(d) || 0) + weight); });
      });
      var raw = new Map();
      total.forEach(function (sc, d) { raw.set(d, sc * Math.pow(matching.get(d) / weights, C.coord_power)); });
      return raw;
    });
  }

  // Ranker._word_weight: a rare word counts more in the share of the query a document answers
  function wordWeight(found) {
    if (!C.rare_words_count) return 1.0;
    return Math.max(1.0, 1.0 + Math.log(manifest.n / (found + 1)));
  }

  // ranking.prior_power: a long description of a situation gets less of the type prior
  function priorPower(words) {
    return Math.max(0.0, 1.0 - Math.max(0, words - C.long_from) / C.long_span);
  }

  function facetData() {
    return load().then(function () { return getJSON("facetten.json", true); });
  }

  var decodedFacets = null;
  function facetMembers() {
    return Promise.all([facetData(), getBytes("facetten.bin")]).then(function (r) {
      var data = r[0], blob = r[1];
      if (!decodedFacets) {
        decodedFacets = {};
        Object.keys(data.values).forEach(function (facet) {
          decodedFacets[facet] = {};
          data.values[facet].forEach(function (entry) {
            var bytes = blob.subarray(entry[2], entry[2] + entry[3]), docs = [];
            if (entry[1] === "b") {
              for (var i = 0; i < bytes.length; i++) {
                if (bytes[i]) for (var b = 0; b < 8; b++) if (bytes[i] & (1 << b)) docs.push(i * 8 + b);
              }
            } else {
              var prev = 0;
              varints(bytes).forEach(function (g) { prev += g; docs.push(prev); });
            }
            decodedFacets[facet][entry[0]] = docs;
          });
        });
      }
      return { members: decodedFacets, labels: data.labels };
    });
  }

  function allowedSet(filters, members) {
    // documents passing every filter (any chosen value within a facet), or null without filters
    var result = null;
    Object.keys(filters).forEach(function (facet) {
      var chosen = filters[facet];
      if (!chosen || !chosen.length) return;
      var union = new Set();
      chosen.forEach(function (v) { ((members[facet] || {})[v] || []).forEach(function (d) { union.add(d); }); });
      if (result === null) result = union;
      else { var both = new Set(); result.forEach(function (d) { if (union.has(d)) both.add(d); }); result = both; }
    });
    return result;
  }

  function facetCounts(matched, members) {
    var inResult = new Uint8Array(manifest.n);
    matched.forEach(function (d) { inResult[d] = 1; });
    var out = {};
    manifest.facets.forEach(function (facet) {
      var counts = [];
      var values = members[facet] || {};
      Object.keys(values).forEach(function (v) {
        var c = 0, docs = values[v];
        for (var i = 0; i < docs.length; i++) c += inResult[docs[i]];
        if (c) counts.push([v, c]);
      });
      counts.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
      out[facet] = counts;
    });
    return out;
  }

  // query.name_shard: FNV-1a over the UTF-8 bytes
  function nameShard(key) {
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % manifest.name_shards;
  }

  function exactNames(p) {
    var key = p.map(function (e) { return e[0]; }).filter(function (w, i, a) { return a.indexOf(w) === i; }).sort().join(" ");
    return getJSON("n/" + nameShard(key) + ".json", true).then(function (names) { return new Set(names[key] || []); });
  }

  // documents with a city the query names beside other words in their title (Ranker._in_place)
  function inPlace(p) {
    var words = p.map(function (e) { return e[0]; }).filter(function (w) { return manifest.places.indexOf(w) >= 0; });
    if (words.length === p.length) return Promise.resolve(new Set());  // only a city's name: the city's page
    return Promise.all(words.map(postings)).then(function (lists) {
      var found = new Set();
      lists.forEach(function (pl) {
        if (!pl) return;
        for (var i = 0; i < pl.docs.length; i++) {
          if ((pl.flags[i] & 1) && manifest.types[manifest.doc_types.charCodeAt(pl.docs[i]) - 97] !== "city") found.add(pl.docs[i]);
        }
      });
      return found;
    });
  }

  function rank(p, filters, k, members) {
    return Promise.all([score(p), exactNames(p), inPlace(p)]).then(function (r) {
      var raw = r[0], names = r[1], place = r[2];
      var allowed = members ? allowedSet(filters, members) : null;
      var matched = [];
      raw.forEach(function (_sc, d) { if (!allowed || allowed.has(d)) matched.push(d); });
      var scores = new Map(), power = priorPower(p.length);
      matched.forEach(function (d) {
        var type = manifest.doc_types.charCodeAt(d) - 97;
        scores.set(d, raw.get(d) * Math.pow(manifest.prior[type], power) * Math.pow(manifest.description_prior[type], 1 - power) *
                      (names.has(d) ? manifest.exact_name : 1.0) *
                      (place.has(d) ? C.place_boost : 1.0));
      });
      var ranked = matched.slice().sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; }).slice(0, k);
      return { matched: matched, scores: scores, ranked: ranked };
    });
  }

  // --- results ----------------------------------------------------------------------------
  function esc(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }
  function reEsc(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }  // "-" needs none outside a class

  // snippet.snippet: the sentences with the query's words, escaped, with <mark> around them
  function snippet(text, stems, sentences, width) {
    sentences = sentences || 2; width = width || 220;
    if (!stems.length || !text) return "";
    var head = text.slice(0, 1000);  // snippet.SNIPPET_SOURCE_CHARS: the static index holds no more
    var sorted = stems.filter(function (s, i, a) { return a.indexOf(s) === i; })
      .sort(function (a, b) { return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0); });
    var source = "(?<![\\p{L}\\p{N}_])(?:" + sorted.map(reEsc).join("|") + ")[\\p{L}\\p{N}_-]*";
    if (!new RegExp(source, "iu").test(head)) return "";
    var found = [];
    var parts = head.split(/(?<=[.!?])\s+|\n+/);
    for (var i = 0; i < parts.length; i++) {
      var sentence = parts[i];
      if (sentence === undefined) continue;
      var re = new RegExp(source, "giu"), m, ws = [];
      while ((m = re.exec(sentence))) ws.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
      if (ws.length) {
        var distinct = new Set(ws.map(function (x) { return x.text.toLowerCase(); })).size;
        found.push({ n: distinct, i: found.length, sentence: sentence, words: ws });
        if (found.length >= 8) break;
      }
    }
    if (!found.length) return "";
    var best = found.slice().sort(function (a, b) { return b.n - a.n || a.i - b.i; }).slice(0, sentences)
      .sort(function (a, b) { return a.i - b.i; });
    return best.map(function (f) {
      var start = Math.max(0, f.words[0].start - Math.floor(width / 3));
      var end = Math.min(f.sentence.length, start + width);
      var out = "", pos = start;
      f.words.forEach(function (w) {
        if (w.start < start || w.end > end) return;
        out += esc(f.sentence.slice(pos, w.start)) + '<mark class="match">' + esc(w.text) + "</mark>";
        pos = w.end;
      });
      out += esc(f.sentence.slice(pos, end));
      return (start > 0 ? "\u2026 " : "") + out.trim() + (end < f.sentence.length ? " \u2026" : "");
    }).join(" \u2026 ");
  }

  function hits(ranked, scores, stems) {
    return Promise.all(ranked.map(function (d) { return getJSON("d/" + d + ".json", true); })).then(function (docs) {
      return docs.map(function (doc, i) {
        return {
          id: doc.id, type: doc.type, title: doc.title, url: doc.url, summary: doc.summary,
          snippet: snippet(doc.body, stems) || snippet(doc.summary, stems),
          score: Math.round(scores.get(ranked[i]) * 10000) / 10000
        };
      });
    });
  }

  function distance(a, b) {
    var prev2 = [], prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
      }
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // Engine.suggest (StaticEngine.suggest reads the shard the same way): the closest word within two edits, as the content writes it
  function suggest(word) {
    if (word.length < C.typo_min) return Promise.resolve("");
    return known(word).then(function (isKnown) {
      if (isKnown) return "";
      return shard(word).then(function (sh) {
        var best = null;
        Object.keys(sh.t).forEach(function (w) {
          if (!(sh.t[w][0] & 1) || w === word || w.length < C.typo_min || w.slice(0, 2) !== word.slice(0, 2) ||
              Math.abs(w.length - word.length) > 2) return;
          var d = distance(word, w);
          if (d > 2) return;
          var key = [d, Math.abs(w.length - word.length), w];
          if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) best = key;
        });
        return best ? (sh.s[best[2]] || best[2]) : "";
      });
    });
  }

  function nearest(p, filters, members) {
    return Promise.all(p.map(function (e) { return e[0].indexOf(" ") < 0 ? suggest(e[0]) : Promise.resolve(""); })).then(function (better) {
      var changed = better.some(function (b) { return !!b; });
      var suggestion = changed ? p.map(function (e, i) { return better[i] || e[0]; }).join(" ") : "";
      var found = suggestion
        ? plan(suggestion).then(function (again) {
            return rank(again, filters, 5, members).then(function (r) { return hits(r.ranked, r.scores, highlightOf(again)); });
          })
        : Promise.resolve([]);
      return found.then(function (list) {
        if (list.length) return { suggestion: suggestion, nearest: list };
        var zero = new Map();
        manifest.popular.forEach(function (d) { zero.set(d, 0); });
        return hits(manifest.popular, zero, []).then(function (pop) { return { suggestion: suggestion, nearest: pop }; });
      });
    });
  }

  function browse(filters, limit, offset, members) {
    if (!limit) {  // counts only (the search page before a question): no list, so no order needed
      var allowed = allowedSet(filters, members), all = [];
      for (var d = 0; d < manifest.n; d++) if (!allowed || allowed.has(d)) all.push(d);
      return Promise.resolve({ total: all.length, hits: [], facets: facetCounts(all, members), suggestion: "", nearest: [] });
    }
    return getJSON("volgorde.json", true).then(function (order) {
      var allowed = allowedSet(filters, members);
      var matched = order.filter(function (d) { return !allowed || allowed.has(d); });
      var zero = new Map();
      var ranked = matched.slice(offset, offset + limit);
      ranked.forEach(function (d) { zero.set(d, 0); });
      return hits(ranked, zero, []).then(function (list) {
        return { total: matched.length, hits: list, facets: facetCounts(matched, members), suggestion: "", nearest: [] };
      });
    });
  }

  function search(text, options) {
    options = options || {};
    var filters = {};
    Object.keys(options.filters || {}).forEach(function (f) { if ((options.filters[f] || []).length) filters[f] = options.filters[f]; });
    var limit = options.limit === undefined ? 10 : options.limit, offset = options.offset || 0;
    var wantFacets = options.facets !== false || Object.keys(filters).length > 0;
    return load().then(function () {
      return Promise.all([plan(text), wantFacets ? facetMembers() : Promise.resolve(null)]);
    }).then(function (r) {
      var p = r[0], fm = r[1], members = fm ? fm.members : null;
      if (!p.length && text.trim() && !Object.keys(filters).length) {
        return { total: 0, hits: [], facets: {}, suggestion: "", nearest: [] };  // only question or stop words
      }
      if (!p.length) {  // no words: browse what passes the filters, by title
        return (members ? Promise.resolve(fm) : facetMembers()).then(function (all) {
          return browse(filters, limit, offset, all.members);
        });
      }
      return rank(p, filters, offset + limit, members).then(function (res) {
        var stems = highlightOf(p);
        return hits(res.ranked.slice(offset), res.scores, stems).then(function (list) {
          var out = { total: res.matched.length, hits: list, facets: members ? facetCounts(res.matched, members) : {},
                      suggestion: "", nearest: [] };
          if (res.matched.length) return out;
          return nearest(p, filters, members).then(function (n) { out.suggestion = n.suggestion; out.nearest = n.nearest; return out; });
        });
      });
    });
  }

  function labels() {
    return facetData().then(function (d) { return d.labels; });
  }

  window.KBZoek = {
    search: search, labels: labels, load: load,
    stem: stem  // for the tests: the same stemmer as the Python side
  };
})();
