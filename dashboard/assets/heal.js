/* Keeps a live screen's socket open for as long as it takes, with no one at the screen.

   Socket.IO reconnects by itself after a network failure, but not after the server refused
   it: a server restarted with another key, a store that could not be read when it came
   back, or a display that was revoked. So while a page's socket stays closed it is made
   anew, one second after it dropped, then after 2, 4, and every 5 s; each try also asks
   /healthz whether the server serves. A socket still closed a moment after a try made while
   the server served is refused for good in this page: the page is loaded again, and the
   server then shows the screen, the sign-in page, or why the display no longer opens.

   The same callback hands the freshness line what the server says of its store. */
(function () {
  var FIRST_MS = 1000, MOST_MS = 5000;
  var OPENING_MS = 3000;  // a page just opened connects within this, before any try
  var SETTLE_MS = 2000;   // how long a try made while the server serves has to connect
  var screens = {};       // the state of each socket, by its id

  function stateOf(id) {
    if (!screens[id]) {
      screens[id] = {connected: false, ever: false, due: null, delay: FIRST_MS, tries: 0,
                     triedAt: null, servingSince: null, said: null};
    }
    return screens[id];
  }

  function probe(state, sent) {
    fetch("/healthz", {cache: "no-store", credentials: "same-origin"}).then(function (answer) {
      if (answer.ok && !state.connected) {
        state.servingSince = sent;
        state.due = Math.min(state.due, Date.now() + SETTLE_MS);
      } else {
        state.servingSince = null;
      }
    }, function () { state.servingSince = null; });
  }

  function socketId() {
    var context = window.dash_clientside.callback_context;
    var output = context && context.outputs_list;
    return (output && output.id) || "socket";
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    heal: {
      watch: function (_n, connected, said, options) {
        var none = window.dash_clientside.no_update;
        var state = stateOf(socketId());
        var now = Date.now();
        if (said && said.at !== state.said) {
          state.said = said.at;
          window.dashboardFreshness.storeUp(said.up !== false);
        }
        if (connected) {
          // Admitted: the server read the store to admit it.
          if (!state.connected) { window.dashboardFreshness.storeUp(true); }
          state.connected = state.ever = true;
          state.due = state.triedAt = state.servingSince = null;
          state.delay = FIRST_MS;
          return none;
        }
        if (state.connected || state.due === null) {
          state.connected = false;
          state.due = now + (state.ever ? FIRST_MS : OPENING_MS);
        }
        if (now < state.due) { return none; }
        if (state.servingSince !== null && state.triedAt !== null &&
            state.triedAt >= state.servingSince) {
          window.location.reload();
          return none;
        }
        state.triedAt = now;
        state.due = now + state.delay;
        state.delay = Math.min(state.delay * 2, MOST_MS);
        state.tries += 1;
        probe(state, now);
        // New options make the component open a new socket, closing the one that failed.
        var auth = Object.assign({}, (options || {}).auth, {attempt: state.tries});
        return Object.assign({}, options, {auth: auth});
      }
    }
  });
})();
