/* audiatur — written for this project. Keyboard shortcuts and confirmations; every page works without it. */
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function rows() {
    var table = document.querySelector("[data-rows]");
    if (!table) return [];
    return Array.prototype.slice.call(table.querySelectorAll("tbody > tr, :scope > li")).filter(function (row) {
      return row.querySelector("a.row-link");
    });
  }

  var current = -1;
  function select(index) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("selected", i === current); });
    var link = all[current].querySelector("a.row-link");
    link.focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  }

  function clickKey(key) {
    var target = document.querySelector('[data-key="' + key + '"]');
    if (!target) return false;
    if (target.tagName === "SUMMARY") {
      target.parentElement.open = true;
      var first = target.parentElement.querySelector("input, select");
      if (first) first.focus();
    } else {
      target.click();
    }
    return true;
  }

  var places = { l: "/", c: "/contradictions", t: "/timelines", i: "/incidents", m: "/map", d: "/documents", a: "/actors" };
  var pendingG = false;
  var help = document.getElementById("shortcuts");

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      if (help && !help.hidden) { help.hidden = true; return; }
      if (typing(event.target)) event.target.blur();
      return;
    }
    if (typing(event.target)) return;
    if (pendingG) {
      pendingG = false;
      if (places[event.key]) { window.location.href = places[event.key]; event.preventDefault(); }
      return;
    }
    switch (event.key) {
      case "/": {
        var search = document.querySelector('[data-shortcut="/"]');
        if (search) { search.focus(); search.select(); event.preventDefault(); }
        else { window.location.href = "/#q"; }
        break;
      }
      case "j": select(current + 1); event.preventDefault(); break;
      case "k": select(current - 1); event.preventDefault(); break;
      case "g": pendingG = true; window.setTimeout(function () { pendingG = false; }, 1200); break;
      case "?": if (help) { help.hidden = !help.hidden; } break;
      case "n": case "p": case "a": case "r": case "e":
        if (clickKey(event.key)) event.preventDefault();
        break;
      default: break;
    }
  });

  /* Ask before an action marked data-confirm (merges, undoing a review). */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });

  /* Focus the search field when arriving at /#q. */
  if (window.location.hash === "#q") {
    var q = document.getElementById("q");
    if (q) q.focus();
  }
})();
