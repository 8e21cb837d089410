/* A liaison's desk in the browser: the hand-over of each push (only a changed desk is drawn
   again), one sound for each new dispatch to sign, the freshness line, and the countdowns
   ticking on from the server's deadlines by the server's clock (freshness.js), since this
   screen's own clock may be off. The sound is made here with an oscillator: nothing is
   fetched. Texts come from the page (layouts/text_desks.py). */
(function () {
  var newest = -Infinity;  // the data time of the newest push this page has taken
  var known = null;  // the codes to sign already seen; null before the first push
  var context = null;  // the AudioContext, made on the liaison's first click or key

  function none(count) {
    var out = [];
    for (var n = 0; n < count; n++) { out.push(window.dash_clientside.no_update); }
    return out;
  }

  function unlock() {
    var Made = window.AudioContext || window.webkitAudioContext;
    if (!Made || !document.querySelector(".desk")) { return; }
    if (!context) { context = new Made(); }
    if (context.state === "suspended") { context.resume(); }
  }
  document.addEventListener("pointerdown", unlock, true);
  document.addEventListener("keydown", unlock, true);

  // One short low-high pair: a new matter to sign for, heard across a desk.
  function ring() {
    if (!context || context.state !== "running") { return; }
    var start = context.currentTime + 0.01;
    [[660, 0], [880, 0.2]].forEach(function (pair) {
      var tone = context.createOscillator();
      var gain = context.createGain();
      tone.frequency.value = pair[0];
      gain.gain.setValueAtTime(0.0001, start + pair[1]);
      gain.gain.exponentialRampToValueAtTime(0.3, start + pair[1] + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + pair[1] + 0.18);
      tone.connect(gain);
      gain.connect(context.destination);
      tone.start(start + pair[1]);
      tone.stop(start + pair[1] + 0.2);
    });
  }

  function span(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor(seconds % 3600 / 60);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return hours ? hours + " h " + pad(minutes) + " min"
      : minutes + " min " + pad(seconds % 60) + " s";
  }

  function countdowns(labels) {
    var now = window.dashboardFreshness.serverNow(new Date()).getTime();
    document.querySelectorAll(".desk-countdown[data-deadline]").forEach(function (node) {
      var deadline = node.getAttribute("data-deadline");
      if (!deadline) { return; }
      var seconds = Math.round((Date.parse(deadline) - now) / 1000);
      var key = seconds < 0 ? "desk_late" : "desk_left";
      node.textContent = labels[key].replace("{span}", span(Math.abs(seconds)));
      node.parentNode.classList.toggle("late", seconds < 0);
    });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    desk: {
      receive: function (payload, shown, arrivals) {
        if (!payload || !payload.meta) { return none(3); }
        var when = Date.parse(payload.meta.data_time);
        if (when < newest) { return none(3); }  // an opening overtaken by a push
        newest = when;
        var out = none(3);
        out[1] = payload.meta.data_time;
        var part = payload.desk;
        if (!part) { return out; }
        var codes = (part.to_sign || []).map(function (row) { return row.code; });
        var arrived = known !== null && codes.some(function (code) {
          return known.indexOf(code) < 0;
        });
        known = codes;
        if (arrived) {  // once a push, however many arrived with it
          ring();
          out[2] = (arrivals || 0) + 1;
          // Said on the page too, so whoever looks (or tests) can tell it sounded once.
          var page = document.querySelector(".desk");
          if (page) { page.setAttribute("data-arrivals", String(out[2])); }
        }
        if (JSON.stringify(part) !== JSON.stringify(shown)) { out[0] = part; }
        return out;
      },
      tick: function (_n, connected, dataTime, labels) {
        countdowns(labels);
        var shown = window.dashboardFreshness.status(
          new Date(), connected, dataTime, labels, labels.zone);
        return [shown[0], "desk-status " + shown[1]];
      }
    }
  });
})();
