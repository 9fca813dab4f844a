// supple: suggest the browser's time zone in the settings' time-zone
// list. Without JavaScript the list works as it is.
(function () {
  "use strict";
  var select = document.getElementById("tz");
  var hint = document.getElementById("tz-device");
  if (!select || !hint || !window.Intl || !Intl.DateTimeFormat) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === select.getAttribute("data-zone")) return;
  var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
  if (!option) {
    option = document.createElement("option");
    option.value = zone;
    option.textContent = zone + " (this device)";
    select.insertBefore(option, select.options[select.getAttribute("data-zone") ? 0 : 1] || null);
  }
  if (!select.getAttribute("data-zone")) option.selected = true;
  hint.textContent = "This device is set to " + zone + (select.getAttribute("data-zone") ? "; choose it below if you have moved." : ", chosen below: save to keep it.");
  hint.hidden = false;
})();
