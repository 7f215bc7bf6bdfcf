/* wagtail-medborgardialog: the running total of a knapsack ballot while the voter ticks.
   No framework and nothing inline (the page's Content-Security-Policy allows only files from
   its own origin). Without this file the "Recalculate" button asks the server, and the
   server checks the budget again whatever this script shows: it only informs and warns. */
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function enhance(form) {
    var totals = form.querySelector("[data-mbd-totals]");
    if (!totals) {
      return;
    }
    var lang = document.documentElement.lang || "sv";
    var numbers;
    try {
      numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    } catch (error) {
      numbers = new Intl.NumberFormat("sv", { maximumFractionDigits: 0 });
    }
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[data-mbd-cost]"));
    var district = form.querySelector("select[name=district]");
    var parts = Array.prototype.slice.call(totals.querySelectorAll("[data-mbd-part]"));
    var count = totals.querySelector("[data-mbd-count]");
    var live = totals.querySelector("[data-mbd-live]");
    var maxProjects = parseInt(totals.getAttribute("data-max-projects") || "0", 10);
    var texts = {
      part: totals.getAttribute("data-text-part"),
      over: totals.getAttribute("data-text-over"),
      count: totals.getAttribute("data-text-count"),
      tooMany: totals.getAttribute("data-text-too-many"),
    };

    function update(announce) {
      var chosenDistrict = district ? district.value : "";
      var sums = {};
      var ticked = 0;
      boxes.forEach(function (box) {
        if (box.checked) {
          var key = box.getAttribute("data-mbd-part-key");
          sums[key] = (sums[key] || 0) + parseInt(box.getAttribute("data-mbd-cost"), 10);
          ticked += 1;
        }
      });
      var messages = [];
      parts.forEach(function (item) {
        var key = item.getAttribute("data-mbd-part");
        var shown = key === "" || key === chosenDistrict;
        item.hidden = !shown;
        if (!shown) {
          return;
        }
        var budget = parseInt(item.getAttribute("data-budget"), 10);
        var chosen = sums[key] || 0;
        var values = {
          part: item.getAttribute("data-name"),
          chosen: numbers.format(chosen),
          budget: numbers.format(budget),
          remaining: numbers.format(Math.max(budget - chosen, 0)),
          excess: numbers.format(Math.max(chosen - budget, 0)),
        };
        var text = format(texts.part, values);
        var over = item.querySelector("[data-mbd-over]");
        item.querySelector("[data-mbd-text]").textContent = text;
        if (chosen > budget) {
          over.textContent = format(texts.over, values);
          over.hidden = false;
          item.classList.add("mbd-ballot__total--over");
          messages.push(text + " " + over.textContent);
        } else {
          over.textContent = "";
          over.hidden = true;
          item.classList.remove("mbd-ballot__total--over");
          messages.push(text);
        }
      });
      if (count && maxProjects) {
        var countText = format(texts.count, { count: ticked, max: maxProjects });
        if (ticked > maxProjects) {
          countText += " " + texts.tooMany;
        }
        count.textContent = countText;
        messages.push(countText);
      }
      if (announce !== false) {
        live.textContent = messages.join(" ");
      }
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", update);
    });
    if (district) {
      district.addEventListener("change", update);
    }
    totals.classList.add("mbd-ballot__totals--live");
    update(false);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-mbd-ballot]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
