// The image page: the kymograph at screen resolution over the velocity trace of each ROI, on one time
// axis. Zooming asks the server for just that time and space range (down to single lines and pixels), in the
// colour map and scale chosen; events are shaded on the traces and listed below them, and a click on one
// zooms to it.
(function () {
  'use strict';
  // /image?id=ID, or /image/NAME: a file name (without its extension), a unique id prefix or an id
  const id = new URLSearchParams(location.search).get('id')
    || decodeURIComponent(location.pathname.replace(/^\/image\/?/, '')) || null;
  const img = document.getElementById('kymograph');
  const kymo = document.getElementById('kymo');
  const lo = document.getElementById('lo');
  const hi = document.getElementById('hi');
  const plots = [];
  const EVENT_COLOURS = { baseline_drop: 'rgba(220,38,38,0.18)', baseline_rise: 'rgba(22,163,74,0.18)',
    nan_gap: 'rgba(107,114,128,0.22)', zero_gap: 'rgba(234,88,12,0.2)' };
  let info = null;
  let secondsPerLine = 1;
  let unit = 'lines';
  const view = { line0: 0, line1: 1, px0: 0, px1: 1 }; // lines [line0, line1) and pixels [px0, px1) in view
  const look = { cmap: 'gray', log: false };
  let umPerPixel = 1;
  let spaceUnit = 'pixels';
  // The trace a drag began on, and whether Shift was held then (the mouse event says; key events may go
  // elsewhere). uPlot's cursor sync repeats a selection on every synced trace: only this one acts on it.
  let dragPlot = null;
  let shiftAtPress = false;
  window.kymView = view; // read by the browser tests

  function notice(message, error) {
    const n = document.getElementById('notice');
    n.hidden = false;
    if (error) n.classList.add('error');
    const p = document.createElement('div');
    p.textContent = message;
    n.appendChild(p);
  }

  function api(path) {
    return fetch(path).then(r => r.json().then(j => {
      if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status));
      return j;
    }));
  }

  function t(line) { return line * secondsPerLine; }

  // Shows lines [line0, line1) and pixels [px0, px1) (the pixels in view when not given): the kymograph
  // image, its axes and every trace's time axis.
  function setView(line0, line1, px0, px1) {
    line0 = Math.max(0, Math.floor(line0));
    line1 = Math.min(info.lines, Math.ceil(line1));
    if (line1 <= line0) line1 = Math.min(info.lines, line0 + 1);
    if (line1 <= line0) line0 = line1 - 1;
    if (px0 === undefined) { px0 = view.px0; px1 = view.px1; }
    px0 = Math.max(0, Math.floor(px0));
    px1 = Math.min(info.pixels, Math.ceil(px1));
    if (px1 <= px0) px1 = Math.min(info.pixels, px0 + 1);
    if (px1 <= px0) px0 = px1 - 1;
    Object.assign(view, { line0: line0, line1: line1, px0: px0, px1: px1 });
    const width = Math.max(1, Math.round(img.clientWidth * (window.devicePixelRatio || 1)));
    img.src = '/api/images/' + encodeURIComponent(id) + '/kymograph.png?t0=' + line0 + '&t1=' + line1
      + '&s0=' + px0 + '&s1=' + px1 + '&width=' + width + '&lo=' + lo.value + '&hi=' + hi.value
      + '&cmap=' + look.cmap + '&scale=' + (look.log ? 'log' : 'linear');
    for (const u of plots) u.setScale('x', { min: t(line0), max: t(line1) });
    // "Save figure": what kymflow plot draws for the view (time and space range, colours; plot has no log scale)
    const range = '?from=' + t(line0) + '&to=' + t(line1) + '&space_from=' + px0 * umPerPixel + '&space_to=' + px1 * umPerPixel
      + '&cmap=' + look.cmap;
    document.getElementById('save-png').href = '/api/images/' + encodeURIComponent(id) + '/figure.png' + range;
    document.getElementById('save-svg').href = '/api/images/' + encodeURIComponent(id) + '/figure.svg' + range;
    document.getElementById('view-range').textContent = 'showing ' + fmt(t(line0)) + '–' + fmt(t(line1)) + ' ' + unit
      + ' (lines ' + line0 + '–' + line1 + ')' + (px0 > 0 || px1 < info.pixels ? ', pixels ' + px0 + '–' + px1 : '');
    drawRois();
    drawAxes();
  }

  function wholeScan() { setView(0, info.lines, 0, info.pixels); }

  // About n round numbers (1, 2 or 5 times a power of ten apart) from a to b.
  function ticks(a, b, n) {
    const raw = (b - a) / Math.max(1, n);
    if (!(raw > 0) || !Number.isFinite(raw)) return { values: [a], digits: 3 }; // an empty range: one tick, no loop
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map(m => m * pow).find(x => x >= raw);
    const out = [];
    for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
    return { values: out, digits: Math.max(0, -Math.floor(Math.log10(step))) };
  }

  // The kymograph's own axes: space (um, or pixels without a scale) down its left side, time under it.
  function drawAxes() {
    const space = document.getElementById('space-axis');
    const time = document.getElementById('time-axis');
    const s = ticks(view.px0 * umPerPixel, view.px1 * umPerPixel, Math.max(2, Math.floor(kymo.clientHeight / 35)));
    space.replaceChildren(...s.values.map(v => {
      const label = document.createElement('span');
      label.textContent = v.toFixed(s.digits);
      label.style.top = ((v / umPerPixel - view.px0) / (view.px1 - view.px0) * 100) + '%';
      return label;
    }));
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = spaceUnit;
    space.appendChild(title);
    const tt = ticks(t(view.line0), t(view.line1), Math.max(2, Math.floor(kymo.clientWidth / 90)));
    time.replaceChildren(...tt.values.map(v => {
      const label = document.createElement('span');
      label.textContent = v.toFixed(tt.digits) + (v === tt.values[tt.values.length - 1] ? ' ' + unit : '');
      const at = (v - t(view.line0)) / (t(view.line1) - t(view.line0)) * 100;
      label.style.left = at + '%';
      if (at > 95) label.className = 'last'; // ends at the edge rather than past it
      return label;
    }));
  }

  // The histogram of the pixel values under the contrast sliders, log counts, black and white marked.
  function drawHistogram() {
    const c = document.getElementById('histogram');
    const ctx = c.getContext('2d');
    const h = info.contrast.histogram || [];
    const top = Math.log1p(Math.max(1, ...h));
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.fillStyle = '#6b7280';
    h.forEach((n, i) => {
      const bar = Math.log1p(n) / top * c.height;
      ctx.fillRect(i * c.width / h.length, c.height - bar, Math.ceil(c.width / h.length), bar);
    });
    const x = v => (v - info.contrast.min) / ((info.contrast.max - info.contrast.min) || 1) * c.width;
    ctx.fillStyle = '#2563eb';
    ctx.fillRect(Math.round(x(+lo.value)) - 1, 0, 2, c.height);
    ctx.fillStyle = '#dc2626';
    ctx.fillRect(Math.round(x(+hi.value)) - 1, 0, 2, c.height);
  }

  // Where a pointer event falls on the kymograph: a line, a pixel, and its fraction across and down.
  function at(ev) {
    const box = kymo.getBoundingClientRect();
    const fx = Math.min(1, Math.max(0, (ev.clientX - box.left) / box.width));
    const fy = Math.min(1, Math.max(0, (ev.clientY - box.top) / box.height));
    return { line: view.line0 + fx * (view.line1 - view.line0), pixel: view.px0 + fy * (view.px1 - view.px0), fx: fx, fy: fy };
  }

  // A dashed rectangle from one pointer position to another (a zoom box, a ROI being drawn).
  function band(el, a, b) {
    el.style.left = Math.min(a.fx, b.fx) * 100 + '%';
    el.style.width = Math.abs(b.fx - a.fx) * 100 + '%';
    el.style.top = Math.min(a.fy, b.fy) * 100 + '%';
    el.style.height = Math.abs(b.fy - a.fy) * 100 + '%';
  }

  // Dragging on the kymograph zooms to the box (time and space) unless the editing script draws ROIs with it.
  function zoomBox() {
    let start = null;
    let box = null;
    kymo.addEventListener('mousedown', ev => {
      if (ev.button !== 0 || (window.kymPage && window.kymPage.dragMode !== 'zoom')) return;
      start = at(ev);
      box = document.createElement('div');
      box.className = 'roi zoom-band';
      document.getElementById('roi-layer').appendChild(box);
      ev.preventDefault();
    });
    window.addEventListener('mousemove', ev => { if (start) band(box, start, at(ev)); });
    window.addEventListener('mouseup', ev => {
      if (!start) return;
      const a = start;
      const b = at(ev);
      start = null;
      box.remove();
      if (Math.abs(b.fx - a.fx) < 0.005 && Math.abs(b.fy - a.fy) < 0.02) return; // a click
      // a box flat in one direction zooms only the other
      const lines = Math.abs(b.fx - a.fx) < 0.005 ? [view.line0, view.line1] : [Math.min(a.line, b.line), Math.max(a.line, b.line)];
      const pixels = Math.abs(b.fy - a.fy) < 0.02 ? [view.px0, view.px1] : [Math.min(a.pixel, b.pixel), Math.max(a.pixel, b.pixel)];
      setView(lines[0], lines[1], pixels[0], pixels[1]);
    });
  }

  function fmt(x) { return unit === 's' ? x.toFixed(3) : String(Math.round(x)); }

  function zoomToSeconds(a, b) { setView(a / secondsPerLine, b / secondsPerLine); }

  function drawRois() {
    const layer = document.getElementById('roi-layer');
    layer.replaceChildren();
    const span = view.line1 - view.line0;
    const height = view.px1 - view.px0;
    for (const r of info.rois) {
      const left = (r.y0 - view.line0) / span * 100;
      const right = (r.y1 - view.line0) / span * 100;
      const top = (r.x0 - view.px0) / height * 100;
      const bottom = (r.x1 - view.px0) / height * 100;
      if (right <= 0 || left >= 100 || bottom <= 0 || top >= 100) continue;
      const d = document.createElement('div');
      d.className = 'roi';
      d.style.left = left + '%';
      d.style.width = (right - left) + '%';
      d.style.top = top + '%';
      d.style.height = (bottom - top) + '%';
      d.dataset.roiId = r.roi_id;
      const label = document.createElement('span');
      label.textContent = 'ROI ' + r.roi_id + (r.kind === 'diameter' ? ' (diameter)' : '');
      d.appendChild(label);
      layer.appendChild(d);
    }
  }

  // Lines the kymograph up with the traces' plotting area (uPlot sizes its axes in CSS pixels).
  function alignKymograph(u) {
    const dpr = window.devicePixelRatio || 1;
    const frame = document.getElementById('kymo-frame');
    kymo.style.marginLeft = (u.bbox.left / dpr) + 'px';
    kymo.style.width = (u.bbox.width / dpr) + 'px';
    frame.dataset.aligned = 'true';
  }

  function shadeEvents(events) {
    return u => {
      const ctx = u.ctx;
      ctx.save();
      for (const e of events) {
        if (e.below_score_floor) continue; // weaker than the detector's floor: listed, not shaded as an event
        const end = e.t_end_s === null ? e.t_start_s + secondsPerLine : e.t_end_s;
        const x0 = u.valToPos(e.t_start_s, 'x', true);
        const x1 = u.valToPos(end, 'x', true);
        ctx.fillStyle = EVENT_COLOURS[e.type] || 'rgba(37,99,235,0.18)';
        ctx.fillRect(x0, u.bbox.top, Math.max(3 * (window.devicePixelRatio || 1), x1 - x0), u.bbox.height);
      }
      ctx.restore();
    };
  }

  function zoomToEvent(e) {
    const end = e.t_end_s === null ? e.t_start_s + secondsPerLine : e.t_end_s;
    const pad = Math.max((end - e.t_start_s) * 0.5, 10 * secondsPerLine);
    zoomToSeconds(e.t_start_s - pad, end + pad);
  }

  // kind: 'velocity' (radon's trace, events shaded) or 'diameter' (a diameter ROI's diameter over time)
  function makePlot(trace, stale, kind) {
    const events = trace.events || [];
    const box = document.createElement('div');
    box.className = 'trace';
    box.dataset.roiId = trace.roi_id;
    box.dataset.kind = kind;
    const h = document.createElement('h3');
    h.textContent = 'ROI ' + trace.roi_id + (kind === 'diameter' ? ' diameter, ' : ' (channel ' + trace.channel + ') velocity, ')
      + (trace.units || '')
      + (trace.heart_rate_bpm != null ? ' · heart rate ' + trace.heart_rate_bpm.toFixed(1) + ' bpm' : '')
      + (stale ? ' (stale results)' : '');
    box.appendChild(h);
    document.getElementById('traces').appendChild(box);
    const opts = {
      width: Math.max(300, document.getElementById('traces').clientWidth),
      height: 180,
      scales: { x: { time: false } },
      cursor: { sync: { key: 'kym' }, drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      axes: [{ label: unit === 's' ? 'time (s)' : 'time (lines)' }, { size: 70, label: trace.units || '' }],
      series: [
        { label: unit === 's' ? 'time (s)' : 'line', value: (u, v) => v === null ? '–' : fmt(v) },
        { label: kind, stroke: stale ? '#9ca3af' : kind === 'diameter' ? '#ea580c' : '#2563eb', width: 1, spanGaps: false,
          value: (u, v) => v === null ? '–' : v.toFixed(3) },
      ],
      hooks: {
        draw: [shadeEvents(events)],
        setSelect: [u => {
          if (u !== dragPlot) { u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false); return; }
          const a = u.posToVal(u.select.left, 'x');
          const b = u.posToVal(u.select.left + u.select.width, 'x');
          // with Shift, and editing on, the span is an event a person saw (edit.js); else it zooms
          if (u.select.width > 2 && shiftAtPress && kind === 'velocity' && window.kymAddEvent) window.kymAddEvent(trace.roi_id, a, b);
          else if (u.select.width > 2) zoomToSeconds(a, b);
          u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
        }],
      },
    };
    const u = new uPlot(opts, [trace.time_s, kind === 'diameter' ? trace.diameter : trace.velocity], box);
    u.over.addEventListener('click', ev => {
      const at = u.posToVal(ev.offsetX, 'x');
      const hit = events.find(e => at >= e.t_start_s && at <= (e.t_end_s === null ? e.t_start_s + secondsPerLine : e.t_end_s));
      if (hit) zoomToEvent(hit);
    });
    u.over.addEventListener('dblclick', wholeScan);
    u.over.addEventListener('mousedown', ev => { dragPlot = u; shiftAtPress = ev.shiftKey; });
    plots.push(u);
    return u;
  }

  function listEvents(traces) {
    const holder = document.getElementById('events');
    const all = traces.flatMap(tr => tr.events.map(e => Object.assign({ roi_id: tr.roi_id }, e)));
    if (!all.length) {
      holder.textContent = 'No events.';
      return;
    }
    const table = document.createElement('table');
    table.className = 'events';
    table.innerHTML = '<thead><tr><th>ROI</th><th>event</th><th>type</th><th>start</th><th>end</th></tr></thead>';
    const tb = document.createElement('tbody');
    for (const e of all) {
      const tr = document.createElement('tr');
      const type = e.below_score_floor ? e.type + ' (below the score floor: not counted)' : e.type;
      const cells = [e.roi_id, e.event_id, type, fmt(e.t_start_s), e.t_end_s === null ? '–' : fmt(e.t_end_s)];
      for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.appendChild(td); }
      const td = document.createElement('td');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'event';
      b.textContent = 'zoom';
      b.dataset.eventId = e.event_id;
      b.addEventListener('click', () => zoomToEvent(e));
      td.appendChild(b);
      tr.appendChild(td);
      tb.appendChild(tr);
    }
    table.appendChild(tb);
    holder.replaceChildren(table);
  }

  function showAnalyses(analyses) {
    const holder = document.getElementById('analyses');
    for (const a of analyses) {
      const s = document.createElement('span');
      s.className = 'state ' + (a.state === 'fresh' ? 'fresh' : a.state === 'missing' ? 'missing' : 'stale');
      s.textContent = a.name + ': ' + a.state.replace(/_/g, ' ');
      s.title = a.facts;
      s.dataset.analysis = a.name;
      holder.appendChild(s);
    }
  }

  // The Python app's keys: Enter the whole scan, Left/Right scroll by half a view, Shift+Up/Down the file
  // before or after in file order (the token kept), Ctrl/Cmd+S save (edits are saved as they are made).
  function keys(ev) {
    if (ev.target.closest && ev.target.closest('input, textarea, select')) return;
    const span = view.line1 - view.line0;
    if (ev.key === 'Enter') { wholeScan(); ev.preventDefault(); return; }
    if (ev.key === 'ArrowLeft' && !ev.shiftKey) { setView(Math.max(0, view.line0 - span / 2), Math.max(span, view.line1 - span / 2)); ev.preventDefault(); return; }
    if (ev.key === 'ArrowRight' && !ev.shiftKey) {
      const end = Math.min(info.lines, view.line1 + span / 2);
      setView(end - span, end);
      ev.preventDefault();
      return;
    }
    if ((ev.key === 'ArrowDown' || ev.key === 'ArrowUp') && ev.shiftKey) {
      ev.preventDefault();
      const next = ev.key === 'ArrowDown' ? info.next : info.previous; // in file order, from the server
      if (!next) return;
      const token = new URLSearchParams(location.search).get('token');
      location.href = '/image?id=' + encodeURIComponent(next) + (token ? '&token=' + encodeURIComponent(token) : '');
      return;
    }
    if (ev.key === 's' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault(); // nothing waits to be saved: every edit was saved when it was made
      document.getElementById('view-range').textContent += ' · saved';
    }
  }

  if (!id) {
    notice('No image given: open an image from the dataset page.', true);
    document.body.dataset.ready = 'error';
    return;
  }
  Promise.all([api('/api/images/' + encodeURIComponent(id)), api('/api/images/' + encodeURIComponent(id) + '/traces')])
    .then(([page, traces]) => {
      info = page;
      if (page.seconds_per_line) { secondsPerLine = page.seconds_per_line; unit = 's'; }
      if (page.um_per_pixel) { umPerPixel = page.um_per_pixel; spaceUnit = 'µm'; }
      document.getElementById('title').textContent = (page.file || page.image_id);
      document.title = 'KymFlow · ' + (page.file || page.image_id);
      document.getElementById('facts').textContent = page.image_id + ' · ' + page.lines + ' lines × ' + page.pixels
        + ' pixels · ' + page.dtype + (page.seconds_per_line ? ' · ' + (page.seconds_per_line * 1000).toPrecision(3)
        + ' ms/line, ' + page.um_per_pixel.toPrecision(3) + ' µm/pixel' : ' · no scale in the header: time in lines');
      document.getElementById('space-label').textContent = 'space: ' + page.pixels + ' pixels'
        + (page.um_per_pixel ? ' (' + (page.pixels * page.um_per_pixel).toPrecision(3) + ' µm)' : '') + ', top to bottom; time: left to right';
      for (const [el, v] of [[lo, page.contrast.lo], [hi, page.contrast.hi]]) {
        el.min = page.contrast.min; el.max = page.contrast.max; el.value = v;
        el.addEventListener('input', drawHistogram);
        el.addEventListener('change', () => setView(view.line0, view.line1));
      }
      drawHistogram();
      const cmap = document.getElementById('cmap');
      const log = document.getElementById('log');
      cmap.addEventListener('change', () => { look.cmap = cmap.value; setView(view.line0, view.line1); });
      log.addEventListener('change', () => { look.log = log.checked; setView(view.line0, view.line1); });
      document.getElementById('experiment').textContent = Object.entries(page.experiment || {})
        .map(([k, v]) => k + ': ' + (v === null ? '–' : v)).join(' · ');
      showAnalyses(traces.analyses);
      const state = Object.fromEntries(traces.analyses.map(a => [a.name, a]));
      const radon = state.radon;
      const diameters = traces.diameters || [];
      const velocityRois = page.rois.filter(r => r.kind !== 'diameter');
      if (page.rois.length && !velocityRois.length) {
        // a scan across a vessel: nothing for radon to measure, so nothing to say about it
      } else if (!radon || radon.state === 'missing' || !traces.traces.length) {
        notice('No velocity traces: radon ' + (radon ? 'has not run on this image (' + radon.state.replace(/_/g, ' ') + ')'
          : 'is not installed') + '. Run: kymflow index DATASET radon');
      } else if (radon.state !== 'fresh') {
        notice('radon is stale for this image (' + radon.state.replace(/_/g, ' ') + ': ' + radon.facts
          + '); the traces below are its old results.');
      }
      const events = state.velocity_events;
      if (events && events.state !== 'fresh' && traces.traces.length) {
        notice(events.state === 'missing' ? 'velocity_events has not run on this image: no events are shaded.'
          : 'velocity_events is stale for this image (' + events.state.replace(/_/g, ' ') + '): the events shown are its old results.');
      }
      for (const tr of traces.traces) makePlot(tr, radon && radon.state !== 'fresh', 'velocity');
      const diameter = state.diameter;
      if (diameter && diameter.state !== 'fresh' && diameters.length) {
        notice('diameter is stale for this image (' + diameter.state.replace(/_/g, ' ') + '): the diameters below are its old results.');
      }
      for (const d of diameters) makePlot(d, diameter && diameter.state !== 'fresh', 'diameter');
      if (plots.length) alignKymograph(plots[0]);
      else kymo.style.marginLeft = '4.5rem'; // room for the space axis
      listEvents(traces.traces);
      const tables = document.getElementById('tables');
      for (const tb of page.tables) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = tb.csv;
        a.textContent = tb.name + ' (' + tb.rows + ' rows) as CSV';
        a.setAttribute('download', '');
        li.appendChild(a);
        tables.appendChild(li);
      }
      img.addEventListener('load', () => { document.body.dataset.ready = 'true'; });
      document.getElementById('reset-zoom').addEventListener('click', wholeScan);
      kymo.addEventListener('dblclick', wholeScan);
      window.addEventListener('resize', () => {
        for (const u of plots) u.setSize({ width: Math.max(300, document.getElementById('traces').clientWidth), height: 180 });
        if (plots.length) alignKymograph(plots[0]);
        setView(view.line0, view.line1);
      });
      zoomBox();
      setView(0, page.lines, 0, page.pixels);
      // what the editing script (edit.js, with ?token=) works on; it sets dragMode to 'roi' to draw ROIs
      window.kymPage = { id: id, info: info, view: view, drawRois: drawRois, notice: notice, at: at, band: band, dragMode: 'zoom' };
      window.addEventListener('keydown', keys);
      document.dispatchEvent(new Event('kym-ready'));
    })
    .catch(e => {
      notice('Cannot load this image: ' + e.message, true);
      document.body.dataset.ready = 'error';
    });
})();
