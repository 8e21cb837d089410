/* The overview in the browser: the hand-over of each push to the live strip (only changed
   tiles are drawn again), its freshness line, and the ask to read the period's view again
   when the pushes show the trail has moved since it was read. Every time compared with
   another comes from the server (the push's data time, the view's reading time), so a
   tablet's wrong clock cannot hold a refresh back. Texts come from the page
   (layouts/text.py). */
(function () {
  var newest = -Infinity;  // the data time of the newest push this page has taken

  function none(count) {
    var out = [];
    for (var n = 0; n < count; n++) { out.push(window.dash_clientside.no_update); }
    return out;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    overview: {
      // The tiles' part only when it differs from what the strip shows; the meta every time.
      receive: function (payload, shown) {
        var out = none(2);
        if (!payload || !payload.meta) { return out; }
        var when = Date.parse(payload.meta.data_time);
        // An opening read before a push that overtook it must not undo that push.
        if (when < newest) { return out; }
        newest = when;
        if (payload.kpis && JSON.stringify(payload.kpis) !== JSON.stringify(shown)) {
          out[0] = payload.kpis;
        }
        out[1] = payload.meta;
        return out;
      },
      status: function (_n, connected, meta, labels) {
        var shown = window.dashboardFreshness.status(
          new Date(), connected, meta && meta.data_time, labels, meta && meta.timezone);
        return [shown[0], "ov-status " + shown[1]];
      },
      // Ask for the view again when a push's cursor is past the one it was read at, and the
      // view was read (or last asked for) at least refreshSeconds before that push was built.
      due: function (meta, drawn, asked, labels) {
        var no = window.dash_clientside.no_update;
        if (!meta || !drawn || !(meta.cursor > drawn.cursor)) { return no; }
        var last = Date.parse(drawn.at);
        if (asked) { last = Math.max(last, Date.parse(asked.at)); }
        if (Date.parse(meta.data_time) - last < labels.refreshSeconds * 1000) { return no; }
        return {cursor: meta.cursor, at: meta.data_time};
      }
    }
  });
})();
