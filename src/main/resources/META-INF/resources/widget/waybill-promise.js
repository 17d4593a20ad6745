/* Waybill delivery-date widget. <waybill-promise key="wb_pub_…" country="DE" postal-code="10115">
   Optional: lang="de", postal-input="#zip" (a field whose value replaces postal-code). Shows
   nothing until Waybill answers, and nothing at all if it can't. */
(function () {
  var script = document.currentScript;
  var base = script ? new URL(script.src, location.href).origin : "";
  var label = { en: "Arrives", de: "Lieferung", fr: "Livraison", es: "Entrega", nl: "Bezorging", it: "Consegna" };

  function day(iso) {
    var p = iso.split("-");
    return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
  }

  function range(from, to, lang) {
    var f = new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
    var a = day(from), b = day(to);
    if (from === to) return f.format(a);
    return f.formatRange ? f.formatRange(a, b) : f.format(a) + " – " + f.format(b);
  }

  class WaybillPromise extends HTMLElement {
    static get observedAttributes() {
      return ["postal-code", "country", "lang", "key"];
    }

    connectedCallback() {
      this.setAttribute("role", "status");
      this.setAttribute("aria-live", "polite");
      this.hidden = !this.textContent;
      var sel = this.getAttribute("postal-input");
      var input = sel && document.querySelector(sel);
      if (input && !this._input) {
        this._input = input;
        var self = this;
        input.addEventListener("change", function () {
          self.setAttribute("postal-code", input.value.trim());
        });
      }
      this.load();
    }

    attributeChangedCallback() {
      if (this.isConnected) this.load();
    }

    load() {
      var self = this;
      clearTimeout(this._t);
      this._t = setTimeout(function () {
        var key = self.getAttribute("key"), country = self.getAttribute("country");
        if (!key || !country) return;
        var q = new URLSearchParams({ key: key, country: country });
        var zip = self.getAttribute("postal-code");
        if (zip) q.set("destinationPostalCode", zip);
        var seq = (self._seq = (self._seq || 0) + 1);
        fetch((self.getAttribute("api") || base) + "/api/v1/promises?" + q, { credentials: "omit" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (d) { if (seq === self._seq) self.show(d); })
          .catch(function () { if (seq === self._seq) self.show(null); });
      }, 150);
    }

    show(d) {
      var best = null;
      (d && d.options || []).forEach(function (o) {
        if (o.earliest && o.latest && (!best || o.latest < best.latest)) best = o;
      });
      if (!best) {
        this.textContent = "";
        this.hidden = true;
        return;
      }
      var lang = this.getAttribute("lang") || document.documentElement.lang || navigator.language || "en";
      var text = (label[lang.slice(0, 2).toLowerCase()] || label.en) + " " + range(best.earliest, best.latest, lang);
      this.textContent = text;
      this.hidden = false;
      this.dispatchEvent(new CustomEvent("waybill:promise", { detail: best }));
    }
  }

  if (!customElements.get("waybill-promise")) customElements.define("waybill-promise", WaybillPromise);
})();
