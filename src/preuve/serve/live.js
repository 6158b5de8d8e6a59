// preuve serve: live reload. Added to the pages `preuve serve` sends, never to the output files.
// The server tells every open page when a build ends: a good build reloads the page; a failed
// one lays its errors over the page, which keeps showing the last good version.
(function () {
  "use strict";
  var stateNode = document.getElementById("preuve-live-state");
  var state = stateNode ? JSON.parse(stateNode.textContent) : {server: "", generation: 0, error: null};

  function hideError() {
    var old = document.getElementById("preuve-error");
    if (old) { old.parentNode.removeChild(old); }
  }

  function showError(text) {
    hideError();
    var box = document.createElement("div");
    box.id = "preuve-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;top:0;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1em 1.5em;background:#fff4f4;color:#5c0b07;border-bottom:4px solid #a8201a;" +
      "font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 2px 12px rgba(0,0,0,.3)";
    var title = document.createElement("strong");
    title.textContent = "The build failed: the last good version is shown below. Fix the records and save.";
    var body = document.createElement("pre");
    body.style.cssText = "white-space:pre-wrap;margin:.6em 0 0";
    body.textContent = text;  // text, never HTML: it quotes the records
    box.appendChild(title);
    box.appendChild(body);
    document.body.appendChild(box);
  }

  if (state.error) { showError(state.error); }

  // A page left open while serve is restarted reconnects to the new one, whose builds are counted
  // afresh: a build from another serve reloads the page whatever its number.
  var events = new EventSource("/__preuve__/events?generation=" + state.generation +
                               "&server=" + encodeURIComponent(state.server || ""));
  events.addEventListener("build", function (message) {
    var build = JSON.parse(message.data);
    var sameServer = build.server === state.server;
    if (sameServer && build.generation <= state.generation) { return; }
    state.generation = build.generation;
    if (build.error && sameServer) {
      showError(build.error);
    } else {
      events.close();
      window.location.reload();
    }
  });
})();
