// callpark live board (docs/board.md). Plain browser JavaScript, no build step, nothing loaded from
// elsewhere. The JSON API is the truth: an event from the stream only says which slot changed, and the
// board asks the API for that slot again. Text that comes from calls (caller ID names and numbers are
// chosen by whoever calls) is only ever set with textContent: nothing here parses data as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'callpark.board.token';
  const EXTENSION_KEY = 'callpark.board.extension';
  const SVG = 'http://www.w3.org/2000/svg'; // a namespace name, not something fetched
  const FLUSH_MS = 100;        // events for the same slots within this are fetched once
  const LOT_FETCH_OVER = 4;    // more dirty slots than this in one lot: fetch the whole lot
  const REFRESH_MS = 30000;    // full refresh even when the stream is quiet (belt and braces)
  const STATS_MS = 60000;
  const CONFIRM_MS = 4000;

  const $ = (id) => document.getElementById(id);
  const board = {
    token: null,
    lots: [],             // names, in the API's order
    lamps: new Map(),     // "lot\u0000slot" -> lamp
    source: null,
    dirty: new Map(),     // lot -> Set of slots
    flushTimer: 0,
    statsTimer: 0,
    retrieving: null,     // the lamp the dialog is for
  };

  // ---- tokens --------------------------------------------------------------------------------------

  /** A token handed over in the fragment (#token=...) is stored and removed from the address bar. */
  function takeTokenFromFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const t = params.get('token');
    if (!t) return false;
    localStorage.setItem(TOKEN_KEY, t.trim());
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
    return true;
  }

  function askForToken(message) {
    stopStream();
    board.token = null;
    $('token-form').hidden = false;
    if (message) notice(message, 'error');
    $('token-input').focus();
  }

  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = $('token-input').value.trim();
    if (!t) return;
    localStorage.setItem(TOKEN_KEY, t);
    document.body.removeAttribute('data-view-only');
    $('token-input').value = '';
    $('token-form').hidden = true;
    notice('');
    start();
  });
  $('token-button').addEventListener('click', () => {
    const form = $('token-form');
    form.hidden = !form.hidden;
    if (!form.hidden) $('token-input').focus();
  });
  $('token-forget').addEventListener('click', () => {
    localStorage.removeItem(TOKEN_KEY);
    document.body.removeAttribute('data-view-only');
    askForToken('Token forgotten.');
  });

  // ---- API -----------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem && problem.detail ? problem.detail : 'HTTP ' + status);
      this.status = status;
      this.problem = problem;
    }
  }

  const RATE_RETRIES = 3;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** One API call; a 429 is waited out (Retry-After) and tried again a few times before it counts as failed. */
  async function api(method, path, body) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await apiOnce(method, path, body);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 429 || attempt >= RATE_RETRIES) throw e;
        await sleep(Math.min(30, Math.max(1, e.retryAfter || 1)) * 1000);
      }
    }
  }

  async function apiOnce(method, path, body) {
    const headers = { Authorization: 'Bearer ' + board.token, Accept: 'application/json' };
    const init = { method, headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, { detail: 'the node did not answer (' + e.message + ')' });
    }
    let json = null;
    try {
      json = await res.json();
    } catch (e) {
      json = null;
    }
    if (!res.ok) {
      const err = new ApiError(res.status, json);
      err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
      if (res.status === 401) askForToken('The node refused the token: ' + err.message);
      throw err;
    }
    return json;
  }

  const enc = encodeURIComponent;
  const slotPath = (lot, slot) => '/api/lots/' + enc(lot) + '/slots/' + enc(slot);

  // ---- lamps ---------------------------------------------------------------------------------------

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function key(lot, slot) {
    return lot + '\u0000' + slot;
  }

  function newLamp(lot, slot) {
    const root = el('article', 'lamp');
    root.dataset.lot = lot;
    root.dataset.slot = slot;
    root.dataset.state = 'empty';
    const head = el('div', 'lamp-head');
    const light = el('span', 'light');
    light.setAttribute('aria-hidden', 'true');
    const stateWord = el('span', 'state-word', 'empty');
    head.append(light, el('span', 'slot-no', slot), stateWord);
    const caller = el('div', 'caller');
    const name = el('span', 'caller-name');
    const number = el('span', 'caller-number');
    caller.append(name, number);
    const timer = el('div', 'timer', '');
    timer.setAttribute('aria-label', 'time parked');
    const meta = el('div', 'meta');
    const actions = el('div', 'actions');
    const retrieve = el('button', 'retrieve', 'Retrieve');
    retrieve.type = 'button';
    const escalate = el('button', 'escalate', 'Escalate');
    escalate.type = 'button';
    actions.append(retrieve, escalate);
    root.append(head, caller, timer, meta, actions);
    const lamp = { lot, slot, root, stateWord, name, number, timer, meta, retrieve, escalate,
      call: null, fetchedAt: 0, gen: 0, confirmTimer: 0 };
    retrieve.addEventListener('click', () => openRetrieve(lamp));
    escalate.addEventListener('click', () => escalateClicked(lamp));
    return lamp;
  }

  /** Shows {@code view} (a slot as the API gives it) on its lamp. */
  function show(lamp, view) {
    const state = view.state || 'empty';
    const call = state === 'empty' ? null : view.call || null;
    lamp.root.dataset.state = state;
    lamp.stateWord.textContent = state;
    lamp.call = call;
    lamp.fetchedAt = performance.now();
    lamp.name.textContent = call ? call.callerIdName || '' : '';
    lamp.number.textContent = call ? call.callerIdNumber || '' : '';
    lamp.root.title = call ? 'Slot ' + lamp.slot + ': ' + (call.callerIdName || '') + ' ' + (call.callerIdNumber || '') : '';
    const meta = [];
    if (call && call.parker) meta.push('by ' + call.parker);
    if (call && call.escalation && state !== 'parked') meta.push(call.escalation.name);
    lamp.meta.textContent = meta.join(' · ');
    lamp.retrieve.disabled = !call;
    lamp.escalate.disabled = !call;
    resetConfirm(lamp);
    tickLamp(lamp);
  }

  function tickLamp(lamp) {
    if (!lamp.call) {
      lamp.timer.textContent = '';
      return;
    }
    const base = Number(lamp.call.parkedSeconds) || 0;
    lamp.timer.textContent = duration(base + Math.floor((performance.now() - lamp.fetchedAt) / 1000));
  }

  function duration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + ss : m + ':' + ss;
  }

  function summarise(lot) {
    const section = document.querySelector('section.lot[data-lot="' + CSS.escape(lot) + '"]');
    if (!section) return;
    let busy = 0;
    let total = 0;
    for (const lamp of board.lamps.values()) {
      if (lamp.lot !== lot) continue;
      total++;
      if (lamp.root.dataset.state !== 'empty') busy++;
    }
    section.querySelector('.lot-summary').textContent = busy + ' of ' + total + ' slots in use';
  }

  // ---- loading -------------------------------------------------------------------------------------

  /** Lots, then every slot of each: the lamps are rebuilt when the set of lots or slots changed. */
  async function refreshAll() {
    const { lots } = await api('GET', '/api/lots');
    const names = lots.map((l) => l.name);
    if (names.join('\u0000') !== board.lots.join('\u0000')) {
      board.lots = names;
      board.lamps.clear();
      const container = $('lots');
      container.replaceChildren();
      for (const lot of lots) {
        const section = el('section', 'lot');
        section.dataset.lot = lot.name;
        const head = el('div', 'lot-head');
        head.append(el('h2', '', 'Lot ' + lot.name), el('span', 'lot-summary', ''),
          el('span', 'lot-summary-range', lot.slots.from + '–' + lot.slots.to));
        const grid = el('div', 'slots');
        section.append(head, grid);
        container.append(section);
      }
    }
    await Promise.all(names.map((lot) => refreshLot(lot)));
  }

  async function refreshLot(lot) {
    const issued = new Map();
    for (const lamp of board.lamps.values()) {
      if (lamp.lot === lot) issued.set(lamp.slot, ++lamp.gen);
    }
    const body = await api('GET', '/api/lots/' + enc(lot) + '/slots?empty=true');
    const section = document.querySelector('section.lot[data-lot="' + CSS.escape(lot) + '"]');
    if (!section) return;
    const grid = section.querySelector('.slots');
    for (const view of body.slots) {
      let lamp = board.lamps.get(key(lot, view.slot));
      if (!lamp) {
        lamp = newLamp(lot, view.slot);
        board.lamps.set(key(lot, view.slot), lamp);
        grid.append(lamp.root);
      } else if (issued.get(view.slot) !== lamp.gen) {
        continue; // a newer fetch of this slot is on its way
      }
      show(lamp, view);
    }
    summarise(lot);
  }

  async function refreshSlot(lamp) {
    const gen = ++lamp.gen;
    const view = await api('GET', slotPath(lamp.lot, lamp.slot));
    if (gen === lamp.gen) {
      show(lamp, view);
      summarise(lamp.lot);
    }
  }

  function markDirty(lot, slot) {
    if (!board.lamps.has(key(lot, slot))) {
      schedule(() => refreshAll()); // a lot or slot the board has not seen: start over
      return;
    }
    if (!board.dirty.has(lot)) board.dirty.set(lot, new Set());
    board.dirty.get(lot).add(slot);
    if (!board.flushTimer) board.flushTimer = setTimeout(flush, FLUSH_MS);
  }

  function flush() {
    board.flushTimer = 0;
    const dirty = board.dirty;
    board.dirty = new Map();
    for (const [lot, slots] of dirty) {
      if (slots.size > LOT_FETCH_OVER) {
        schedule(() => refreshLot(lot));
      } else {
        for (const slot of slots) schedule(() => refreshSlot(board.lamps.get(key(lot, slot))));
      }
    }
  }

  /** Runs an API job; a failure other than 401 (handled in api) becomes a notice. */
  function schedule(job) {
    if (!board.token) return;
    job().catch((e) => {
      if (e instanceof ApiError && e.status === 401) return;
      notice(e.message, 'error');
    });
  }

  // ---- event stream --------------------------------------------------------------------------------

  function startStream() {
    stopStream();
    // EventSource cannot send an Authorization header; the stream alone takes ?access_token= (RFC 6750 2.3).
    const src = new EventSource('/api/events/stream?access_token=' + enc(board.token));
    board.source = src;
    connection('connecting');
    src.onopen = () => {
      connection('live');
      // Read every slot once the stream is open, so no change falls between the read and the stream;
      // after a reconnection this also catches up with whatever happened while it was down.
      schedule(() => refreshAll());
    };
    src.onmessage = (m) => {
      let e;
      try {
        e = JSON.parse(m.data);
      } catch (err) {
        return;
      }
      if (e.lot && e.slot) markDirty(e.lot, e.slot);
      statsSoon();
    };
    src.onerror = () => {
      if (src.readyState === EventSource.CLOSED) {
        // The browser gave up (a 401, 429 or 503 answer): ask the API why (a 401 asks for a new token),
        // then open the stream again a little later.
        connection('offline');
        schedule(async () => {
          try {
            await api('GET', '/api/lots');
          } finally {
            setTimeout(() => { if (board.token && board.source === src) startStream(); }, 5000);
          }
        });
      } else {
        connection('reconnecting');
      }
    };
  }

  function stopStream() {
    if (board.source) board.source.close();
    board.source = null;
    connection('offline');
  }

  function connection(state) {
    const c = $('conn');
    c.dataset.state = state;
    c.textContent = state;
  }

  // ---- actions -------------------------------------------------------------------------------------

  function openRetrieve(lamp) {
    if (!lamp.call) return;
    board.retrieving = lamp;
    $('retrieve-what').textContent = 'slot ' + lamp.slot;
    $('retrieve-caller').textContent = [lamp.call.callerIdName, lamp.call.callerIdNumber].filter(Boolean).join(' · ');
    $('retrieve-error').textContent = '';
    $('retrieve-ok').disabled = false;
    $('retrieve-ok').textContent = 'Ring and connect';
    $('retrieve-ext').value = localStorage.getItem(EXTENSION_KEY) || '';
    $('retrieve-dialog').showModal();
    $('retrieve-ext').focus();
  }

  $('retrieve-cancel').addEventListener('click', () => $('retrieve-dialog').close());
  $('retrieve-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const lamp = board.retrieving;
    const ext = $('retrieve-ext').value.trim();
    if (!lamp || !ext) return;
    localStorage.setItem(EXTENSION_KEY, ext);
    const ok = $('retrieve-ok');
    ok.disabled = true;
    ok.textContent = 'Ringing ' + ext + '…';
    try {
      await api('POST', slotPath(lamp.lot, lamp.slot) + '/retrieve', { extension: ext });
      $('retrieve-dialog').close();
      notice('Slot ' + lamp.slot + ' connected to ' + ext + '.');
      markDirty(lamp.lot, lamp.slot);
    } catch (err) {
      if (err.status === 403) viewOnly();
      $('retrieve-error').textContent = err.message;
      ok.disabled = false;
      ok.textContent = 'Ring and connect';
    }
  });

  function escalateClicked(lamp) {
    if (!lamp.call) return;
    if (!lamp.escalate.dataset.confirm) {
      lamp.escalate.dataset.confirm = '1';
      lamp.escalate.textContent = 'Escalate now?';
      lamp.confirmTimer = setTimeout(() => resetConfirm(lamp), CONFIRM_MS);
      return;
    }
    resetConfirm(lamp);
    lamp.escalate.disabled = true;
    schedule(async () => {
      try {
        const r = await api('POST', slotPath(lamp.lot, lamp.slot) + '/escalate');
        notice('Slot ' + lamp.slot + ': escalated (' + r.step + ').');
      } catch (err) {
        if (err.status === 403) viewOnly();
        throw err;
      } finally {
        markDirty(lamp.lot, lamp.slot);
      }
    });
  }

  function resetConfirm(lamp) {
    clearTimeout(lamp.confirmTimer);
    delete lamp.escalate.dataset.confirm;
    lamp.escalate.textContent = 'Escalate';
  }

  function viewOnly() {
    document.body.dataset.viewOnly = '';
    notice('This token may only read: retrieve and escalate need an operator token.', 'error');
  }

  function notice(text, kind) {
    const n = $('notice');
    n.textContent = text || '';
    n.hidden = !text;
    if (kind) n.dataset.kind = kind;
    else delete n.dataset.kind;
  }

  // ---- statistics ----------------------------------------------------------------------------------

  function statsSoon() {
    if (board.statsTimer) return;
    board.statsTimer = setTimeout(() => {
      board.statsTimer = 0;
      schedule(refreshStats);
    }, 2000);
  }

  async function refreshStats() {
    const body = await api('GET', '/api/stats?window=hour&buckets=24');
    const out = $('stats-lots');
    out.replaceChildren();
    for (const lot of body.lots) out.append(statCard(lot));
    $('stats').hidden = body.lots.length === 0;
  }

  function statCard(lot) {
    const card = el('article', 'stat-card');
    card.dataset.lot = lot.lot;
    card.append(el('h3', '', 'Lot ' + lot.lot));
    const t = lot.total;
    const wait = t.waitBeforeRetrieval;
    const figures = el('dl', 'figures');
    const fig = (label, value) => {
      const d = el('div');
      d.append(el('dt', '', label), el('dd', '', String(value)));
      figures.append(d);
    };
    fig('parked', t.parked);
    fig('retrieved', t.retrieved);
    fig('abandoned', t.abandoned);
    fig('timed out', t.timedOut);
    fig('escalated', t.escalated);
    fig('mean wait', wait.count ? duration(wait.averageSeconds) : '–');
    fig('p90 wait', wait.count ? duration(wait.p90Seconds) : '–');
    card.append(figures);
    const hours = lot.buckets.slice().reverse(); // oldest first, left to right
    card.append(el('p', 'chart-label', 'Parked (grey) and retrieved (green) per hour'));
    card.append(barChart(hours.map((b) => ({ total: b.parked, part: b.retrieved,
      label: b.start.slice(11, 16) + ': ' + b.parked + ' parked, ' + b.retrieved + ' retrieved' })), 'bar-parked', 'bar-retrieved'));
    card.append(el('p', 'chart-label', 'Wait before retrieval'));
    const bounds = wait.histogram;
    card.append(barChart(bounds.map((h) => ({ total: h.count, part: 0,
      label: (h.upToSeconds == null ? 'longer' : 'up to ' + duration(h.upToSeconds)) + ': ' + h.count })), 'bar-wait', null));
    const ticks = el('div', 'ticks');
    const tick = (h) => (h.upToSeconds == null ? 'longer' : '≤ ' + duration(h.upToSeconds));
    ticks.append(el('span', '', tick(bounds[0])), el('span', '', tick(bounds[Math.floor(bounds.length / 2)])),
      el('span', '', tick(bounds[bounds.length - 1])));
    card.append(ticks);
    return card;
  }

  /** A small bar chart as SVG elements; each bar's tooltip (an SVG title) is set as text. */
  function barChart(bars, totalClass, partClass) {
    const W = 240;
    const H = 60;
    const plotH = H;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'chart');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    const max = Math.max(1, ...bars.map((b) => b.total));
    const step = W / Math.max(1, bars.length);
    bars.forEach((b, i) => {
      const g = document.createElementNS(SVG, 'g');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = b.label;
      g.append(title);
      const rect = (cls, value) => {
        const h = Math.max(value > 0 ? 1.5 : 0.5, (value / max) * (plotH - 2));
        const r = document.createElementNS(SVG, 'rect');
        r.setAttribute('class', cls);
        r.setAttribute('x', String(i * step + step * 0.12));
        r.setAttribute('width', String(step * 0.76));
        r.setAttribute('y', String(plotH - h));
        r.setAttribute('height', String(h));
        g.append(r);
      };
      rect(totalClass, b.total);
      if (partClass && b.part > 0) rect(partClass, b.part);
      svg.append(g);
    });
    return svg;
  }

  // ---- start ---------------------------------------------------------------------------------------

  function start() {
    board.token = localStorage.getItem(TOKEN_KEY);
    if (!board.token) {
      askForToken('');
      return;
    }
    $('token-form').hidden = true;
    startStream(); // its onopen reads the lots and slots
    schedule(refreshStats);
  }

  setInterval(() => {
    $('clock').textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    for (const lamp of board.lamps.values()) tickLamp(lamp);
  }, 1000);
  setInterval(() => { if (board.token) schedule(() => refreshAll()); }, REFRESH_MS);
  setInterval(() => { if (board.token) schedule(refreshStats); }, STATS_MS);

  // A board already open takes a new token from a link too (#token=... is a same-page navigation).
  window.addEventListener('hashchange', () => {
    if (takeTokenFromFragment()) {
      document.body.removeAttribute('data-view-only');
      notice('');
      start();
    }
  });
  takeTokenFromFragment();
  start();
})();
