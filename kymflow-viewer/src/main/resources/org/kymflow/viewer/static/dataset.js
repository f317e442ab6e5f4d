// The dataset page: one row per image, sortable and filterable, drawn virtually (only the rows on
// screen are in the DOM) so that 5,000 images scroll smoothly.
(function () {
  'use strict';
  const ROW_HEIGHT = 30;
  const body = document.getElementById('table-body');
  const spacer = document.getElementById('table-spacer');
  const head = document.getElementById('table-head');
  const filterBox = document.getElementById('filter');
  let columns = [];
  let all = [];
  let uniqueStems = new Set();
  let shown = [];
  let sortKey = 'file';
  let sortDir = 1;

  function text(s) { return s === null || s === undefined ? '' : String(s); }

  function stateChip(word) {
    const span = document.createElement('span');
    const kind = word === 'fresh' ? 'fresh' : word === 'missing' || word === undefined ? 'missing' : 'stale';
    span.className = 'state ' + kind;
    span.textContent = word === undefined ? 'n/a' : word.replace(/_/g, ' ');
    span.title = word === 'fresh' ? 'up to date' : 'run kymflow index to bring this analysis up to date';
    return span;
  }

  function medians(img) {
    return img.summary.map(s => 'R' + s.roi_id + ' ' + (s.clean_median === null ? '–' : s.clean_median.toFixed(3))
      + (s.units ? ' ' + s.units : '')).join(' · ');
  }

  function events(img) {
    return img.summary.length ? img.summary.reduce((n, s) => n + s.events, 0) : null;
  }

  function buildColumns(analyses) {
    columns = [
      { key: 'file', label: 'File', width: 'minmax(10rem, 2.5fr)', value: i => i.file || i.image_id,
        cell: i => { const s = document.createElement('span'); s.textContent = i.file || i.image_id; s.title = i.image_id; return s; } },
      { key: 'acquired', label: 'Acquired', width: '9.5rem', value: i => i.acquired || '' },
      { key: 'lines', label: 'Lines × pixels', width: '7rem', value: i => i.shape[0], text: i => i.shape.join(' × ') },
      { key: 'rois', label: 'ROIs', width: '3rem', value: i => i.rois },
    ];
    // the experiment metadata of the sidecars (genotype, condition, ...): a column per field any image has
    const fields = [...new Set(all.flatMap(i => Object.keys(i.experiment || {})))].sort();
    for (const f of fields) {
      columns.push({ key: 'experiment:' + f, label: f, width: 'minmax(6rem, 1fr)',
        value: i => { const v = (i.experiment || {})[f]; return v === undefined || v === null ? '' : v; },
        cell: i => { const s = document.createElement('span'); s.textContent = text((i.experiment || {})[f]); s.title = s.textContent; return s; } });
    }
    for (const a of analyses) {
      columns.push({ key: 'state:' + a, label: a, width: 'minmax(5.5rem, 1fr)', value: i => text(i.state[a]),
        cell: i => { const s = document.createElement('span'); s.appendChild(stateChip(i.state[a])); return s; } });
    }
    columns.push({ key: 'median', label: 'Median velocity', width: 'minmax(8rem, 1.5fr)',
      value: i => i.summary.length && i.summary[0].clean_median !== null ? i.summary[0].clean_median : -Infinity, text: medians });
    columns.push({ key: 'events', label: 'Events', width: '3.5rem', value: i => events(i) === null ? -1 : events(i),
      text: i => text(events(i)) });
    document.documentElement.style.setProperty('--cols', columns.map(c => c.width).join(' '));
    // each column's least width (the rem in 'minmax(6rem, 1fr)' or '9.5rem'), gaps and padding: below it, scroll
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const least = columns.reduce((sum, c) => sum + parseFloat(/([0-9.]+)rem/.exec(c.width)[1]), 0) + 0.5 * (columns.length - 1) + 1;
    document.documentElement.style.setProperty('--table-min', (least * rem) + 'px');
    head.replaceChildren();
    for (const c of columns) {
      const s = document.createElement('span');
      s.textContent = c.label;
      s.dataset.sort = c.key;
      s.setAttribute('role', 'columnheader');
      s.addEventListener('click', () => { sortDir = sortKey === c.key ? -sortDir : 1; sortKey = c.key; apply(); });
      head.appendChild(s);
    }
  }

  function apply() {
    const q = filterBox.value.trim().toLowerCase();
    shown = q ? all.filter(i => [i.file, i.image_id, i.acquired, ...Object.values(i.state), ...Object.values(i.experiment || {})]
      .some(v => text(v).toLowerCase().includes(q))) : all.slice();
    const col = columns.find(c => c.key === sortKey) || columns[0];
    shown.sort((a, b) => {
      const x = col.value(a), y = col.value(b);
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : text(x).localeCompare(text(y));
      return cmp !== 0 ? sortDir * cmp : a.image_id.localeCompare(b.image_id);
    });
    for (const s of head.children) {
      if (s.dataset.sort === sortKey) s.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      else s.removeAttribute('aria-sort');
    }
    document.getElementById('image-count').textContent =
      shown.length === all.length ? all.length + ' images' : shown.length + ' of ' + all.length + ' images';
    spacer.style.height = (shown.length * ROW_HEIGHT) + 'px';
    render();
  }

  function rowFor(img, index) {
    const a = document.createElement('a');
    a.className = 'row';
    a.setAttribute('role', 'row');
    a.dataset.imageId = img.image_id;
    // by file name where it names one image (/image/Capillary1_0001), else by id
    const stem = img.file ? img.file.replace(/\.[^.]*$/, '') : null;
    a.href = stem && uniqueStems.has(stem) ? '/image/' + encodeURIComponent(stem) : '/image?id=' + encodeURIComponent(img.image_id);
    a.style.top = (index * ROW_HEIGHT) + 'px';
    for (const c of columns) {
      let cell;
      if (c.cell) cell = c.cell(img);
      else { cell = document.createElement('span'); cell.textContent = c.text ? c.text(img) : text(c.value(img)); }
      cell.setAttribute('role', 'cell');
      a.appendChild(cell);
    }
    return a;
  }

  function render() {
    const first = Math.max(0, Math.floor(body.scrollTop / ROW_HEIGHT) - 10);
    const last = Math.min(shown.length, Math.ceil((body.scrollTop + body.clientHeight) / ROW_HEIGHT) + 10);
    const rows = [spacer];
    for (let i = first; i < last; i++) rows.push(rowFor(shown[i], i));
    body.replaceChildren(...rows);
  }

  let frame = 0;
  body.addEventListener('scroll', () => { if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(); }); });
  window.addEventListener('resize', render);
  filterBox.addEventListener('input', apply);

  fetch('/api/images').then(r => r.json().then(j => ({ ok: r.ok, j }))).then(({ ok, j }) => {
    if (!ok) throw new Error(j.error || 'the server could not list the images');
    document.getElementById('dataset-name').textContent = j.dataset;
    document.title = 'KymFlow · ' + j.dataset;
    all = j.images;
    const counts = new Map();
    for (const img of all) {
      const stem = img.file ? img.file.replace(/\.[^.]*$/, '') : null;
      if (stem) counts.set(stem, (counts.get(stem) || 0) + 1);
    }
    uniqueStems = new Set([...counts].filter(([, n]) => n === 1).map(([stem]) => stem));
    buildColumns(j.analyses);
    apply();
    window.kymReadyMs = performance.now(); // read by the viewer harness: time from navigation to a usable page
    document.body.dataset.ready = 'true';
  }).catch(e => {
    const n = document.getElementById('notice');
    n.hidden = false;
    n.classList.add('error');
    n.textContent = 'Cannot load the dataset: ' + e.message;
    document.body.dataset.ready = 'error';
  });
})();
