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
    if (entry.get("collection") !== "programmes") { return out; }
    var data = entry.get("data");
    var group = function (name) {
      var v = data.get(name);
      return v && typeof v.some === "function" && v.some(given) ? v : null;
    };
    var image = group("image");
    if (image && !given(image.get("src"))) { out.push("Image: choose its file, or empty the image."); }
    if (image && !given(image.get("alt"))) { out.push("Image: write its text for screen readers."); }
    var disbursed = group("disbursed");
    if (disbursed && !given(disbursed.get("amount"))) { out.push("Disbursed: write the amount paid out."); }
    if (disbursed && !given(disbursed.get("date"))) { out.push("Disbursed: write the date it is counted to."); }
    if (!given(data.get("status")) && !given(data.get("start"))) {
      out.push("Choose a status, or write a start date to derive it from.");
    }
    return out;
  };

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
