/* The freshness line every live screen shows beside its data (wall, duty console, overview):
   connecting, waiting, live since hh:mm:ss, or stale since hh:mm. Data older than
   labels.staleTicks heartbeats of labels.tickSeconds, or a dropped socket, is stale. Texts
   come from the page (layouts/text.py). */
(function () {
  function hms(moment, zone) {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone: zone || undefined, hour: "2-digit", minute: "2-digit", second: "2-digit",
      hourCycle: "h23"
    }).format(moment);
  }

  window.dashboardFreshness = {
    // [text, "live" or "stale"] for data of `dataTime` (ISO) as seen at `now` (a Date).
    status: function (now, connected, dataTime, labels, zone) {
      if (!dataTime) {
        var key = connected ? "wall_waiting"
          : (connected === false ? "wall_disconnected" : "wall_connecting");
        return [labels[key], "stale"];
      }
      var when = new Date(dataTime);
      var shown = hms(when, zone);
      if (connected && (now - when) / 1000 <= labels.staleTicks * labels.tickSeconds) {
        return [labels.wall_live.replace("{time}", shown), "live"];
      }
      return [labels.wall_stale.replace("{time}", shown.slice(0, 5)), "stale"];
    }
  };
})();
