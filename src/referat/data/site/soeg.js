// The search page of referat's site (soeg/index.html). It reads ?q= from the address, stems the
// words as Danish (snowball-dansk.js, the same stemmer the index was built with), loads only the
// word files the words hash to and, for the results shown, each page's text for a snippet. Every
// file is loaded with a <script> tag, which a browser allows from file:// as well as from a web
// server. Text from the archive is only ever set as text (textContent), never as HTML.
(function () {
  "use strict";
  var index = window.referatSoeg;  // from indeks.js: {docs: [[url, title, group, date, key]], files}
  var SHOWN = 50;
  var WORD = /[\p{L}\p{N}]+/gu;
  var MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
    "september", "oktober", "november", "december"];
  var stemmer = new window.DanishStemmer();
  var stems = new Map();
  var wordFiles = {};
  var texts = {};
  var loading = {};

  index.ord = function (number, data) { wordFiles[number] = data; };
  index.tekst = function (key, text) { texts[key] = text; };

  function stem(word) {
    var found = stems.get(word);
    if (found === undefined) {
      found = stemmer.stemWord(word);
      stems.set(word, found);
    }
    return found;
  }

  function words(text) {
    return text.normalize("NFC").toLowerCase().match(WORD) || [];
  }

  // The same hash as referat.site.search.word_file.
  function wordFile(stemmed) {
    var hash = 0;
    for (var char of stemmed) hash = (Math.imul(hash, 31) + char.codePointAt(0)) >>> 0;
    return hash % index.files;
  }

  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function () { reject(new Error(src)); };
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  // The pages holding every stem, best first: most occurrences, then the newest.
  function find(wanted) {
    var scores = null;
    wanted.forEach(function (stemmed) {
      var data = wordFiles[wordFile(stemmed)];
      var pairs = Object.prototype.hasOwnProperty.call(data, stemmed) ? data[stemmed] : [];
      var here = new Map();
      for (var i = 0; i < pairs.length; i += 2) here.set(pairs[i], pairs[i + 1]);
      if (scores === null) {
        scores = here;
      } else {
        var both = new Map();
        scores.forEach(function (score, doc) {
          if (here.has(doc)) both.set(doc, score + here.get(doc));
        });
        scores = both;
      }
    });
    var hits = Array.from(scores.keys());
    hits.sort(function (a, b) {
      var dateA = index.docs[a][3], dateB = index.docs[b][3];
      return scores.get(b) - scores.get(a) || (dateA < dateB ? 1 : dateA > dateB ? -1 : a - b);
    });
    return hits;
  }

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function shownDate(date) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    return parts ? Number(parts[3]) + ". " + MONTHS[Number(parts[2]) - 1] + " " + parts[1] : date;
  }

  // About 200 characters around the first hit, every hit in them marked.
  function snippet(text, wanted) {
    var paragraph = element("p", "", "uddrag");
    var hits = [];
    var match;
    var pattern = new RegExp(WORD.source, "gu");
    text = text.normalize("NFC").replace(/\s+/g, " ");
    while ((match = pattern.exec(text)) !== null) {
      if (wanted.has(stem(match[0].toLowerCase()))) {
        hits.push([match.index, match.index + match[0].length]);
      }
    }
    var start = hits.length ? Math.max(0, hits[0][0] - 60) : 0;
    var space = text.indexOf(" ", start);
    if (start > 0 && space >= 0 && space < hits[0][0]) start = space + 1;
    var end = Math.min(text.length, start + 200);
    var at = start;
    if (start > 0) paragraph.append("… ");
    hits.forEach(function (hit) {
      if (hit[0] < at || hit[1] > end) return;
      paragraph.append(text.slice(at, hit[0]), element("mark", text.slice(hit[0], hit[1])));
      at = hit[1];
    });
    paragraph.append(text.slice(at, end));
    if (end < text.length) paragraph.append(" …");
    return paragraph;
  }

  function result(number, wanted) {
    var doc = index.docs[number];
    var item = element("li");
    var heading = element("h2");
    var link = element("a", doc[1]);
    link.href = "../" + doc[0];
    heading.append(link);
    var about = element("p", "", "om");
    about.append(doc[2] + " · ");
    var time = element("time", shownDate(doc[3]));
    time.dateTime = doc[3];
    about.append(time);
    item.append(heading, about);
    if (Object.prototype.hasOwnProperty.call(texts, doc[4])) item.append(snippet(texts[doc[4]], wanted));
    return item;
  }

  async function search(query, status, list) {
    var wanted = Array.from(new Set(words(query).map(stem)));
    if (!wanted.length) {
      list.setAttribute("aria-busy", "false");
      return;
    }
    list.setAttribute("aria-busy", "true");
    status.textContent = "Søger efter »" + query + "« …";
    try {
      await Promise.all(wanted.map(function (stemmed) { return load("ord/" + wordFile(stemmed) + ".js"); }));
    } catch (error) {
      status.textContent = "Søgningen kunne ikke læse sit indeks (" + error.message + ").";
      list.setAttribute("aria-busy", "false");
      return;
    }
    var hits = find(wanted);
    var shown = hits.slice(0, SHOWN);
    // a text that cannot be loaded only costs its snippet
    await Promise.allSettled(shown.map(function (number) {
      return load("tekst/" + index.docs[number][4] + ".js");
    }));
    var set = new Set(wanted);
    list.replaceChildren.apply(list, shown.map(function (number) { return result(number, set); }));
    if (!hits.length) {
      status.textContent = "Ingen resultater for »" + query + "«.";
    } else {
      status.textContent = (hits.length === 1 ? "1 resultat" : hits.length + " resultater") +
        " for »" + query + "«." + (hits.length > SHOWN ? " Viser de første " + SHOWN + "." : "");
    }
    list.setAttribute("aria-busy", "false");
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  var box = document.getElementById("q");
  if (box) box.value = query;
  search(query.trim(), document.getElementById("soeg-status"), document.getElementById("resultater"));
})();
