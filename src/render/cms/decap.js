// Written by fiche into admin/index.html, after Decap CMS's script (see src/render/cms/).
(function () {
  "use strict";
  CMS.registerPreviewStyle("../css/fiche.css");

  var given = function (v) {
    return v !== null && v !== undefined && v !== "" && !(v && v.size === 0);
  };

  // `fiche-amount`: an amount as fiche reads it, a number in the site's currency
  // (`amount: 58800000`) or `{value, currency}`. It shows both; it writes a number when
  // the currency is the site's and the file wrote a number (or nothing), else
  // `{value, currency}`, keeping the file's form.
  var parts = function (props) {
    var value = props.value;
    var fallback = props.field.get("default_currency");
    if (value && typeof value.get === "function") {
      return { value: value.get("value"), currency: value.get("currency") || fallback, map: value };
    }
    return { value: value, currency: fallback, map: null };
  };
  var AmountControl = createClass({
    change: function (number, currency) {
      var field = this.props.field;
      var was = parts(this.props);
      if (number === "" || number === null || number === undefined) {
        this.props.onChange(undefined);
        return;
      }
      var n = Number(number);
      if (was.map) {
        var next = was.map.set("value", n);
        this.props.onChange(
          currency === field.get("default_currency") && !was.map.get("currency")
            ? next : next.set("currency", currency));
      } else if (currency === field.get("default_currency")) {
        this.props.onChange(n);
      } else {
        // An empty map of the same kind as Decap's own: the field's, emptied.
        this.props.onChange(field.clear().set("value", n).set("currency", currency));
      }
    },
    isValid: function () {
      var value = parts(this.props).value;
      if (given(value) && !(Number(value) >= 0)) {
        return { error: { type: "CUSTOM", message: "An amount is a number, zero or more." } };
      }
      return true;
    },
    render: function () {
      var self = this;
      var now = parts(this.props);
      var currencies = this.props.field.get("currencies");
      var codes = currencies ? currencies.toArray() : [now.currency];
      if (codes.indexOf(now.currency) === -1) { codes.push(now.currency); }
      return h("div", { className: this.props.classNameWrapper, style: { display: "flex", gap: "1rem" } },
        h("input", {
          id: this.props.forID, type: "number", min: 0, step: "any",
          value: given(now.value) ? now.value : "",
          style: { flex: "1", border: "0", font: "inherit", background: "transparent" },
          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
          onChange: function (e) { self.change(e.target.value, now.currency); },
        }),
        h("select", {
          "aria-label": "Currency", value: now.currency,
          onChange: function (e) { self.change(given(now.value) ? now.value : "", e.target.value); },
        }, codes.map(function (c) { return h("option", { key: c, value: c }, c); })));
    },
  });
  var AmountPreview = createClass({
    render: function () {
      var now = parts(this.props);
      return h("p", {}, given(now.value) ? now.value + " " + now.currency : "");
    },
  });
  CMS.registerWidget("fiche-amount", AmountControl, AmountPreview);

  // What fiche requires that the configuration cannot say: a field required only when its
  // optional group is given, and a status or a start date.
  var problems = function (entry) {
    var out = [];
    if (entry.get("collection") === "data") {
      // A donor's logo needs its text for screen readers.
      (entry.getIn(["data", "entries"]) || []).forEach(function (e) {
        var logo = e && e.get("logo");
        var alt = logo && logo.get("alt");
        if (logo && given(logo.get("src")) && !(alt && alt.some(given))) {
          out.push("Logo of " + e.get("key") + ": write its text for screen readers.");
        }
      });
    }
    if (entry.get("collection") !== "programmes") { return out; }
    var data = entry.get("data");
    var group = function (name) {
      var v = data.get(name);
      return v && typeof v.some === "function" && v.some(given) ? v : null;
    };
    var image = group("image");
    if (image && !given(image.get("src"))) { out.push("Image: choose its file, or empty the image."); }
    if (image && !given(image.get("alt"))) { out.push("Image: write its text for screen readers."); }
    // Each language written in describes the image in its own words.
    var i18n = entry.get("i18n");
    if (image && given(image.get("src")) && i18n) {
      i18n.forEach(function (locale, code) {
        var words = locale.get("data");
        if (words && words.some(given) && !given(words.getIn(["image", "alt"]))) {
          out.push("Image (" + code + "): write its text for screen readers.");
        }
      });
    }
    var disbursed = group("disbursed");
    if (disbursed && !given(disbursed.get("amount"))) { out.push("Disbursed: write the amount paid out."); }
    if (disbursed && !given(disbursed.get("date"))) { out.push("Disbursed: write the date it is counted to."); }
    if (!given(data.get("status")) && !given(data.get("start"))) {
      out.push("Choose a status, or write a start date to derive it from.");
    }
    return out;
  };

  // The data files, mappings of entries by key, as lists of entries with their key, so
  // that entries can be added (`fiche-named`: donors, partners, themes; `fiche-place-texts`:
  // data/countries.yaml). A text is one per language in the form; it is written as one
  // text when every language has the same. Read and written with js-yaml (its core
  // schema: no dates, as fiche reads these files).
  var yaml = window.jsyaml;
  var languages = window.ficheLanguages || [];
  var load = function (text) { return yaml.load(text, { schema: yaml.CORE_SCHEMA }) || {}; };
  var dump = function (doc) { return yaml.dump(doc, { schema: yaml.CORE_SCHEMA, lineWidth: -1 }); };
  var spread = function (v) {
    if (v === null || v === undefined || typeof v === "object") { return v; }
    var all = {};
    languages.forEach(function (l) { all[l] = String(v); });
    return all;
  };
  // Without what is empty: nothing when nothing is left.
  var clean = function (v) {
    if (!v || typeof v !== "object" || Array.isArray(v)) { return given(v) ? v : undefined; }
    var out = {};
    Object.keys(v).forEach(function (k) {
      var c = clean(v[k]);
      if (c !== undefined) { out[k] = c; }
    });
    return Object.keys(out).length ? out : undefined;
  };
  var gather = function (v) {
    v = clean(v);
    if (!v || typeof v !== "object") { return v; }
    var texts = languages.map(function (l) { return v[l]; });
    var same = texts.every(function (t) { return t !== undefined && t === texts[0]; });
    return same && Object.keys(v).length === languages.length ? texts[0] : v;
  };
  var LOCALISED = ["name", "short", "description", "visibility"];
  var named = {
    fromFile: function (text) {
      var doc = load(text);
      return { entries: Object.keys(doc).map(function (key) {
        var entry = Object.assign({ key: key }, doc[key]);
        LOCALISED.forEach(function (f) { if (f in entry) { entry[f] = spread(entry[f]); } });
        if (entry.logo && typeof entry.logo === "object") {
          entry.logo = Object.assign({}, entry.logo, { alt: spread(entry.logo.alt) });
        }
        return entry;
      }) };
    },
    toFile: function (data) {
      var doc = {};
      (data.entries || []).forEach(function (entry) {
        var out = {};
        Object.keys(entry).forEach(function (f) {
          if (f === "key") { return; }
          var v = LOCALISED.indexOf(f) !== -1 ? gather(entry[f]) : clean(entry[f]);
          if (f === "logo" && v) { v = clean(Object.assign({}, v, { alt: gather(v.alt) })); }
          if (v !== undefined) { out[f] = v; }
        });
        if (given(entry.key)) { doc[entry.key] = out; }
      });
      return dump(doc);
    },
  };
  var places = {
    fromFile: function (text) {
      var doc = load(text);
      return { entries: Object.keys(doc).map(function (key) {
        return { key: key, text: spread(doc[key]) };
      }) };
    },
    toFile: function (data) {
      var doc = {};
      (data.entries || []).forEach(function (entry) {
        var text = gather(entry.text);
        if (given(entry.key) && text !== undefined) { doc[entry.key] = text; }
      });
      return dump(doc);
    },
  };
  if (yaml) {
    CMS.registerCustomFormat("fiche-named", "yaml", named);
    CMS.registerCustomFormat("fiche-place-texts", "yaml", places);
  } else {
    console.error("fiche: js-yaml did not load (cms.yaml_script in site.yaml): the data files cannot be edited");
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var refused = problems(event.entry);
      if (refused.length) { throw new Error(refused.join(" ")); }
      // The languages left empty are dropped, so that a new programme gets no file in a
      // language nobody wrote in (Decap writes an empty file for each, which fiche refuses).
      var i18n = event.entry.get("i18n");
      if (!i18n) { return; }
      event.entry = event.entry.set("i18n", i18n.filter(function (locale) {
        var data = locale.get("data");
        return data && data.some(given);
      }));
    },
  });
})();
