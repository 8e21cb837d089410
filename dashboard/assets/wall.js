/* The wall in the browser: the clock and freshness line (a wall must not ask the server every
   second), and the hand-over of each push to the stores of the parts it carries, so that only
   the panels whose part changed are drawn again; the screen's size for the charts, the alert
   list's pages, the tiles that flash when their number moves, and the map's rings round the
   grids that just changed. Texts come from the page (layouts/text.py). */
(function () {
  function parts(date, zone) {
    var out = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
      minute: "2-digit", second: "2-digit", weekday: "short", hourCycle: "h23"
    }).formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    return out;
  }
  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  function clock(now, labels) {
    var p = parts(now, labels.zone);
    var weekday = labels.wall_weekdays.split(",")[WEEKDAYS.indexOf(p.weekday)];
    return labels.wall_clock.replace("{year}", p.year).replace("{month}", p.month)
      .replace("{day}", p.day).replace("{weekday}", weekday)
      .replace("{time}", p.hour + ":" + p.minute + ":" + p.second);
  }

  // Every push carries the whole snapshot, and the page hands on only the parts that differ
  // from what its stores hold. Dash may run this hand-over once for several pushes that
  // arrive together, or drop its result when the next push follows closely: comparing with
  // the stores, not with what was handed on before, makes any later run put things right.
  var newest = -Infinity;  // the data time of the newest push this page has received
  // The view the wall shows (a street's code, or null for the district's): a rotating wall
  // turns to another now and then (rotation.js). Pushes of any other view are not shown,
  // and the newest push is the newest of the view.
  var newestView;
  var QUIET_MS = 3000;
  var quietUntil = 0;  // tiles do not flash while a new view's numbers come in

  function viewOf(payload) {
    return (payload && payload.meta && payload.meta.street_code) || null;
  }

  function wantedView(labels) {
    return window.dashboardRotation ? window.dashboardRotation.wanted(labels)
      : (labels.view || null);
  }

  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function codesOf(geometry) {
    var features = geometry && geometry.grids && geometry.grids.features;
    return features ? features.map(function (feature) { return feature.properties.code; }) : null;
  }

  // Whether the map's figure holds its shapes: only then may it be patched.
  function painted(figure, labels) {
    var trace = figure && figure.data && figure.data[labels.traces.map];
    return !!(trace && trace.locations && trace.locations.length);
  }

  // Whether the map's figure holds the shapes of `codes`: not yet, just after a rotating
  // wall turned to another view, until the new view's map is drawn.
  function paintedWith(figure, codes, labels) {
    if (!painted(figure, labels)) { return false; }
    var locations = figure.data[labels.traces.map].locations;
    return locations.length === codes.length &&
      locations.every(function (code, n) { return code === codes[n]; });
  }

  function located(part) {
    return (part || []).filter(function (item) { return item.lon != null && item.lat != null; });
  }

  function markerTexts(part, labels) {
    return located(part).map(function (item) {
      return escape((item.code || "") + " " + (item.title || "")) +
        (item.supervised ? " · " + labels.wall_supervised : "");
    });
  }

  // The urgent incidents as the marker trace's points, hover texts and symbols.
  function markers(patch, part, labels) {
    var points = located(part);
    var trace = ["data", labels.traces.urgent];
    function pick(key) { return points.map(function (item) { return item[key]; }); }
    return patch.assign(trace.concat("lon"), pick("lon")).assign(trace.concat("lat"), pick("lat"))
      .assign(trace.concat("text"), markerTexts(part, labels))
      .assign(trace.concat(["marker", "symbol"]), points.map(function (item) {
        return item.supervised ? labels.symbols.supervised : labels.symbols.plain;
      }));
  }

  // The colour scale runs from 0 to the most open in a grid, but at least calmTop; with
  // nothing open the map is calm and shows no scale (layouts.charts.map_range).
  function recolour(patch, z, labels) {
    var trace = ["data", labels.traces.map];
    return patch.assign(trace.concat("z"), z).assign(trace.concat("zmin"), 0)
      .assign(trace.concat("zmax"), Math.max.apply(null, [labels.calmTop].concat(z)))
      .assign(trace.concat("showscale"), z.some(function (value) { return value > 0; }));
  }

  var RING_MS = 5000;
  var ringed = 0;  // when grids were last ringed

  function centreOf(feature) {
    var geometry = feature.geometry || {};
    var ring = geometry.type === "MultiPolygon" ? geometry.coordinates[0][0]
      : (geometry.coordinates || [])[0];
    if (!ring || !ring.length) { return null; }
    var lon = ring.map(function (p) { return p[0]; });
    var lat = ring.map(function (p) { return p[1]; });
    return [(Math.min.apply(null, lon) + Math.max.apply(null, lon)) / 2,
            (Math.min.apply(null, lat) + Math.max.apply(null, lat)) / 2];
  }

  function ring(patch, geometry, codes, labels) {
    var wanted = {};
    codes.forEach(function (code) { wanted[code] = true; });
    var centres = geometry.grids.features.filter(function (feature) {
      return wanted[feature.properties.code];
    }).map(centreOf).filter(Boolean);
    var trace = ["data", labels.traces.changed];
    ringed = Date.now();
    return patch.assign(trace.concat("lon"), centres.map(function (c) { return c[0]; }))
      .assign(trace.concat("lat"), centres.map(function (c) { return c[1]; }));
  }

  function split(payload, names, values, view) {
    var none = window.dash_clientside.no_update;
    var out = names.map(function () { return none; });
    if (!payload || !payload.meta || viewOf(payload) !== view) { return out; }
    var turned = view !== newestView;
    if (turned) {
      // A turn to another view is no change of its numbers; the first view is no turn.
      if (newestView !== undefined) { quietUntil = Date.now() + QUIET_MS; }
      newestView = view;
      newest = -Infinity;
    }
    var when = Date.parse(payload.meta.data_time);
    var opening = "geometry" in payload;
    // A connecting screen's picture is read when it connects; a push sent meanwhile may
    // overtake it, and must not be undone by it: of an older picture only the map's
    // shapes are taken, with the newest values.
    var older = when < newest;
    if (older && !opening) { return out; }
    newest = Math.max(newest, when);
    var stores = {};
    names.forEach(function (name, n) { stores[name] = values[n]; });
    var drawn = codesOf(stores.geometry) !== null && (stores.geometry.view || null) === view;
    names.forEach(function (name, n) {
      if (name === "geometry") {
        if (!opening) { return; }
        var geometry = Object.assign({}, payload.geometry);
        if (older && drawn && stores.map) { geometry.values = stores.map; }
        if (older && drawn && stores.urgent) { geometry.urgent = stores.urgent; }
        out[n] = geometry;
        // The parts the map is patched and healed from start from the opening's values:
        // after a turn to another view, the last view's must not be painted on this one.
        if (!older) {
          ["map", "urgent"].forEach(function (part) {
            var at = names.indexOf(part);
            if (at >= 0 && geometry[part === "map" ? "values" : "urgent"]) {
              out[at] = geometry[part === "map" ? "values" : "urgent"];
            }
          });
        }
        return;
      }
      if (older || !(name in payload)) { return; }
      // On a turn every part is handed on, the same as the last view's or not: the title is
      // drawn with the tiles, and must name the new view even when its numbers are the same.
      if (!turned && JSON.stringify(payload[name]) === JSON.stringify(stores[name])) {
        return;
      }
      // Until the map is drawn there is nothing to patch: its geometry brings the values.
      if ((name === "map" || name === "urgent") && !drawn) { return; }
      out[n] = payload[name];
    });
    return out;
  }

  // The opening first (its shapes, once per opening: the map is not drawn again for the same
  // one), then the newest push over what the opening left in the stores.
  function handOver(payload, opening, labels, values) {
    var none = window.dash_clientside.no_update;
    var names = labels.parts;
    var view = wantedView(labels);
    var first = names.map(function () { return none; });
    var at = names.indexOf("geometry");
    var held = values[at];
    var stamp = opening && opening.meta && opening.meta.data_time + "|" + viewOf(opening);
    if (stamp && !(held && held.opened === stamp)) {
      first = split(opening, names, values, view);
      if (first[at] !== none) {
        first[at] = Object.assign({}, first[at], {opened: stamp, asked: Date.now(), view: view});
      }
    }
    var merged = values.map(function (value, n) { return first[n] !== none ? first[n] : value; });
    var second = split(payload && !("geometry" in payload) ? payload : null, names, merged,
                       view);
    return names.map(function (_name, n) { return second[n] !== none ? second[n] : first[n]; });
  }

  // The alert list shows one page of its rows at a time and turns a page every few seconds
  // (the list's data-seconds), round and round. A push redraws the rows but not the list
  // that moves them, so the page in view stays put; a new or escalated alert (a "fresh" row,
  // put on top by the server) turns the list back to its first page.
  var pager = {page: 0, turned: 0, fresh: "", rows: null};

  function turnPages() {
    var list = document.getElementById("wall-ticker");
    var rows = list && list.querySelector(".wall-ticker-rows");
    var frame = list && list.querySelector(".wall-ticker-window");
    if (!rows || !frame || !rows.children.length) { pager.page = 0; return; }
    var items = rows.children;
    var step = items.length > 1 ? items[1].offsetTop - items[0].offsetTop : items[0].offsetHeight;
    // As many whole rows as the panel holds above its foot: the window is cut to them.
    var foot = list.querySelector(".wall-ticker-foot");
    var gap = parseFloat(window.getComputedStyle(list).rowGap) || 0;
    var room = list.clientHeight - (foot ? foot.offsetHeight + gap : 0);
    var perPage = Math.max(1, Math.floor((room + step - items[0].offsetHeight) / step));
    var height = ((perPage - 1) * step + items[0].offsetHeight) + "px";
    if (frame.style.height !== height) { frame.style.height = height; }
    var pages = Math.ceil(items.length / perPage);
    var now = Date.now();
    var fresh = Array.prototype.map.call(rows.querySelectorAll(".fresh"), function (row) {
      return row.getAttribute("data-alert");
    }).join(",");
    if (fresh && fresh !== pager.fresh) { pager.page = 0; pager.turned = now; }
    pager.fresh = fresh;
    var seconds = parseFloat(list.getAttribute("data-seconds")) || 8;
    if (now - pager.turned >= seconds * 1000) {
      pager.page = pager.page + 1 >= pages ? 0 : pager.page + 1;
      pager.turned = now;
    }
    pager.page = Math.min(pager.page, pages - 1);
    var first = pager.page * perPage;
    var shift = "translateY(" + (items[0].offsetTop - items[first].offsetTop) + "px)";
    // Rows drawn anew by a push are put at the page in view at once, not slid there.
    var redrawn = rows !== pager.rows;
    pager.rows = rows;
    if (redrawn) { rows.style.transition = "none"; }
    if (rows.style.transform !== shift) { rows.style.transform = shift; }
    if (redrawn) { void rows.offsetHeight; rows.style.transition = ""; }
    var count = list.querySelector(".wall-ticker-page");
    var text = pages > 1 ? (pager.page + 1) + "/" + pages : "";
    if (count && count.textContent !== text) { count.textContent = text; }
  }
  setInterval(turnPages, 200);

  // A tile whose number changes flashes for a few seconds, marked up or down (data-changed:
  // the page's own attribute). Dash draws the tiles anew on each push, so what changed is
  // kept by the tile's place, and put on whichever element holds that place now. The first
  // number a tile shows is not a change.
  var FLASH_MS = 4000;
  var shownNumbers = {};
  var flashes = {};  // tile place: {way: "up" | "down", until: time}

  function number(text) {
    var digits = String(text).replace(/[,%\s]/g, "");
    return digits === "" || isNaN(Number(digits)) ? null : Number(digits);
  }

  function flashChanges() {
    var tiles = document.querySelectorAll("#wall-kpis > .wall-kpi");
    var now = Date.now();
    Array.prototype.forEach.call(tiles, function (tile, n) {
      var value = tile.querySelector(".wall-kpi-value");
      var shown = value ? number(value.textContent) : null;
      var before = shownNumbers[n];
      if (shown !== null) { shownNumbers[n] = shown; }
      if (shown !== null && before !== undefined && shown !== before && now >= quietUntil) {
        flashes[n] = {way: shown > before ? "up" : "down", until: now + FLASH_MS};
        tile.removeAttribute("data-changed");
        void tile.offsetWidth;  // start the flash again on a second change
      }
      var flash = flashes[n];
      var way = flash && flash.until > now ? flash.way : null;
      if (way && tile.getAttribute("data-changed") !== way) {
        tile.setAttribute("data-changed", way);
      } else if (!way && tile.hasAttribute("data-changed")) {
        tile.removeAttribute("data-changed");
      }
    });
  }
  setInterval(flashChanges, 500);  // and to end a flash on time
  // Both run as soon as Dash has drawn, before the screen is painted.
  new MutationObserver(function (mutations) {
    function touched(id) {
      var region = document.getElementById(id);
      return region && mutations.some(function (m) { return region.contains(m.target); });
    }
    if (touched("wall-kpis")) { flashChanges(); }
    if (touched("wall-ticker")) { turnPages(); }
  }).observe(document.documentElement, {childList: true, subtree: true, characterData: true});

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wall: {
      parts: function (payload, opening, labels) {
        return handOver(payload, opening, labels, Array.prototype.slice.call(arguments, 3));
      },
      // Once a second, hand over the opening and the newest push again, in case Dash dropped
      // a hand-over: nothing happens when the stores already hold them.
      // And when the shapes are held but the map is still blank (its drawing was lost), ask
      // for the drawing again, at most every ten seconds.
      again: function (_n, payload, opening, figure, labels) {
        var values = Array.prototype.slice.call(arguments, 5);
        var out = handOver(payload, opening, labels, values);
        var at = labels.parts.indexOf("geometry");
        var held = values[at];
        // Blank: the figure has no shapes, or Plotly failed to paint the ones it has.
        var plot = document.querySelector("#" + labels.mapId + " .js-plotly-plot");
        var blank = !painted(figure, labels) || !(plot && painted(plot, labels));
        if (out[at] === window.dash_clientside.no_update && codesOf(held) !== null && blank &&
            Date.now() - (held.asked || 0) > 10000) {
          out[at] = Object.assign({}, held, {asked: Date.now()});
        }
        return out;
      },
      // Recolour the map: only the values travel, in the order of its shapes. A map not yet
      // drawn whole is left alone: a patch on the empty figure would give Plotly traces with
      // holes, which it cannot draw; the drawing brings values, and `heal` what came since.
      // The grids whose count changed are ringed for a few seconds.
      map: function (part, labels, geometry, figure) {
        var codes = codesOf(geometry);
        if (codes === null || !part || !paintedWith(figure, codes, labels)) {
          return window.dash_clientside.no_update;
        }
        var values = part.open || {};
        var z = codes.map(function (code) { return values[code] || 0; });
        var shown = figure.data[labels.traces.map].z || [];
        var moved = codes.filter(function (_code, n) { return shown[n] !== z[n]; });
        var patch = recolour(new window.dash_clientside.Patch(), z, labels);
        if (moved.length) { ring(patch, geometry, moved, labels); }
        return patch.build();
      },
      // Mark the urgent incidents on the map; their texts are escaped as Plotly reads tags.
      urgent: function (part, labels, _geometry, figure) {
        if (!painted(figure, labels)) { return window.dash_clientside.no_update; }
        return markers(new window.dash_clientside.Patch(), part, labels).build();
      },
      // Once a second, put the map right if a whole drawing that was asked for before a newer
      // push arrived after it and painted older values or markers over the newer patch, or if
      // a push came while the map was not drawn yet.
      heal: function (_n, part, urgent, geometry, figure, labels) {
        var none = window.dash_clientside.no_update;
        var codes = codesOf(geometry);
        var trace = figure && figure.data && figure.data[labels.traces.map];
        if (codes === null || !paintedWith(figure, codes, labels) || !trace.z) { return none; }
        var patch = new window.dash_clientside.Patch();
        var wrong = false;
        if (part) {
          var values = part.open || {};
          var wanted = codes.map(function (code) { return values[code] || 0; });
          var moved = codes.filter(function (_code, n) { return trace.z[n] !== wanted[n]; });
          if (moved.length) {
            // The hall sees these grids change now, whichever path brought the values.
            recolour(patch, wanted, labels);
            ring(patch, geometry, moved, labels);
            wrong = true;
          }
        }
        var rings = figure.data[labels.traces.changed];
        if (!wrong && rings && rings.lon && rings.lon.length && Date.now() - ringed > RING_MS) {
          patch.assign(["data", labels.traces.changed, "lon"], [])
            .assign(["data", labels.traces.changed, "lat"], []);
          wrong = true;
        }
        if (urgent) {
          var shown = figure.data[labels.traces.urgent] || {};
          if (JSON.stringify(shown.text || []) !== JSON.stringify(markerTexts(urgent, labels))) {
            markers(patch, urgent, labels);
            wrong = true;
          }
        }
        return wrong ? patch.build() : none;
      },
      // The screen's size over the 1920x1080 design's, as the stylesheet's --u reads it, in
      // steps of 5 %: the charts are drawn again only when it changes.
      scale: function (_n, held) {
        var ratio = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
        var scale = Math.max(0.5, Math.round(ratio * 20) / 20);
        return scale === held ? window.dash_clientside.no_update : scale;
      },
      tick: function (_n, connected, dataTime, labels) {
        var now = new Date();
        var shown = window.dashboardFreshness.status(now, connected, dataTime, labels,
                                                     labels.zone);
        // The clock shows the server's time, so a wall whose PC clock is off still shows the
        // hall the right time.
        return [clock(window.dashboardFreshness.serverNow(now), labels), shown[0], shown[1]];
      },
      // The data's time. The title naming the view's place is drawn with the tiles, and the
      // ranking's heading with the ranking (callbacks/wall.py), so that a turn shows the new
      // view's name and numbers together.
      meta: function (meta) {
        return meta ? meta.data_time : window.dash_clientside.no_update;
      }
    }
  });
})();
