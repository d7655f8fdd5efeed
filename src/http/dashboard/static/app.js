/* The 看板 page: sign-in by link, filters in the URL, one API call per chart, drill-down lists.
   All wording comes from cards/pages/dashboard.json, embedded in the page by the server. */
(function () {
  'use strict';
  const T = JSON.parse(document.getElementById('texts').textContent);
  const API = '/dashboard/api';
  const FIGURES = ['summary', 'trend', 'channels', 'location', 'products', 'stores', 'teams', 'funnel', 'attention', 'reps'];
  const FILTER_KEYS = ['period', 'from', 'to', 'gran', 'store', 'team', 'rep', 'channel', 'online', 'customer', 'level', 'status'];
  const $ = (sel) => document.querySelector(sel);
  let me = null;
  let loadSeq = 0;

  document.title = T.title;
  $('#title').textContent = T.title;
  $('#signout').textContent = T.signIn.signOut;
  $('#list-close').textContent = T.list.close;
  $('#list-more').textContent = T.list.more;
  $('#list-csv').textContent = T.list.csv;
  $('#list-note').textContent = T.list.note;

  function message(text) {
    $('#board').hidden = true;
    const m = $('#message');
    m.hidden = false;
    m.textContent = text;
  }

  async function getJson(path) {
    const res = await fetch(path, { credentials: 'same-origin' });
    const body = await res.json().catch(() => ({}));
    if (res.status === 401) {
      message(T.errors.signed_out);
      throw new Error('signed_out');
    }
    if (!res.ok) throw Object.assign(new Error(body.message || body.error || res.statusText), { shown: true });
    return body;
  }

  function params() {
    return new URLSearchParams(location.search);
  }

  function query(extra) {
    const p = new URLSearchParams();
    for (const [k, v] of params()) if (FILTER_KEYS.includes(k) && v !== '') p.set(k, v);
    for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== '') p.set(k, v);
    return p.toString();
  }

  function setFilters(next) {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (next[k] !== undefined && next[k] !== '') p.set(k, next[k]);
    history.replaceState(null, '', `${location.pathname}?${p.toString()}`);
    syncForm();
    load();
  }

  // ---- filters form ------------------------------------------------------------------------
  function select(name, label, options) {
    const l = document.createElement('label');
    l.textContent = label;
    const s = document.createElement('select');
    s.name = name;
    for (const [value, text] of options) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      s.appendChild(o);
    }
    l.appendChild(s);
    return l;
  }

  function buildForm() {
    const f = $('#filters');
    const F = T.filters;
    const all = ['', F.all];
    f.innerHTML = '';
    f.appendChild(select('period', F.period, Object.entries(F.periods)));
    for (const k of ['from', 'to']) {
      const l = document.createElement('label');
      l.textContent = F[k];
      l.dataset.custom = '1';
      const i = document.createElement('input');
      i.type = 'date';
      i.name = k;
      l.appendChild(i);
      f.appendChild(l);
    }
    f.appendChild(select('gran', F.gran, [['', F.auto], ...Object.entries(F.grans)]));
    if (me.choices.stores.length) f.appendChild(select('store', F.store, [all, ...me.choices.stores.map((s) => [s, s])]));
    if (me.choices.teams.length > 1) f.appendChild(select('team', F.team, [all, ...me.choices.teams.map((t) => [t.id, t.name])]));
    if (me.scope !== 'rep' && me.choices.reps.length) f.appendChild(select('rep', F.rep, [all, ...me.choices.reps.map((r) => [r.id, r.name])]));
    f.appendChild(select('channel', F.channel, [all, ...Object.entries(T.channels)]));
    f.appendChild(select('online', F.online, [all, ...Object.entries(F.onlineValues)]));
    f.appendChild(select('customer', F.customer, [all, ...Object.entries(F.customerValues)]));
    f.appendChild(select('level', F.level, [all, ...T.levels.map((l) => [l, l])]));
    f.appendChild(select('status', F.status, [all, ...Object.entries(T.statuses)]));
    const actions = document.createElement('div');
    actions.className = 'actions';
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.textContent = F.reset;
    reset.addEventListener('click', () => setFilters({}));
    actions.appendChild(reset);
    f.appendChild(actions);
    f.addEventListener('change', () => {
      const next = {};
      for (const el of f.elements) if (el.name) next[el.name] = el.value;
      if (next.period !== 'custom') { delete next.from; delete next.to; }
      setFilters(next);
    });
    syncForm();
  }

  /** The closed filter box reads what is chosen: 近30天 · 抖音 · A. */
  function filterSummary() {
    const F = T.filters;
    const p = params();
    const parts = [];
    const period = p.get('period') || '30d';
    parts.push(period === 'custom' ? `${p.get('from') || ''} ~ ${p.get('to') || ''}` : F.periods[period]);
    for (const el of $('#filters').elements) {
      if (!el.name || ['period', 'from', 'to'].includes(el.name) || !el.value) continue;
      parts.push(el.options ? el.options[el.selectedIndex].textContent : el.value);
    }
    $('#filters-summary').textContent = `${F.title}：${parts.join(' · ')}`;
  }

  function syncForm() {
    const p = params();
    for (const el of $('#filters').elements) if (el.name) el.value = p.get(el.name) || (el.name === 'period' ? '30d' : '');
    const custom = (p.get('period') || '30d') === 'custom';
    for (const l of document.querySelectorAll('[data-custom]')) l.hidden = !custom;
    filterSummary();
  }

  // ---- figures -----------------------------------------------------------------------------
  function summary(data) {
    const S = T.summary;
    const box = $('#summary');
    box.innerHTML = '';
    const items = [
      ['newLeads', data.newLeads],
      ['online', data.onlinePct == null ? '-' : `${data.onlinePct}%`],
      ['milestone', data.milestone],
      ['won', data.won],
      ['conversion', data.conversionPct == null ? '-' : `${data.conversionPct}%`],
    ];
    for (const [k, v] of items) {
      const d = document.createElement('div');
      d.className = 'kpi';
      d.dataset.kpi = k;
      d.innerHTML = '<div class="v"></div><div class="l"></div>';
      d.querySelector('.v').textContent = String(v);
      d.querySelector('.l').textContent = S[k];
      box.appendChild(d);
    }
    box.dataset.values = JSON.stringify(data);
  }

  const ctx = {
    texts: T,
    drill: (d, title) => openList(d, title),
    trendClick(gran, point, side) {
      const p = Object.fromEntries(params());
      if (gran === 'day') setFilters({ ...p, period: 'custom', from: point.at, to: point.at, gran: 'hour' });
      else if (gran === 'hour') {
        const [day, hour] = point.at.split(' ');
        openList({ day, hour: String(Number(hour)), donline: side }, `${point.at}:00 ${T.series[side]}`);
      } else if (gran === 'week') {
        const end = new Date(`${point.at}T00:00:00Z`);
        end.setUTCDate(end.getUTCDate() + 6);
        setFilters({ ...p, period: 'custom', from: point.at, to: end.toISOString().slice(0, 10), gran: 'day' });
      } else {
        const [y, m] = point.at.split('-').map(Number);
        const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
        setFilters({ ...p, period: 'custom', from: `${point.at}-01`, to: last, gran: 'day' });
      }
    },
  };

  async function load() {
    const seq = ++loadSeq;
    $('#error').hidden = true;
    const q = query();
    document.body.dataset.loading = String(FIGURES.length);
    let left = FIGURES.length;
    await Promise.all(
      FIGURES.map(async (name) => {
        try {
          const data = await getJson(`${API}/figures/${name}?${q}`);
          if (seq !== loadSeq) return;
          if (name === 'summary') summary(data);
          else {
            const card = document.querySelector(`[data-figure="${name}"]`);
            window.DashCharts.render[name](card, data, ctx);
            card.dataset.loaded = q;
          }
        } catch (err) {
          if (seq !== loadSeq || err.message === 'signed_out') return;
          const e = $('#error');
          e.hidden = false;
          e.textContent = err.message;
        } finally {
          if (seq === loadSeq) document.body.dataset.loading = String(--left);
        }
      }),
    );
  }

  // ---- drill-down list ---------------------------------------------------------------------
  let listState = null;
  async function openList(drill, title) {
    const q = query(drill);
    listState = { q, offset: 0 };
    $('#list-title').textContent = `${T.list.title} · ${title}`;
    $('#list-csv').href = `${API}/leads.csv?${q}`;
    const head = $('#list-table thead');
    head.innerHTML = '<tr></tr>';
    for (const c of T.list.columns) {
      const th = document.createElement('th');
      th.textContent = c;
      head.rows[0].appendChild(th);
    }
    $('#list-table tbody').innerHTML = '';
    $('#list').hidden = false;
    await more();
  }

  async function more() {
    const s = listState;
    const data = await getJson(`${API}/leads?${s.q}&limit=50&offset=${s.offset}`);
    if (s !== listState) return;
    s.offset += data.rows.length;
    $('#list-count').textContent = T.list.count.replace('{{total}}', data.more ? `${data.total}+` : String(data.total));
    const body = $('#list-table tbody');
    for (const r of data.rows) {
      const tr = document.createElement('tr');
      const at = new Date(r.registeredAt);
      const cells = [r.name, r.phone, r.owner || T.unknown.rep, r.team, r.store, T.channels[r.channel] || r.channel, r.level, T.statuses[r.status] || r.status, r.product,
        [r.city, r.district].filter(Boolean).join(' '), at.toLocaleString('zh-CN', { hour12: false, timeZone: me.timeZone })];
      for (const c of cells) {
        const td = document.createElement('td');
        td.textContent = c;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    $('#list-more').hidden = s.offset >= data.total;
    $('#list').dataset.total = String(data.total);
  }

  $('#list-more').addEventListener('click', () => more());
  $('#list-close').addEventListener('click', () => { $('#list').hidden = true; listState = null; });
  $('#signout').addEventListener('click', async () => {
    await fetch(`${API}/signout`, { method: 'POST', credentials: 'same-origin' });
    message(T.errors.signed_out);
  });

  // ---- start -------------------------------------------------------------------------------
  async function start() {
    const p = params();
    const token = p.get('t');
    if (token) {
      message(T.signIn.signingIn);
      p.delete('t');
      // The token leaves the address bar (and history) before anything else happens.
      history.replaceState(null, '', `/dashboard${p.toString() ? `?${p}` : ''}`);
      const res = await fetch(`${API}/signin`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        message(T.signIn.refused[body.error] || T.signIn.refused.unknown);
        document.body.dataset.signin = body.error || 'refused';
        return;
      }
    }
    const res = await fetch(`${API}/me`, { credentials: 'same-origin' });
    if (!res.ok) {
      message(T.signIn.needLink);
      document.body.dataset.signin = 'none';
      return;
    }
    me = await res.json();
    document.body.dataset.signin = 'ok';
    $('#who').textContent = `${me.name} · ${T.scope[me.scope]}`;
    $('#signout').hidden = false;
    $('#message').hidden = true;
    $('#board').hidden = false;
    for (const card of document.querySelectorAll('.card')) {
      const name = card.dataset.figure;
      card.querySelector('h2').textContent = T.charts[name];
      const h3 = card.querySelector('h3');
      if (h3) h3.textContent = T.charts.lost;
    }
    $('[data-figure="trend"] .hint').textContent = T.charts.trendHint;
    // Open on a wide screen; on a phone the charts come first.
    $('#filters-box').open = window.matchMedia('(min-width: 760px)').matches;
    buildForm();
    await load();
  }

  start();
})();
