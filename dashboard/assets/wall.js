/* The wall's clock and freshness line, run in the browser: a wall must not ask the server
   every second. Texts come from the page (layouts/text.py); only formatting happens here. */
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

  function status(now, connected, dataTime, labels) {
    if (!dataTime) {
      var key = connected ? "wall_waiting"
        : (connected === false ? "wall_disconnected" : "wall_connecting");
      return [labels[key], "stale"];
    }
    var when = new Date(dataTime);
    var p = parts(when, labels.zone);
    var age = (now - when) / 1000;
    if (connected && age <= labels.staleTicks * labels.tickSeconds) {
      return [labels.wall_live.replace("{time}", p.hour + ":" + p.minute + ":" + p.second),
              "live"];
    }
    return [labels.wall_stale.replace("{time}", p.hour + ":" + p.minute), "stale"];
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wall: {
      tick: function (_n, connected, dataTime, labels) {
        var now = new Date();
        var shown = status(now, connected, dataTime, labels);
        return [clock(now, labels), shown[0], shown[1]];
      },
      meta: function (meta, labels) {
        if (!meta) { return [window.dash_clientside.no_update, window.dash_clientside.no_update]; }
        var title = meta.district ? meta.district + " · " + labels.title : labels.title;
        return [meta.data_time, title];
      }
    }
  });
})();
