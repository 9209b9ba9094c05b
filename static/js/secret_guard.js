// The seed-phrase and private-key check of core/secrets.py (find_published_secrets), run in the
// browser so the ask page sends nothing to /api/similar while the text holds a secret: a pasted
// recovery phrase never leaves the browser. Every list, threshold and pattern comes from
// static/secrets/rules.json, written from the server's own by `manage.py export_secret_rules`
// (a test keeps the two equal); the code below is core/secrets.py's, function for function, and
// tests/browser/test_secret_guard.py checks it agrees with the server on generated phrases and
// keys and on innocent text. Positions count code points, as Python's do.
//
// The "characters written together" case needs jieba's segmentation: static/secrets/
// zh_words.json holds the dictionary words a Chinese list can form (large, so it is fetched only
// when a text has such a run). SHA-256 (the BIP-39 and base58check checksums) is computed here:
// crypto.subtle is asynchronous and missing outside secure contexts (plain http on a LAN host).
(function (root) {
  "use strict";

  // --- SHA-256 (FIPS 180-4) ------------------------------------------------------------------

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);

  function sha256(bytes) {
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var bits = length * 8;
    for (var b = 0; b < 8; b++) {
      padded[padded.length - 1 - b] = b < 4 ? (bits >>> (8 * b)) & 0xff
        : Math.floor(bits / Math.pow(2, 8 * b)) & 0xff;
    }
    var h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    var w = new Uint32Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 16; i++) {
        var at = offset + 4 * i;
        w[i] = (padded[at] << 24) | (padded[at + 1] << 16) | (padded[at + 2] << 8) | padded[at + 3];
      }
      for (i = 16; i < 64; i++) {
        var x = w[i - 15], y = w[i - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      var a = h[0], c1 = h[1], c2 = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var choice = (e & f) ^ (~e & g);
        var t1 = (k + sum1 + choice + K[i] + w[i]) >>> 0;
        var sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var majority = (a & c1) ^ (a & c2) ^ (c1 & c2);
        var t2 = (sum0 + majority) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c2; c2 = c1; c1 = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += c1; h[2] += c2; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    var out = new Uint8Array(32);
    for (i = 0; i < 8; i++) {
      out[4 * i] = h[i] >>> 24; out[4 * i + 1] = (h[i] >>> 16) & 0xff;
      out[4 * i + 2] = (h[i] >>> 8) & 0xff; out[4 * i + 3] = h[i] & 0xff;
    }
    return out;
  }

  // --- text in code points ---------------------------------------------------------------------

  // Python indexes strings by code point, JavaScript by UTF-16 unit: every position, length and
  // slice below is in code points, through these helpers.
  function codePoints(string) { return Array.from(string); }

  function slice(points, start, end) { return points.slice(start, end).join(""); }

  function unitToPoint(string) {
    // UTF-16 index -> code point index, or null when the string has no astral characters.
    if (!/[\ud800-\udfff]/.test(string)) { return null; }
    var map = new Array(string.length + 1);
    var point = 0;
    for (var unit = 0; unit < string.length; unit++) {
      map[unit] = point;
      var code = string.charCodeAt(unit);
      if (code >= 0xd800 && code <= 0xdbff && unit + 1 < string.length) {
        var next = string.charCodeAt(unit + 1);
        if (next >= 0xdc00 && next <= 0xdfff) { map[++unit] = point; }
      }
      point++;
    }
    map[string.length] = point;
    return map;
  }

  function finditer(regex, string) {
    // re.finditer: [{start, end, text, group1}] in code points.
    var map = unitToPoint(string);
    var found = [];
    regex.lastIndex = 0;
    var match;
    while ((match = regex.exec(string)) !== null) {
      var start = match.index, end = match.index + match[0].length;
      if (end === start) { regex.lastIndex++; continue; }
      found.push({ start: map ? map[start] : start, end: map ? map[end] : end,
        text: match[0], group1: match[1] });
    }
    return found;
  }

  function pythonFormat(template, values) {
    return template.replace(/%(?:\((\w+)\)[sd]|%)/g, function (all, name) {
      return name === undefined ? "%" : String(values[name]);
    });
  }

  // --- the rule --------------------------------------------------------------------------------

  function NeedsDictionary() { this.name = "NeedsDictionary"; }

  function create(rules, dictionary) {
    var unicode = rules.unicode;
    function compile(pattern, global) {
      var source = pattern.source.replace(/%(word|space)%/g, function (all, name) {
        return unicode[name];
      });
      return new RegExp(source, pattern.flags + (global ? "g" : ""));
    }
    var patterns = {};
    Object.keys(rules.patterns).forEach(function (name) {
      patterns[name] = compile(rules.patterns[name], true);
    });
    var hanBody = rules.patterns.han.source.slice(1, -1);
    var hanFirst = new RegExp("^[" + hanBody + "]", "u");
    var nonHanRuns = new RegExp("[^" + hanBody + "]+", "gu");
    var letterRuns = new RegExp("[" + unicode.letter + "]+", "gu");
    var alphaChar = new RegExp("^[" + unicode.alpha + "]$", "u");
    var combining = new RegExp("[" + unicode.combining + "]", "gu");
    var charref = compile(rules.html.charref, true);
    var invalidCodepoints = new Set(rules.html.invalid_codepoints);
    var MIN_WORDS = rules.min_words;

    function isAlpha(char) { return alphaChar.test(char); }

    function fold(word) {
      return word.toLowerCase().normalize("NFKD").replace(combining, "");
    }

    var wordListCache = {};
    function wordList(language) {
      if (wordListCache[language]) { return wordListCache[language]; }
      var words = new Map();
      rules.word_lists[language].forEach(function (word, index) { words.set(word, index); });
      var near = new Set(words.keys());
      var counts = new Map();
      var length = rules.abbreviation_length;
      words.forEach(function (index, word) {
        var points = codePoints(word);
        for (var i = 0; i < points.length; i++) {
          near.add(slice(points, 0, i) + slice(points, i + 1));
        }
        if (points.length > length) {
          var prefix = slice(points, 0, length);
          counts.set(prefix, (counts.get(prefix) || 0) + 1);
        }
      });
      var prefixes = new Set();
      counts.forEach(function (count, prefix) {
        if (count === 1 && !words.has(prefix)) { prefixes.add(prefix); }
      });
      wordListCache[language] = { words: words, near: near, prefixes: prefixes };
      return wordListCache[language];
    }

    function isTypo(token, list) {
      var points = codePoints(token);
      if (points.length < rules.min_typo_length) { return false; }
      if (list.near.has(token)) { return true; }
      for (var i = 0; i < points.length; i++) {
        if (list.near.has(slice(points, 0, i) + slice(points, i + 1))) { return true; }
      }
      return false;
    }

    function isSeparator(gap) {
      var points = codePoints(gap);
      return points.length <= rules.max_gap && !points.some(isAlpha);
    }

    function wordTokens(text) {
      var tokens = [];
      finditer(letterRuns, text).forEach(function (match) {
        finditer(nonHanRuns, match.text).forEach(function (part) {
          tokens.push([part.text, match.start + part.start, match.start + part.end]);
        });
      });
      return tokens;
    }

    function runs(tokens, points, classify, minWords) {
      // secrets._runs: longest runs joined by separators, at most one inexact token each.
      if (minWords === undefined) { minWords = MIN_WORDS; }
      var kinds = tokens.map(function (token) { return classify(token[0]); });
      var found = [];
      var first = 0, inexactAt = null;
      for (var index = 0; index < kinds.length; index++) {
        var kind = kinds[index];
        var joined = index > first
          && isSeparator(slice(points, tokens[index - 1][2], tokens[index][1]));
        if (kind === null || !joined) {
          if (index - first >= minWords && kinds[first] !== null) {
            found.push([first, index - 1]);
          }
          first = index; inexactAt = null;
          if (kind === null) { first = index + 1; }
          else if (kind === "near") { inexactAt = index; }
          continue;
        }
        if (kind === "near") {
          if (inexactAt !== null) {
            if (index - first >= minWords) { found.push([first, index - 1]); }
            first = inexactAt + 1;
          }
          inexactAt = index;
        }
      }
      if (kinds.length - first >= minWords) { found.push([first, kinds.length - 1]); }
      return found.map(function (run) {
        var start = run[0], last = run[1];
        if (kinds[start] === "near" && last - start >= minWords) { start += 1; }
        if (kinds[last] === "near" && last - start >= minWords) { last -= 1; }
        return [start, last, last - start + 1];
      });
    }

    function phraseFinding(points, start, end, words) {
      var phrase = points.slice(start, end);
      var keep = hanFirst.test(phrase.join("")) ? 1 : 2;
      return { kind: "mnemonic", start: start, end: end, words: words,
        excerpt: phrase.slice(0, keep).join("") + "…" + phrase.slice(-keep).join("") };
    }

    function findWordPhrases(text, points) {
      var tokens = wordTokens(text).map(function (token) {
        return [fold(token[0]), token[1], token[2]];
      });
      if (tokens.length < MIN_WORDS) { return []; }
      var findings = [];
      wordLanguages().forEach(function (language) {
        var list = wordList(language);
        var abbreviations = rules.abbreviation_languages.indexOf(language) >= 0
          ? list.prefixes : new Set();
        var known = 0;
        tokens.forEach(function (token) {
          if (list.words.has(token[0]) || abbreviations.has(token[0])) { known++; }
        });
        if (known < MIN_WORDS - 1) { return; }
        findings = findings.concat(abbreviatedRuns(tokens, points, list, abbreviations));
        var classify = function (token) {
          if (list.words.has(token)) { return "exact"; }
          if (abbreviations.has(token) || isTypo(token, list)) { return "near"; }
          return null;
        };
        runs(tokens, points, classify).forEach(function (run) {
          findings.push(phraseFinding(points, tokens[run[0]][1], tokens[run[1]][2], run[2]));
        });
      });
      return findings;
    }

    function wordLanguages() { return rules.word_languages; }

    function abbreviatedRuns(tokens, points, list, abbreviations) {
      if (!abbreviations.size) { return []; }
      var classify = function (token) {
        return abbreviations.has(token) || list.words.has(token) ? "exact" : null;
      };
      var findings = [];
      runs(tokens, points, classify).forEach(function (run) {
        var count = 0;
        for (var i = run[0]; i <= run[1]; i++) { if (abbreviations.has(tokens[i][0])) { count++; } }
        if (count >= rules.min_abbreviations) {
          findings.push(phraseFinding(points, tokens[run[0]][1], tokens[run[1]][2], run[2]));
        }
      });
      return findings;
    }

    // --- Chinese lists ---

    var chineseCache = {};
    function chineseList(language) {
      if (!chineseCache[language]) {
        var chars = new Map();
        rules.chinese_lists[language].forEach(function (char, index) { chars.set(char, index); });
        chineseCache[language] = chars;
      }
      return chineseCache[language];
    }

    function hanChars(text) {
      return finditer(patterns.han, text).map(function (match) { return [match.text, match.start]; });
    }

    function findSeparatedChinese(points, han) {
      var alone = [];
      han.forEach(function (entry) {
        var position = entry[1];
        var before = position ? points[position - 1] : " ";
        var after = position + 1 < points.length ? points[position + 1] : " ";
        if (!(isAlpha(before) || isAlpha(after))) { alone.push([entry[0], position, position + 1]); }
      });
      var findings = [];
      chineseLanguages().forEach(function (language) {
        var chars = chineseList(language);
        var classify = function (token) { return chars.has(token) ? "exact" : "near"; };
        runs(alone, points, classify).forEach(function (run) {
          findings.push(phraseFinding(points, alone[run[0]][1], alone[run[1]][2], run[2]));
        });
      });
      return findings;
    }

    function chineseLanguages() { return rules.chinese_languages; }

    function checksumOk(indexes) {
      var bits = indexes.map(function (index) {
        return ("00000000000" + index.toString(2)).slice(-11);
      }).join("");
      var checksumLength = Math.floor(bits.length / 33);
      var entropyBits = bits.slice(0, bits.length - checksumLength);
      var entropy = new Uint8Array(entropyBits.length / 8);
      for (var i = 0; i < entropy.length; i++) {
        entropy[i] = parseInt(entropyBits.slice(8 * i, 8 * i + 8), 2);
      }
      var digest = ("0000000" + sha256(entropy)[0].toString(2)).slice(-8);
      return bits.slice(bits.length - checksumLength) === digest.slice(0, checksumLength);
    }

    // jieba without HMM over a run of list characters: the maximum-probability route through
    // the dictionary's words (ties to the longer word, as Python's max over tuples and jieba-rs
    // both break them), each character marked when it is inside a multi-character word.
    var zh = null;
    function zhTables() {
      if (zh) { return zh; }
      if (!dictionary) { throw new NeedsDictionary(); }
      var frequencies = new Map();
      var longest = 1;
      dictionary.words.split("\n").forEach(function (line) {
        var space = line.indexOf(" ");
        var word = line.slice(0, space);
        frequencies.set(word, Number(line.slice(space + 1)));
        if (word.length > longest) { longest = word.length; }
      });
      var phrases = new Map(Object.entries(dictionary.t2s_phrases));
      var phraseLongest = 0;
      phrases.forEach(function (value, key) { phraseLongest = Math.max(phraseLongest, key.length); });
      zh = { frequencies: frequencies, longest: longest, logTotal: Math.log(dictionary.total),
        phrases: phrases, phraseLongest: phraseLongest,
        characters: new Map(Object.entries(dictionary.t2s_characters)) };
      return zh;
    }

    function toSimplified(run) {
      // OpenCC t2s as opencc-python-reimplemented applies it: the longest phrase (leftmost of
      // that length) converts first, then the pieces around it; what no phrase covers is
      // converted character by character. List characters are all in the BMP.
      var tables = zhTables();
      function convert(piece) {
        for (var length = Math.min(piece.length, tables.phraseLongest); length >= 2; length--) {
          for (var i = 0; i + length <= piece.length; i++) {
            var value = tables.phrases.get(piece.slice(i, i + length));
            if (value !== undefined) {
              return convert(piece.slice(0, i)) + value + convert(piece.slice(i + length));
            }
          }
        }
        return piece.split("").map(function (char) {
          var value = tables.characters.get(char);
          return value === undefined ? char : value;
        }).join("");
      }
      var converted = convert(run);
      return converted.length === run.length ? converted : run;
    }

    function wordCover(run, language) {
      var tables = zhTables();
      if (language === rules.traditional_language) { run = toSimplified(run); }
      var n = run.length;
      var routeScore = new Float64Array(n + 1);
      var routeEnd = new Int32Array(n + 1);
      for (var i = n - 1; i >= 0; i--) {
        // jieba's DAG: the words starting here with a positive frequency, else the character.
        var ends = [];
        var stop = Math.min(n, i + tables.longest);
        for (var j = i + 1; j <= stop; j++) {
          if (tables.frequencies.get(run.slice(i, j)) > 0) { ends.push(j); }
        }
        if (!ends.length) { ends.push(i + 1); }
        var bestScore = -Infinity, bestEnd = i + 1;
        ends.forEach(function (end) {
          var score = Math.log(tables.frequencies.get(run.slice(i, end)) || 1) - tables.logTotal
            + routeScore[end];
          if (score > bestScore || (score === bestScore && end > bestEnd)) {
            bestScore = score; bestEnd = end;
          }
        });
        routeScore[i] = bestScore;
        routeEnd[i] = bestEnd;
      }
      var covered = [];
      for (i = 0; i < n; i = routeEnd[i]) {
        for (var c = i; c < routeEnd[i]; c++) { covered.push(routeEnd[i] - i > 1); }
      }
      return covered;
    }

    function joinedRuns(han, points, chars) {
      var found = [], current = [];
      han.forEach(function (entry) {
        var char = entry[0], position = entry[1];
        if (chars.has(char) && (!current.length
            || isSeparator(slice(points, current[current.length - 1][1] + 1, position)))) {
          current.push(entry);
          return;
        }
        if (current.length >= MIN_WORDS) { found.push(current); }
        current = chars.has(char) ? [entry] : [];
      });
      if (current.length >= MIN_WORDS) { found.push(current); }
      return found;
    }

    function randomWindows(run, language, chars, points) {
      var string = run.map(function (entry) { return entry[0]; }).join("");
      var indexes = run.map(function (entry) { return chars.get(entry[0]); });
      var cover = wordCover(string, language);
      var covered = [0], logRanks = [0];
      for (var i = 0; i < indexes.length; i++) {
        covered.push(covered[i] + (cover[i] ? 1 : 0));
        logRanks.push(logRanks[i] + Math.log(indexes[i] + 1));
      }
      function looksRandom(start, length, limits) {
        var end = start + length;
        return (covered[end] - covered[start]) / length <= limits.max_word_share
          && (logRanks[end] - logRanks[start]) / length >= limits.min_mean_log_rank;
      }
      var lengths = rules.mnemonic_lengths.slice().reverse();
      var found = null, length = 0;
      for (var l = 0; l < lengths.length && found === null; l++) {
        length = lengths[l];
        for (var start = 0; start + length <= indexes.length; start++) {
          if (looksRandom(start, length, rules.random)
              && checksumOk(indexes.slice(start, start + length))) { found = start; break; }
        }
      }
      if (found === null) {
        length = MIN_WORDS;
        for (start = 0; start + length <= indexes.length; start++) {
          if (looksRandom(start, length, rules.very_random)) { found = start; break; }
        }
      }
      if (found === null) { return []; }
      return [phraseFinding(points, run[found][1], run[found + length - 1][1] + 1, length)];
    }

    function findJoinedChinese(points, han) {
      var findings = [];
      chineseLanguages().forEach(function (language) {
        var chars = chineseList(language);
        joinedRuns(han, points, chars).forEach(function (run) {
          findings = findings.concat(randomWindows(run, language, chars, points));
        });
      });
      return findings;
    }

    // --- keys ---

    var BASE58 = rules.base58;

    function base58Decode(value) {
      var number = BigInt(0);
      var points = codePoints(value);
      points.forEach(function (char) {
        number = number * BigInt(58) + BigInt(BASE58.indexOf(char));
      });
      var hex = number === BigInt(0) ? "" : number.toString(16);
      if (hex.length % 2) { hex = "0" + hex; }
      var zeros = 0;
      while (zeros < points.length && points[zeros] === "1") { zeros++; }
      var bytes = new Uint8Array(zeros + hex.length / 2);
      for (var i = 0; i < hex.length / 2; i++) {
        bytes[zeros + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      }
      return bytes;
    }

    function isWif(candidate) {
      var raw = base58Decode(candidate);
      if (raw.length < 4) { return false; }
      var payload = raw.slice(0, raw.length - 4), checksum = raw.slice(raw.length - 4);
      var digest = sha256(sha256(payload));
      for (var i = 0; i < 4; i++) { if (digest[i] !== checksum[i]) { return false; } }
      var length = rules.wif_payload_length;
      return payload.length === length
        || (payload.length === length + 1 && payload[payload.length - 1] === 1);
    }

    function looksLikeTxHash(points, start, end) {
      var before = slice(points, Math.max(0, start - rules.tx_context_before), start);
      var after = slice(points, end, end + rules.tx_context_after);
      var beforeLength = codePoints(before).length;
      function distance(pattern) {
        var distances = finditer(pattern, before).map(function (m) { return beforeLength - m.end; })
          .concat(finditer(pattern, after).map(function (m) { return m.start; }));
        return distances.length ? Math.min.apply(null, distances) : null;
      }
      var tx = distance(patterns.tx_clues), key = distance(patterns.key_clues);
      return tx !== null && (key === null || tx < key);
    }

    function keyFinding(kind, match) {
      var value = codePoints(match.text);
      return { kind: kind, start: match.start, end: match.end, words: 0,
        excerpt: value.slice(0, 4).join("") + "…" + value.slice(-4).join("") };
    }

    function findKeys(text, points) {
      var findings = [];
      var zeros = new Array(rules.hash_zero_prefix + 1).join("0");
      finditer(patterns.hex_key, text).forEach(function (match) {
        if (match.group1.indexOf(zeros) === 0 || looksLikeTxHash(points, match.start, match.end)) {
          return;
        }
        findings.push(keyFinding("hex_key", match));
      });
      finditer(patterns.wif, text).forEach(function (match) {
        if (isWif(match.text)) { findings.push(keyFinding("wif", match)); }
      });
      finditer(patterns.xprv, text).forEach(function (match) {
        findings.push(keyFinding("xprv", match));
      });
      return findings;
    }

    // --- public ---

    function findSecrets(text) {
      if (!text) { return []; }
      var points = codePoints(text);
      var findings = findKeys(text, points).concat(findWordPhrases(text, points));
      var han = hanChars(text);
      if (han.length >= MIN_WORDS) {
        findings = findings.concat(findSeparatedChinese(points, han), findJoinedChinese(points, han));
      }
      findings.sort(function (a, b) {
        return a.start - b.start || (b.end - b.start) - (a.end - a.start);
      });
      var merged = [];
      findings.forEach(function (finding) {
        if (merged.length && finding.start < merged[merged.length - 1].end) { return; }
        merged.push(finding);
      });
      return merged;
    }

    function unescapeHtml(text) {
      // html.unescape, with its tables.
      if (text.indexOf("&") < 0) { return text; }
      var entities = rules.html.entities;
      return text.replace(charref, function (all, reference) {
        if (reference[0] === "#") {
          var hex = reference[1] === "x" || reference[1] === "X";
          var digits = reference.slice(hex ? 2 : 1).replace(/;$/, "").replace(/^0+(?=.)/, "");
          var number = digits.length > 8 ? Infinity : parseInt(digits, hex ? 16 : 10);
          if (Object.prototype.hasOwnProperty.call(rules.html.invalid_charrefs, String(number))) {
            return rules.html.invalid_charrefs[String(number)];
          }
          if ((number >= 0xd800 && number <= 0xdfff) || number > 0x10ffff) { return "\ufffd"; }
          if (invalidCodepoints.has(number)) { return ""; }
          return String.fromCodePoint(number);
        }
        var has = function (name) { return Object.prototype.hasOwnProperty.call(entities, name); };
        if (has(reference)) { return entities[reference]; }
        var points = codePoints(reference);
        for (var x = points.length - 1; x > 1; x--) {
          var name = slice(points, 0, x);
          if (has(name)) { return entities[name] + slice(points, x); }
        }
        return "&" + reference;
      });
    }

    function asDisplayed(text) { return unescapeHtml(text.replace(patterns.html_tag, " ")); }

    function findPublishedSecrets(text) {
      var findings = findSecrets(text);
      if (!findings.length && (text.indexOf("<") >= 0 || text.indexOf("&") >= 0)) {
        findings = findSecrets(asDisplayed(text));
      }
      return findings;
    }

    return { findSecrets: findSecrets, findPublishedSecrets: findPublishedSecrets,
      hasDictionary: function () { return !!dictionary; } };
  }

  function refusal(findings, field, messages) {
    // ensure_no_secrets' message, from core.secrets.browser_messages() (data- attributes).
    var first = findings[0];
    var what = pythonFormat(messages.what[first.kind], { count: first.words, excerpt: first.excerpt });
    var message = pythonFormat(messages.refusal, { field: field, what: what });
    if (findings.length > 1) {
      var more = pythonFormat(findings.length === 2 ? messages.more_one : messages.more_many,
        { count: findings.length - 1 });
      message = pythonFormat(messages.joined, { first: message, second: more });
    }
    return message;
  }

  function fromUrls(rulesUrl, dictionaryUrl) {
    // Loads rules.json at once and zh_words.json the first time a text needs it. check() is
    // asynchronous and rejects when a file cannot be had: the caller then sends nothing.
    function getJson(url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error("secret rules: HTTP " + response.status + " " + url); }
        return response.json();
      });
    }
    var rules = null, dictionary = null, guard = null;
    var rulesLoading = null, dictionaryLoading = null;
    function loadRules() {
      if (!rulesLoading) {
        rulesLoading = getJson(rulesUrl).then(function (data) { rules = data; guard = create(rules); })
          .catch(function (error) { rulesLoading = null; throw error; });
      }
      return rulesLoading;
    }
    function loadDictionary() {
      if (!dictionaryLoading) {
        dictionaryLoading = getJson(dictionaryUrl).then(function (data) {
          dictionary = data;
          guard = create(rules, dictionary);
        }).catch(function (error) { dictionaryLoading = null; throw error; });
      }
      return dictionaryLoading;
    }
    loadRules().catch(function () { /* reported by the first check() */ });
    function check(text) {
      return loadRules().then(function () {
        try {
          return guard.findPublishedSecrets(text);
        } catch (error) {
          if (!(error instanceof NeedsDictionary)) { throw error; }
          return loadDictionary().then(function () { return guard.findPublishedSecrets(text); });
        }
      });
    }
    return { check: check };
  }

  var pageGuard = null;
  function forPage() {
    // One guard per page, from the element that carries the rule's URLs (core's
    // {% secret_guard_attributes %}), for every script that sends what the user typed.
    if (!pageGuard) {
      var element = document.querySelector("[data-secret-rules-url]");
      if (!element) { return null; }
      pageGuard = fromUrls(element.getAttribute("data-secret-rules-url"),
        element.getAttribute("data-secret-dictionary-url"));
    }
    return pageGuard;
  }

  root.WendaSecretGuard = { create: create, fromUrls: fromUrls, forPage: forPage,
    refusal: refusal, sha256: sha256 };
})(window);
