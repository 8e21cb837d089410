/* A rotating wall: it turns through its views (the district's, streets') every so many
   seconds, asking the server for each over the page's open socket (the view event), so the
   page is never loaded again and stays live. The server answers with the view's opening and
   pushes the view's changes from then on; the wall shows the pushes of its view alone.

   DashSocketIO lets a page listen on its socket but not send on it. It makes its socket
   with React's useMemo, so that is where this page finds it: the newest Socket.IO socket a
   useMemo returns is the page's socket. On each switch the socket's auth is made to name
   the view, so that Socket.IO's own reconnection comes back on it; a socket made anew (by
   heal.js) comes back on the view it names, and is then asked for the view shown. */
(function () {
  var socket = null;

  function viewOf(auth) {
    return auth && auth.room === "street" && auth.street ? auth.street : null;
  }

  function isSocket(value) {
    return !!value && typeof value.emit === "function" && typeof value.nsp === "string" &&
      !!value.io;
  }

  var React = window.React;
  if (React && typeof React.useMemo === "function" && !React.useMemo.keepsSockets) {
    var useMemo = React.useMemo;
    var keeping = function (make, deps) {
      var value = useMemo(make, deps);
      if (isSocket(value) && value !== socket) {
        socket = value;
        // The view the server put the socket on when it connected: the one its auth names.
        value.on("connect", function () { value.shown = viewOf(value.auth); });
      }
      return value;
    };
    keeping.keepsSockets = true;
    React.useMemo = keeping;
  }

  var state = {at: null, since: 0, wanted: undefined, asked: undefined, askedAt: 0, refused: {}};
  var ASK_AGAIN_MS = 5000;  // an unanswered ask is made again after this

  function following(plan, at) {
    for (var step = 1; step <= plan.views.length; step++) {
      var next = (at + step) % plan.views.length;
      if (!(String(plan.views[next]) in state.refused)) { return next; }
    }
    return at;
  }

  function ask(labels) {
    var asked = state.wanted;
    state.asked = asked;
    state.askedAt = Date.now();
    var sent = socket;
    sent.emit(labels.viewEvent, {street: asked}, function (answer) {
      if (answer && !answer.error) {
        sent.shown = asked;
        var auth = Object.assign({}, sent.auth, {room: asked ? "street" : "wall"});
        if (asked) { auth.street = asked; } else { delete auth.street; }
        sent.auth = auth;
      } else {
        // Refused (a street taken out of the district, say): the wall turns past it.
        state.refused[String(asked)] = answer ? answer.error : "no answer";
        window.console.warn("view " + asked + " refused: " + state.refused[String(asked)]);
      }
      state.asked = undefined;
    });
  }

  window.dashboardRotation = {
    // The view the wall shows now: a street's code, or null for the district's.
    wanted: function (labels) {
      return state.wanted !== undefined ? state.wanted : (labels && labels.view) || null;
    }
  };

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    rotation: {
      // Once a second: turn to the next view when its time has come, ask the server for the
      // view wanted while the socket shows another, and say what comes next and when.
      turn: function (_n, connected, labels) {
        var plan = labels && labels.rotation;
        if (!plan || !plan.views.length) { return window.dash_clientside.no_update; }
        var now = Date.now();
        if (state.at === null) {
          state.at = Math.max(0, plan.views.indexOf(labels.view || null));
          state.since = now;
          state.wanted = plan.views[state.at];
        }
        var refused = String(state.wanted) in state.refused;
        if (refused || now - state.since >= plan.every * 1000) {
          state.at = following(plan, state.at);
          state.since = now;
          state.wanted = plan.views[state.at];
        }
        var asking = state.asked !== undefined && now - state.askedAt < ASK_AGAIN_MS;
        if (connected && socket && socket.connected && socket.shown !== state.wanted &&
            !asking) {
          ask(labels);
        }
        var seconds = Math.max(0, Math.ceil((state.since + plan.every * 1000 - now) / 1000));
        return labels.wall_view_next.replace("{n}", state.at + 1)
          .replace("{total}", plan.views.length).replace("{seconds}", seconds)
          .replace("{next}", plan.names[following(plan, state.at)]);
      }
    }
  });
})();
