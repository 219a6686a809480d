/* audiatur — written for this project. Puts the listed places on a Leaflet map; when Leaflet or the map
   tiles cannot load (offline), the map stays hidden and the list of places below is the page. */
(function () {
  "use strict";

  var box = document.getElementById("map");
  var status = document.getElementById("map-status");
  if (!box) return;

  function fallBack(reason) {
    box.hidden = true;
    box.setAttribute("data-state", "fallback");
    if (status) {
      status.textContent = reason + " The places are listed below.";
      status.hidden = false;
    }
  }

  if (typeof window.L === "undefined") { fallBack("The map could not load."); return; }
  if (navigator.onLine === false) { fallBack("The map needs the network for its tiles, and this browser is offline."); return; }

  var points = Array.prototype.slice.call(document.querySelectorAll("tr.place[data-lat]"));
  if (!points.length) { fallBack("No place has coordinates to show on a map."); return; }

  box.hidden = false;
  var map = window.L.map(box, { scrollWheelZoom: false, keyboard: true });
  var tiles = window.L.tileLayer(box.getAttribute("data-tiles"), {
    maxZoom: 18, attribution: box.getAttribute("data-attribution")
  });
  var loaded = 0, failed = 0, settled = false;
  tiles.on("tileload", function () { loaded += 1; if (!settled) { settled = true; box.setAttribute("data-state", "tiles"); } });
  tiles.on("tileerror", function () {
    failed += 1;
    if (!loaded && failed >= 4 && !settled) { settled = true; map.remove(); fallBack("The map tiles could not load (offline?)."); }
  });
  tiles.addTo(map);
  window.setTimeout(function () {
    if (!loaded && !settled) { settled = true; map.remove(); fallBack("The map tiles did not load in time."); }
  }, 10000);

  var bounds = [];
  points.forEach(function (row) {
    var lat = parseFloat(row.getAttribute("data-lat")), lon = parseFloat(row.getAttribute("data-lon"));
    if (isNaN(lat) || isNaN(lon)) return;
    /* The popup is built from text nodes: place names never become markup. */
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = row.getAttribute("data-href");
    link.textContent = row.getAttribute("data-name");
    var count = document.createElement("div");
    count.textContent = row.getAttribute("data-claims") + " claims";
    popup.appendChild(link);
    popup.appendChild(count);
    /* Leaflet puts a string tooltip in as HTML: give it an element holding the name as text. */
    var tip = document.createElement("span");
    tip.textContent = row.getAttribute("data-name");
    window.L.circleMarker([lat, lon], { radius: 7, weight: 2, color: "#1f5687", fillOpacity: 0.55 })
      .bindPopup(popup)
      .bindTooltip(tip)
      .addTo(map);
    bounds.push([lat, lon]);
  });
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 9 });
})();
