/* The freshness line every live screen shows beside its data (wall, duty console, overview):
   connecting, waiting, live since hh:mm:ss, or stale since hh:mm. Data older than
   labels.staleTicks heartbeats of labels.tickSeconds, a dropped socket, or a server that says
   it cannot read its store is stale. Texts come from the page (layouts/text.py).

   The age of the data is measured on the server's clock, not this screen's: a wall's PC whose
   clock is minutes off (no time server on the intranet) must neither call fresh data stale
   nor stale data fresh. Each new data time is a reading of the server's clock no later than
   when it is seen here, so the largest (data time − local time) seen lately is how far the
   server's clock stands from this one's. */
(function () {
  var WINDOW_MS = 5 * 60 * 1000;  // how long a reading of the server's clock is trusted
  var readings = [];  // [local ms when seen, data time ms − local ms]
  var lastSeen = null;
  var storeUp = true;  // what the server last said of its store
  var downWith = null;  // the data time shown when the server said it could not read it

  function hms(moment, zone) {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone: zone || undefined, hour: "2-digit", minute: "2-digit", second: "2-digit",
      hourCycle: "h23"
    }).format(moment);
  }

  function observe(dataTime, local) {
    if (!dataTime || dataTime === lastSeen) { return; }
    lastSeen = dataTime;
    readings.push([local, Date.parse(dataTime) - local]);
  }

  function offset(local) {
    readings = readings.filter(function (r) { return local - r[0] <= WINDOW_MS; });
    if (!readings.length) { return 0; }
    return Math.max.apply(null, readings.map(function (r) { return r[1]; }));
  }

  window.dashboardFreshness = {
    // The server's clock now, as this screen best knows it (a Date).
    serverNow: function (now) {
      return new Date(now.getTime() + offset(now.getTime()));
    },
    // Whether the server can read its store: while it cannot, no data is live, however new.
    // A picture newer than the one shown then was read from the store: it is back.
    storeUp: function (up) { storeUp = up; downWith = lastSeen; },
    // [text, "live" or "stale"] for data of `dataTime` (ISO) as seen at `now` (a Date).
    status: function (now, connected, dataTime, labels, zone) {
      if (!dataTime) {
        var key = connected ? "wall_waiting"
          : (connected === false ? "wall_disconnected" : "wall_connecting");
        return [labels[key], "stale"];
      }
      observe(dataTime, now.getTime());
      if (!storeUp && dataTime !== downWith) { storeUp = true; }
      var when = new Date(dataTime);
      var shown = hms(when, zone);
      var age = now.getTime() + offset(now.getTime()) - when.getTime();
      if (connected && storeUp && age / 1000 <= labels.staleTicks * labels.tickSeconds) {
        return [labels.wall_live.replace("{time}", shown), "live"];
      }
      return [labels.wall_stale.replace("{time}", shown.slice(0, 5)), "stale"];
    }
  };
})();
