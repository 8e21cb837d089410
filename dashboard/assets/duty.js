/* The duty console in the browser: the hand-over of each push (only a changed queue is drawn
   again), the flash and the sound of a new red alert, the mute toggle remembered in this
   browser, the freshness line, and the filters kept in the address. The sound is made here
   with an oscillator: nothing is fetched. Texts come from the page (layouts/text.py). */
(function () {
  var MUTED_KEY = "duty.muted";
  var FLASH_MS = 10000;  // how long a new red alert is shown as new
  var FILTERS = ["kind", "street", "department"];
  var newest = -Infinity;  // the data time of the newest push this page has taken
  var seen = null;  // alert key -> when this page first saw it; null before the first push
  var context = null;  // the AudioContext, made on the officer's first click or key
  var audioId = null;  // the store that says whether the page may sound
  var rang = 0;  // how many times this page has sounded
  var flashing = "[]";  // the alerts last handed on as new

  function none(count) {
    var out = [];
    for (var n = 0; n < count; n++) { out.push(window.dash_clientside.no_update); }
    return out;
  }

  function muted() {
    try { return window.localStorage.getItem(MUTED_KEY) === "1"; } catch (e) { return false; }
  }

  function audioState() {
    if (!(window.AudioContext || window.webkitAudioContext)) { return "unsupported"; }
    return context && context.state === "running" ? "ready" : "waiting";
  }

  function report() {
    if (audioId && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(audioId, {data: {state: audioState(), rang: rang}});
    }
  }

  // Browsers let a page sound only after a click or a key press on it: the first one makes
  // (or wakes) the audio context, and the toggle then says the sound is on.
  function unlock() {
    var Made = window.AudioContext || window.webkitAudioContext;
    if (!Made || !audioId) { return; }  // not the duty console: nothing to sound
    if (!context) { context = new Made(); }
    if (context.state === "suspended") {
      context.resume().then(report, report);
    } else {
      report();
    }
  }
  document.addEventListener("pointerdown", unlock, true);
  document.addEventListener("keydown", unlock, true);

  // Two short high tones, like a pager: heard across a desk, over in under half a second.
  function ring() {
    if (muted() || !context || context.state !== "running") { return false; }
    var start = context.currentTime + 0.01;
    [0, 0.22].forEach(function (offset) {
      var tone = context.createOscillator();
      var gain = context.createGain();
      tone.type = "sine";
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.35, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
      tone.connect(gain);
      gain.connect(context.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.2);
    });
    rang += 1;
    return true;
  }

  // The red alerts this page had not seen before (a raise again counts as new), and those
  // seen within the last seconds, to flash. The first picture only sets what was there.
  function arrivals(alerts, now) {
    var first = seen === null;
    var before = seen || {};
    var arrived = [];
    seen = {};
    alerts.forEach(function (alert) {
      var key = alert.id + "@" + alert.raised_at;
      if (key in before) {
        seen[key] = before[key];
      } else {
        seen[key] = first || alert.kind !== "overdue" ? -Infinity : now;
        if (seen[key] === now) { arrived.push(alert.id); }
      }
    });
    var fresh = alerts.filter(function (alert) {
      return seen[alert.id + "@" + alert.raised_at] > now - FLASH_MS;
    }).map(function (alert) { return alert.id; });
    return {arrived: arrived, fresh: fresh};
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    duty: {
      receive: function (payload, shown, audio) {
        if (!payload || !payload.meta) { return none(4); }
        var when = Date.parse(payload.meta.data_time);
        // An opening read before a push that overtook it must not undo that push.
        if (when < newest) { return none(4); }
        newest = when;
        var out = none(4);
        out[1] = payload.meta.data_time;
        var part = payload.duty;
        if (!part) { return out; }
        var news = arrivals(part.alerts, Date.now());
        if (JSON.stringify(part) !== JSON.stringify(shown)) { out[0] = part; }
        if (JSON.stringify(news.fresh) !== flashing) {
          flashing = JSON.stringify(news.fresh);
          out[2] = news.fresh;
        }
        if (news.arrived.length && ring()) {
          out[3] = Object.assign({}, audio, {state: audioState(), rang: rang});
        }
        return out;
      },
      status: function (_n, connected, dataTime, labels) {
        audioId = labels.audio;
        var shown = window.dashboardFreshness.status(
          new Date(), connected, dataTime, labels, labels.zone);
        return [shown[0], "duty-status " + shown[1]];
      },
      sound: function (clicks, audio, labels) {
        audioId = labels.audio;
        var pressed = (window.dash_clientside.callback_context.triggered || [])
          .some(function (t) { return t.prop_id.indexOf(".n_clicks") > 0 && clicks; });
        if (pressed) {
          try {
            window.localStorage.setItem(MUTED_KEY, muted() ? "0" : "1");
          } catch (e) { /* private mode: the toggle holds for this page only */ }
        }
        var state = audio && audio.state !== "waiting" ? audio.state : audioState();
        var shown = muted() ? "off" : (state === "ready" ? "on" : state);
        var ringing = audio && audio.rang ? " rang-" + (audio.rang % 2) : "";
        return [labels["duty_sound_" + shown], "duty-sound " + shown + ringing];
      },
      select: function () {
        var triggered = window.dash_clientside.callback_context.triggered || [];
        var clicked = triggered.filter(function (t) { return t.value; })[0];
        if (!clicked) { return window.dash_clientside.no_update; }  // only drawn again
        var row = JSON.parse(clicked.prop_id.slice(0, clicked.prop_id.lastIndexOf("}") + 1));
        return {alert: row.alert, code: row.code};
      },
      address: function (kind, street, department, selected) {
        var query = new URLSearchParams(window.location.search);
        [kind, street, department].forEach(function (value, n) {
          if (value) { query.set(FILTERS[n], value); } else { query.delete(FILTERS[n]); }
        });
        if (selected && selected.alert) {
          query.set("alert", selected.alert);
        } else {
          query.delete("alert");
        }
        var search = query.toString();
        window.history.replaceState(window.history.state, "",
                                    window.location.pathname + (search ? "?" + search : ""));
      }
    }
  });
})();
