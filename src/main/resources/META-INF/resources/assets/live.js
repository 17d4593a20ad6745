// Keeps an open tracking page current without a reload. Each check is a conditional request the
// server answers from its cache, mostly with 304; the page works the same without this script.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || !window.fetch || !window.DOMParser) {
    return;
  }
  var every = Math.max(1, parseInt(root.getAttribute("data-live"), 10) || 30) * 1000;
  var etag = root.getAttribute("data-etag");
  var timer = null;

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, every);
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
    if (!fresh) {
      return;
    }
    // Keep open what the shopper opened, such as a parcel's full history.
    var open = {};
    root.querySelectorAll("details[open]").forEach(function (d, i) {
      open[i] = true;
    });
    root.innerHTML = fresh.innerHTML;
    root.querySelectorAll("details").forEach(function (d, i) {
      if (open[i]) {
        d.open = true;
      }
    });
    etag = fresh.getAttribute("data-etag") || etag;
    root.setAttribute("data-etag", etag);
    var status = document.getElementById("live-status");
    if (status) {
      status.textContent = status.getAttribute("data-updated");
    }
  }

  function check() {
    if (document.hidden) {
      schedule();
      return;
    }
    fetch(location.pathname + location.search, {
      // X-Waybill-Live tells the server this is an update check, not a page view.
      headers: { "If-None-Match": etag, Accept: "text/html", "X-Waybill-Live": "1" },
      cache: "no-store",
      credentials: "same-origin"
    })
      .then(function (r) {
        return r.status === 200 ? r.text() : null;
      })
      .then(function (html) {
        if (html) {
          swap(html);
        }
      })
      .catch(function () {})
      .then(schedule);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      check();
    }
  });
  schedule();
})();
