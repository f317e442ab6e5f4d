// Editing on the image page, when it was opened with ?token= (kymflow view --edit): drag on the kymograph to
// draw a ROI, drag a ROI's edge to resize it, click a ROI to select it and drag it to move it or press Delete
// to remove it, and run the analyses this image needs. Every change
// goes to the JSON API with the token; the server checks it and the library does the work.
(function () {
  'use strict';
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return;

  function send(method, path, body) {
    return fetch(path, { method: method, headers: { 'X-Kymflow-Token': token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(r => r.json().then(j => { if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status)); return j; }));
  }

  // The page's ROIs from the stored form (sidecar JSON).
  function pageRois(stored) {
    return stored.map(r => ({ roi_id: r.roi_id, channel: r.channel || 1, kind: r.kind || 'velocity',
      x0: r.data.x0, x1: r.data.x1, y0: r.data.y0, y1: r.data.y1 }));
  }

  document.addEventListener('kym-ready', () => {
    const page = window.kymPage;
    const kymo = document.getElementById('kymo');
    const layer = document.getElementById('roi-layer');
    const roisPath = '/api/images/' + encodeURIComponent(page.id) + '/rois';
    document.body.classList.add('editing');
    const bar = document.createElement('div');
    bar.className = 'controls edit-bar';
    bar.innerHTML = '<strong>editing</strong> <label>drag on the kymograph: <select id="drag-mode"><option value="roi">draws a ROI'
      + '</option><option value="zoom">zooms</option></select></label>'
      + ' <span class="run-controls"><select id="run-analysis" aria-label="analyses to run"><option value="">every analysis</option></select>'
      + ' <select id="run-scope" aria-label="images to run on"><option value="image">of this image</option>'
      + '<option value="all">of every image</option></select> <button id="run" type="button">Run what is stale</button>'
      + ' <button id="cancel-run" type="button" hidden>Cancel</button> <progress id="run-progress" hidden></progress>'
      + ' <span id="run-status" class="muted"></span></span>'
      + '<div class="muted edit-help">drag a ROI\'s edge to resize it · click a ROI to select it, then drag it to move it or press'
      + ' Delete to remove it · Shift+drag on a trace to add an event</div>';
    kymo.parentElement.before(bar);
    let selected = null;
    let saves = 0; // answered saves, so that a test (or a person reading the DOM) knows the outlines are redrawn

    function save(rois) {
      return send('PUT', roisPath, rois).then(j => {
        page.info.rois = pageRois(j.rois);
        selected = null;
        page.drawRois();
        document.dispatchEvent(new Event('kym-rois'));
        document.body.dataset.roiCount = String(page.info.rois.length);
        document.body.dataset.roiSaves = String(++saves);
      }).catch(e => {
        page.notice('The ROIs were not saved: ' + e.message, true);
        // show what is stored, not what was refused
        return send('GET', roisPath).then(stored => { page.info.rois = pageRois(stored); page.drawRois(); },
          err => page.notice('The ROIs could not be read back: ' + err.message, true));
      });
    }

    const dragMode = document.getElementById('drag-mode');
    page.dragMode = 'roi';
    dragMode.addEventListener('change', () => { page.dragMode = dragMode.value; kymo.style.cursor = ''; });
    const at = page.at;

    // a click (no drag) selects the smallest ROI under the pointer, or none
    function select(p) {
      const hits = page.info.rois.filter(r => r.y0 <= p.line && p.line < r.y1 && r.x0 <= p.pixel && p.pixel < r.x1)
        .sort((a, b) => (a.x1 - a.x0) * (a.y1 - a.y0) - (b.x1 - b.x0) * (b.y1 - b.y0));
      selected = hits.length ? hits[0].roi_id : null;
      for (const el of layer.querySelectorAll('.roi')) el.classList.toggle('selected', Number(el.dataset.roiId) === selected);
      document.body.dataset.selectedRoi = selected === null ? '' : String(selected);
    }

    // What a drag from here would do to a ROI: move the edges within 5 screen pixels of any ROI (y0/y1 the
    // time edges, left and right; x0/x1 the space edges, top and bottom), or move the selected ROI from its
    // inside (so that a new ROI can still be drawn inside a large one). Smallest ROI first.
    function grab(ev) {
      const box = kymo.getBoundingClientRect();
      const lineX = line => box.left + (line - page.view.line0) / (page.view.line1 - page.view.line0) * box.width;
      const pixelY = px => box.top + (px - page.view.px0) / (page.view.px1 - page.view.px0) * box.height;
      const near = 5;
      const rois = page.info.rois.slice().sort((a, b) => (a.x1 - a.x0) * (a.y1 - a.y0) - (b.x1 - b.x0) * (b.y1 - b.y0));
      for (const r of rois) {
        const left = lineX(r.y0), right = lineX(r.y1), top = pixelY(r.x0), bottom = pixelY(r.x1);
        if (ev.clientX < left - near || ev.clientX > right + near || ev.clientY < top - near || ev.clientY > bottom + near) continue;
        const edges = [];
        if (Math.abs(ev.clientX - left) <= near) edges.push('y0'); else if (Math.abs(ev.clientX - right) <= near) edges.push('y1');
        if (Math.abs(ev.clientY - top) <= near) edges.push('x0'); else if (Math.abs(ev.clientY - bottom) <= near) edges.push('x1');
        if (edges.length) return { roi: r, edges: edges };
        if (r.roi_id === selected && ev.clientX > left && ev.clientX < right && ev.clientY > top && ev.clientY < bottom) {
          return { roi: r, edges: ['x0', 'x1', 'y0', 'y1'] };
        }
      }
      return null;
    }
    function cursorFor(g) {
      if (!g) return 'crosshair';
      if (g.edges.length === 4) return 'move';
      const time = g.edges.some(e => e[0] === 'y');
      const space = g.edges.some(e => e[0] === 'x');
      return time && space ? 'nwse-resize' : time ? 'ew-resize' : 'ns-resize';
    }

    // The ROI's bounds after a drag by (lines, pixels): moved whole, or its grabbed edges, kept in the image
    // and at least 1 pixel and 2 lines in size.
    function dragged(r, edges, dLines, dPixels) {
      const b = { x0: r.x0, x1: r.x1, y0: r.y0, y1: r.y1 };
      if (edges.length === 4) {
        const dl = Math.max(-r.y0, Math.min(page.info.lines - r.y1, Math.round(dLines)));
        const dp = Math.max(-r.x0, Math.min(page.info.pixels - r.x1, Math.round(dPixels)));
        return { x0: r.x0 + dp, x1: r.x1 + dp, y0: r.y0 + dl, y1: r.y1 + dl };
      }
      if (edges.includes('y0')) b.y0 = Math.max(0, Math.min(r.y1 - 2, Math.round(r.y0 + dLines)));
      if (edges.includes('y1')) b.y1 = Math.min(page.info.lines, Math.max(r.y0 + 2, Math.round(r.y1 + dLines)));
      if (edges.includes('x0')) b.x0 = Math.max(0, Math.min(r.x1 - 1, Math.round(r.x0 + dPixels)));
      if (edges.includes('x1')) b.x1 = Math.min(page.info.pixels, Math.max(r.x0 + 1, Math.round(r.x1 + dPixels)));
      return b;
    }

    // a drag: on a ROI it moves or resizes it; elsewhere it draws one from corner to corner (time across, space down)
    let start = null;
    let band = null;
    let moving = null; // { roi, edges, before: its bounds when grabbed }
    kymo.addEventListener('mousemove', ev => {
      if (!start && page.dragMode === 'roi') kymo.style.cursor = cursorFor(grab(ev));
    });
    kymo.addEventListener('mousedown', ev => {
      if (ev.button !== 0 || page.dragMode !== 'roi') return;
      start = at(ev);
      const g = grab(ev);
      if (g) {
        moving = { roi: g.roi, edges: g.edges, before: { x0: g.roi.x0, x1: g.roi.x1, y0: g.roi.y0, y1: g.roi.y1 } };
      } else {
        band = document.createElement('div');
        band.className = 'roi drawing';
        layer.appendChild(band);
      }
      ev.preventDefault();
    });
    window.addEventListener('mousemove', ev => {
      if (!start) return;
      const p = at(ev);
      if (moving) {
        Object.assign(moving.roi, dragged(Object.assign({}, moving.roi, moving.before), moving.edges,
          p.line - start.line, p.pixel - start.pixel));
        page.drawRois();
      } else {
        page.band(band, start, p);
      }
    });
    window.addEventListener('mouseup', ev => {
      if (!start) return;
      const p = at(ev);
      const a = start;
      const m = moving;
      start = null;
      moving = null;
      const click = Math.abs(p.fx - a.fx) < 0.005 && Math.abs(p.fy - a.fy) < 0.02;
      if (m) {
        const after = { x0: m.roi.x0, x1: m.roi.x1, y0: m.roi.y0, y1: m.roi.y1 };
        if (click || ['x0', 'x1', 'y0', 'y1'].every(k => after[k] === m.before[k])) {
          Object.assign(m.roi, m.before);
          page.drawRois();
          select(a);
          return;
        }
        send('GET', roisPath).then(stored => {
          const mine = stored.find(r => r.roi_id === m.roi.roi_id);
          if (!mine) throw new Error('ROI ' + m.roi.roi_id + ' is no longer stored');
          mine.data = Object.assign({}, mine.data, after);
          return save(stored);
        }).catch(e => { Object.assign(m.roi, m.before); page.drawRois(); page.notice('The ROI was not changed: ' + e.message, true); });
        return;
      }
      band.remove();
      if (click) {
        select(a); // a click, not a ROI
        return;
      }
      const y0 = Math.max(0, Math.floor(Math.min(a.line, p.line)));
      const y1 = Math.min(page.info.lines, Math.ceil(Math.max(a.line, p.line)));
      const x0 = Math.max(0, Math.floor(Math.min(a.pixel, p.pixel)));
      const x1 = Math.min(page.info.pixels, Math.ceil(Math.max(a.pixel, p.pixel)));
      if (x1 - x0 < 2 || y1 - y0 < 4) return;
      send('GET', roisPath).then(stored => {
        const next = stored.reduce((n, r) => Math.max(n, r.roi_id + 1), 1);
        stored.push({ roi_id: next, roi_type: 'rect', channel: 1, z: 0, kind: 'velocity', data: { x0: x0, x1: x1, y0: y0, y1: y1 } });
        return save(stored);
      }).catch(e => page.notice('The ROI was not drawn: ' + e.message, true));
    });
    window.addEventListener('keydown', ev => {
      if ((ev.key === 'Delete' || ev.key === 'Backspace') && selected !== null && !ev.target.closest('input, textarea')) {
        const gone = selected;
        send('GET', roisPath).then(stored => save(stored.filter(r => r.roi_id !== gone)));
        ev.preventDefault();
      }
    });

    // runs: the stale analyses (all, or one and what it reads) of this image or of every image, with a
    // progress bar; the page reloads with the results
    const runAnalysis = document.getElementById('run-analysis');
    for (const badge of document.querySelectorAll('#analyses [data-analysis]')) runAnalysis.add(new Option(badge.dataset.analysis, badge.dataset.analysis));
    const run = document.getElementById('run');
    const cancel = document.getElementById('cancel-run');
    const progress = document.getElementById('run-progress');
    const status = document.getElementById('run-status');
    run.addEventListener('click', () => {
      run.disabled = true;
      const chosen = document.getElementById('run-analysis').value;
      const everyImage = document.getElementById('run-scope').value === 'all';
      send('POST', '/api/runs', { images: everyImage ? [] : [page.id], analyses: chosen ? [chosen] : [] }).then(j => {
        const path = '/api/runs/' + j.run;
        progress.hidden = false;
        cancel.hidden = false;
        cancel.onclick = () => send('DELETE', path).catch(() => {});
        const poll = () => fetch(path).then(r => r.json()).then(s => {
          progress.max = Math.max(1, s.total);
          progress.value = s.done;
          status.textContent = s.state + ': ' + s.done + ' of ' + s.total;
          if (s.state === 'running') { setTimeout(poll, 300); return; }
          const computed = s.report.map(r => r.indexer + ' ' + r.status).join(', ');
          status.textContent = s.state + (s.error ? ': ' + s.error : '') + (computed ? ' (' + computed + ')' : '');
          document.body.dataset.runState = s.state;
          if (s.state === 'done' || s.state === 'cancelled') setTimeout(() => location.reload(), 300);
          else run.disabled = false;
        });
        poll();
      }).catch(e => { page.notice('The run did not start: ' + e.message, true); run.disabled = false; });
    });
    // an event a person saw: Shift+drag on a velocity trace (image.js calls this)
    window.kymAddEvent = (roi, t0, t1) => send('POST', '/api/images/' + encodeURIComponent(page.id) + '/events',
      { roi_id: roi, t_start_s: t0, t_end_s: t1 })
      .then(e => { document.body.dataset.added = e.event_id; setTimeout(() => location.reload(), 200); })
      .catch(err => page.notice('The event was not added: ' + err.message, true));

    // the ROIs as numbers: kind and bounds, each change saved as it is made
    const roiTable = document.createElement('table');
    roiTable.className = 'review';
    roiTable.id = 'roi-table';
    bar.after(roiTable);
    function listRois() {
      roiTable.innerHTML = '<thead><tr><th>ROI</th><th>kind</th><th>x0</th><th>x1</th><th>y0 (line)</th><th>y1</th></tr></thead>';
      const body = document.createElement('tbody');
      for (const r of page.info.rois) {
        const tr = document.createElement('tr');
        tr.dataset.roiId = r.roi_id;
        const id = document.createElement('td');
        id.textContent = r.roi_id;
        tr.appendChild(id);
        const kind = document.createElement('select');
        for (const k of ['velocity', 'diameter']) kind.add(new Option(k, k, false, k === r.kind));
        const inputs = { kind: kind };
        for (const key of ['x0', 'x1', 'y0', 'y1']) {
          const input = document.createElement('input');
          input.type = 'number';
          input.value = r[key];
          input.name = key;
          inputs[key] = input;
        }
        for (const el of [kind, inputs.x0, inputs.x1, inputs.y0, inputs.y1]) {
          const td = document.createElement('td');
          td.appendChild(el);
          tr.appendChild(td);
          el.addEventListener('change', () => ['x0', 'x1', 'y0', 'y1'].some(k => inputs[k].value === '') ? null // still being typed
            : send('GET', roisPath).then(stored => {
            const mine = stored.find(s => s.roi_id === r.roi_id);
            mine.kind = kind.value;
            mine.data = { x0: +inputs.x0.value, x1: +inputs.x1.value, y0: +inputs.y0.value, y1: +inputs.y1.value };
            return save(stored);
          }));
        }
        body.appendChild(tr);
      }
      roiTable.appendChild(body);
    }
    listRois();
    document.addEventListener('kym-rois', listRois);

    // the experiment metadata (the sidecar's fields: genotype, condition, ...): each field saved as it is
    // changed, a field added by name, removed with x; numbers and true/false keep their type
    const experiment = document.getElementById('experiment');
    const experimentPath = '/api/images/' + encodeURIComponent(page.id) + '/experiment';
    let fields = Object.assign({}, page.info.experiment || {});
    function typed(text, was) {
      if (text.trim() === '') return null; // an emptied field holds no value, shown as –
      if (typeof was === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
      if (typeof was === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
      return text;
    }
    function saveExperiment(next) {
      return send('PUT', experimentPath, next).then(j => {
        const sameFields = Object.keys(j.experiment).join('\u0000') === Object.keys(fields).join('\u0000');
        fields = j.experiment;
        document.body.dataset.experimentSaved = JSON.stringify(fields);
        if (!sameFields) listExperiment(); // redrawn only for a field added or removed: focus stays where the user is
      }).catch(e => { page.notice('The experiment metadata was not saved: ' + e.message, true); listExperiment(); });
    }
    function listExperiment() {
      const form = document.createElement('div');
      form.id = 'experiment-form';
      form.append('experiment: ');
      for (const [key, value] of Object.entries(fields)) {
        const label = document.createElement('label');
        const input = document.createElement('input');
        input.name = key;
        input.value = value === null ? '' : String(value);
        input.addEventListener('change', () => saveExperiment(Object.assign({}, fields, { [key]: typed(input.value, fields[key]) })));
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = '×';
        remove.title = 'remove ' + key;
        remove.addEventListener('click', () => { const next = Object.assign({}, fields); delete next[key]; saveExperiment(next); });
        label.append(key + ' ', input, remove);
        form.appendChild(label);
      }
      const name = document.createElement('input');
      name.id = 'experiment-new';
      name.placeholder = 'new field';
      name.addEventListener('change', () => {
        const key = name.value.trim();
        if (key && !(key in fields)) saveExperiment(Object.assign({}, fields, { [key]: null }));
      });
      form.appendChild(name);
      experiment.replaceChildren(form);
    }
    listExperiment();

    // the parameters panel: every analysis's params as it describes them, saved per analysis
    const panel = document.createElement('details');
    panel.id = 'params';
    panel.innerHTML = '<summary>Parameters (the dataset\'s: every run, status and summary uses them)</summary>';
    roiTable.after(panel);
    send('GET', '/api/params').then(all => {
      for (const [name, params] of Object.entries(all)) {
        const box = document.createElement('fieldset');
        box.dataset.analysis = name;
        box.innerHTML = '<legend>' + name + '</legend>';
        const fields = {};
        for (const [key, p] of Object.entries(params)) {
          const label = document.createElement('label');
          label.title = p.help || '';
          let input;
          if (p.choices && p.choices.length) {
            input = document.createElement('select');
            for (const c of p.choices) input.add(new Option(c, c, false, c === p.value));
          } else {
            input = document.createElement('input');
            input.type = p.type === 'boolean' ? 'checkbox' : p.type === 'text' ? 'text' : 'number';
            if (input.type === 'checkbox') input.checked = p.value === true; else input.value = p.value;
            if (p.type === 'number') input.step = 'any';
          }
          input.name = key;
          fields[key] = { input: input, spec: p };
          label.append(key + ' ', input);
          if (!p.is_default) { // a word, not kymflow params' '*', which there marks the defaults
            const set = document.createElement('span');
            set.className = 'muted';
            set.textContent = ' set (default ' + p.default + ')';
            label.appendChild(set);
          }
          box.appendChild(label);
        }
        const store = document.createElement('button');
        store.type = 'button';
        store.textContent = 'Save ' + name;
        const reset = document.createElement('button');
        reset.type = 'button';
        reset.textContent = 'Defaults';
        const path = '/api/params/' + encodeURIComponent(name);
        const done = j => { document.body.dataset.paramsSaved = name; panel.querySelector('#params-status').textContent = name + ' saved'; return j; };
        store.addEventListener('click', () => {
          const body = {};
          for (const [key, f] of Object.entries(fields)) {
            const el = f.input;
            if (el.type === 'number') {
              // as typed: 32.5 goes to the server, which refuses it for a whole-number param (parseInt would
              // have saved 32); an empty or unreadable field is refused here rather than sent as 0 or null
              if (el.value.trim() === '' || !Number.isFinite(Number(el.value))) {
                page.notice(name + ': ' + key + ' must be a number', true);
                return;
              }
              body[key] = Number(el.value);
            } else {
              body[key] = el.type === 'checkbox' ? el.checked : el.value;
            }
          }
          send('PUT', path, body).then(done).catch(e => page.notice(name + ': ' + e.message, true));
        });
        reset.addEventListener('click', () => send('PUT', path, {}).then(done).then(() => location.reload())
          .catch(e => page.notice(name + ': ' + e.message, true)));
        box.append(store, reset);
        panel.appendChild(box);
      }
      const status = document.createElement('span');
      status.id = 'params-status';
      status.className = 'muted';
      panel.appendChild(status);
    }).catch(e => page.notice('The params could not be listed: ' + e.message, true));

    // reviewing events: a label, a note and accepted or rejected for each, saved as it is changed
    const review = document.createElement('div');
    review.id = 'review';
    document.getElementById('events').after(review);
    const eventsPath = '/api/images/' + encodeURIComponent(page.id) + '/events';
    function label(e, change) {
      const body = { user_type: e.user_type, note: e.note, accepted: e.accepted };
      Object.assign(body, change);
      return send('PUT', eventsPath + '/' + e.roi_id + '/' + encodeURIComponent(e.event_id) + '/label', body)
        .then(saved => { Object.assign(e, saved); document.body.dataset.labelled = e.event_id + ':' + e.user_type; })
        .catch(err => page.notice('The label was not saved: ' + err.message, true));
    }
    send('GET', eventsPath).then(events => {
      if (!events.length) return;
      const table = document.createElement('table');
      table.className = 'review';
      table.innerHTML = '<thead><tr><th>ROI</th><th>type</th><th>start (s)</th><th>end (s)</th><th>label</th><th>note</th>'
        + '<th>accepted</th></tr></thead>';
      const body = document.createElement('tbody');
      for (const e of events) {
        const tr = document.createElement('tr');
        tr.dataset.eventId = e.event_id;
        if (e.orphaned) tr.className = 'orphaned';
        for (const v of [e.roi_id, e.event_type + (e.orphaned ? ' (orphaned)' : ''), e.t_start_s.toFixed(3),
          e.t_end_s === null ? '' : e.t_end_s.toFixed(3)]) {
          const td = document.createElement('td');
          td.textContent = v;
          tr.appendChild(td);
        }
        const kind = document.createElement('select');
        for (const t of ['unreviewed', 'true_stall', 'reversal', 'other']) kind.add(new Option(t, t, false, t === e.user_type));
        kind.addEventListener('change', () => label(e, { user_type: kind.value }));
        const note = document.createElement('input');
        note.value = e.note;
        note.addEventListener('change', () => label(e, { note: note.value }));
        const accepted = document.createElement('select');
        for (const [t, v] of [['–', ''], ['accepted', 'true'], ['rejected', 'false']]) {
          accepted.add(new Option(t, v, false, String(e.accepted === null ? '' : e.accepted) === v));
        }
        accepted.addEventListener('change', () => label(e, { accepted: accepted.value === '' ? null : accepted.value === 'true' }));
        const cells = [kind, note, accepted];
        if (e.user_added) { // a person's event can be taken back; a detected one is rejected instead
          const remove = document.createElement('button');
          remove.type = 'button';
          remove.className = 'delete-event';
          remove.textContent = 'delete';
          remove.addEventListener('click', () => send('DELETE', eventsPath + '/' + e.roi_id + '/' + encodeURIComponent(e.event_id))
            .then(() => { tr.remove(); document.body.dataset.deleted = e.event_id; })
            .catch(err => page.notice('The event was not deleted: ' + err.message, true)));
          cells.push(remove);
        }
        for (const el of cells) {
          const td = document.createElement('td');
          td.appendChild(el);
          tr.appendChild(td);
        }
        body.appendChild(tr);
      }
      table.appendChild(body);
      const h = document.createElement('h3');
      h.textContent = 'Review (labels are kept when the events are recomputed)';
      review.append(h, table);
    }).catch(err => page.notice('The events could not be listed: ' + err.message, true));
    document.body.dataset.editing = 'true';
  });
})();
