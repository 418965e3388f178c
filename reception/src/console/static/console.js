// The office console's few scripts: keyboard shortcuts and the photos' zoom. Every page
// works without them (links open the photos, forms post as they are).
(function () {
  'use strict';

  function typing(event) {
    var target = event.target;
    return !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName));
  }

  // A photo shown at its own size (in place, across the row) or fitted again.
  function toggleZoom(id) {
    var figure = document.getElementById(id);
    if (!figure) { return; }
    var zoomed = figure.classList.toggle('zoomed');
    var button = figure.querySelector('button.zoom');
    if (button) { button.setAttribute('aria-pressed', zoomed ? 'true' : 'false'); }
    figure.scrollIntoView({ block: 'nearest' });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button.zoom');
    if (button) {
      toggleZoom(button.getAttribute('data-zoom'));
      return;
    }
    var full = event.target.closest('a.full');
    if (full && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      toggleZoom(full.closest('figure').id);
    }
  });

  // The first field of a decision's form, focused and in view.
  function openForm(id) {
    var form = document.getElementById(id);
    if (!form) { return false; }
    form.scrollIntoView({ block: 'center' });
    var first = form.querySelector('select, textarea, input:not([type=hidden])');
    if (first) { first.focus(); }
    return true;
  }

  // The queue's row links; J and K move the focus between them.
  function moveInQueue(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll('#queue a.open'));
    if (!links.length) { return false; }
    var at = links.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    links[next].focus();
    return true;
  }

  var photoKeys = { '1': 'photo-portrait', '2': 'photo-id_front', '3': 'photo-id_back' };
  var formKeys = { a: 'approve-form', r: 'reject-form', c: 'changes-form' };

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) { return; }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var done = false;
    if (key === '/') {
      var search = document.getElementById('q');
      if (search) { search.focus(); search.select(); done = true; }
    } else if (key === 'j') {
      done = moveInQueue(1);
    } else if (key === 'k') {
      done = moveInQueue(-1);
    } else if (photoKeys[key] && document.getElementById(photoKeys[key])) {
      toggleZoom(photoKeys[key]);
      done = true;
    } else if (formKeys[key]) {
      done = openForm(formKeys[key]);
    } else if (key === 'q' && document.getElementById('back')) {
      window.location.href = '/console/';
      done = true;
    } else if (key === 'Escape') {
      Array.prototype.forEach.call(document.querySelectorAll('figure.zoomed'), function (figure) {
        toggleZoom(figure.id);
      });
    }
    if (done) { event.preventDefault(); }
  });
}());
