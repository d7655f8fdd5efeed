/* The 看板's charts, drawn with ECharts (served by the bot). Each chart writes what it plots into
   its card's data-values, which the browser tests read and screen readers can be given. */
(function () {
  'use strict';
  const instances = new Map();

  function chartOn(el) {
    let c = instances.get(el);
    if (!c) {
      c = echarts.init(el, null, { renderer: 'canvas' });
      instances.set(el, c);
    }
    c.off('click');
    return c;
  }
  window.addEventListener('resize', () => instances.forEach((c) => c.resize()));

  function empty(el, t) {
    const c = instances.get(el);
    if (c) { c.dispose(); instances.delete(el); }
    el.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = t.charts.empty;
    el.appendChild(p);
  }

  const label = (t, kind, key) => (key === '' || key == null ? t.unknown[kind] : key);
  const channelName = (t, c) => t.channels[c] || c;
  const grid = { left: 8, right: 16, top: 32, bottom: 8, containLabel: true };
  const legend = { top: 0, left: 'center' };

  function ranking(el, t, rows, kind, onClick, extra) {
    if (rows.length === 0) return empty(el, t);
    const names = rows.map((r) => label(t, kind, r.key)).reverse();
    const series = [{ name: t.series.n, type: 'bar', data: rows.map((r) => r.n).reverse(), label: { show: true, position: 'right' } }];
    if (extra) series.push({ name: t.series.won, type: 'bar', data: rows.map((r) => r.won).reverse() });
    const c = chartOn(el);
    c.setOption({ grid, tooltip: { trigger: 'axis' }, legend: extra ? legend : undefined, xAxis: { type: 'value' }, yAxis: { type: 'category', data: names }, series }, true);
    c.on('click', (p) => onClick(rows[rows.length - 1 - p.dataIndex]));
  }

  const render = {
    trend(card, data, ctx) {
      const t = ctx.texts;
      const el = card.querySelector('.plot');
      const values = data.points.map((p) => [p.at, p.online, p.offline]);
      card.dataset.values = JSON.stringify(values);
      const c = chartOn(el);
      c.setOption({
        grid, tooltip: { trigger: 'axis' }, legend,
        xAxis: { type: 'category', data: data.points.map((p) => (data.gran === 'hour' ? p.at.slice(5) : p.at)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t.series.online, type: 'line', data: data.points.map((p) => p.online) },
          { name: t.series.offline, type: 'line', data: data.points.map((p) => p.offline) },
        ],
      }, true);
      c.on('click', (p) => ctx.trendClick(data.gran, data.points[p.dataIndex], p.seriesIndex === 0 ? 'online' : 'offline'));
    },
    channels(card, data, ctx) {
      const t = ctx.texts;
      const el = card.querySelector('.plot');
      card.dataset.values = JSON.stringify(data.rows.map((r) => [r.channel, r.n]));
      if (data.rows.length === 0) return empty(el, t);
      const c = chartOn(el);
      c.setOption({
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        series: [{ type: 'pie', radius: ['35%', '65%'], data: data.rows.map((r) => ({ name: channelName(t, r.channel), value: r.n })), label: { formatter: '{b} {d}%' } }],
      }, true);
      c.on('click', (p) => ctx.drill({ dchannel: data.rows[p.dataIndex].channel }, channelName(t, data.rows[p.dataIndex].channel)));
    },
    location(card, data, ctx) {
      const t = ctx.texts;
      const el = card.querySelector('.plot');
      card.dataset.values = JSON.stringify(data.cities.flatMap((c) => c.districts.map((d) => [c.city, d.district, d.n])));
      if (data.cities.length === 0) return empty(el, t);
      const c = chartOn(el);
      c.setOption({
        tooltip: { formatter: (p) => `${p.name}: ${p.value}` },
        series: [{
          type: 'treemap', roam: false, nodeClick: false, breadcrumb: { show: false }, width: '100%', height: '100%',
          levels: [{ itemStyle: { borderWidth: 2, gapWidth: 2 } }, { itemStyle: { gapWidth: 1 } }],
          upperLabel: { show: true, height: 20 },
          data: data.cities.map((city) => ({
            name: label(t, 'city', city.city), value: city.n,
            children: city.districts.map((d) => ({ name: label(t, 'district', d.district), value: d.n, drill: { city: city.city, district: d.district } })),
          })),
        }],
      }, true);
      c.on('click', (p) => {
        const d = p.data && p.data.drill;
        if (d) ctx.drill(d, `${label(t, 'city', d.city)} ${label(t, 'district', d.district)}`);
      });
    },
    products(card, data, ctx) {
      const el = card.querySelector('.plot');
      card.dataset.values = JSON.stringify(data.rows.map((r) => [r.key, r.n]));
      ranking(el, ctx.texts, data.rows, 'product', (r) => ctx.drill({ product: r.key }, label(ctx.texts, 'product', r.key)));
    },
    stores(card, data, ctx) {
      const el = card.querySelector('.plot');
      card.dataset.values = JSON.stringify(data.rows.map((r) => [r.key, r.n, r.won, r.conversionPct]));
      ranking(el, ctx.texts, data.rows.map((r) => ({ ...r, key: r.key })), 'store', (r) => ctx.drill({ dstore: r.key }, label(ctx.texts, 'store', r.key)), true);
      const c = instances.get(el);
      if (c) c.setOption({ tooltip: { trigger: 'axis', formatter: (ps) => { const r = data.rows[data.rows.length - 1 - ps[0].dataIndex]; return `${label(ctx.texts, 'store', r.key)}<br>${ctx.texts.series.n} ${r.n} · ${ctx.texts.series.won} ${r.won} · ${ctx.texts.series.conversion} ${r.conversionPct ?? '-'}%`; } } });
    },
    teams(card, data, ctx) {
      const t = ctx.texts;
      const el = card.querySelector('.plot');
      card.dataset.values = JSON.stringify(data.rows.map((r) => [r.name, r.n, r.sharePct]));
      if (data.rows.length === 0) return empty(el, t);
      const c = chartOn(el);
      c.setOption({
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        series: [{ type: 'pie', radius: '65%', data: data.rows.map((r) => ({ name: r.name, value: r.n })), label: { formatter: '{b} {d}%' } }],
      }, true);
      c.on('click', (p) => ctx.drill({ dteam: data.rows[p.dataIndex].key }, data.rows[p.dataIndex].name));
    },
    funnel(card, data, ctx) {
      const t = ctx.texts;
      const el = card.querySelector('.plot');
      card.dataset.values = JSON.stringify(data.steps.map((s) => [t.stages[s.stage], s.n, s.pctOfPrevious]));
      card.dataset.lost = JSON.stringify(data.lost.map((l) => [l.reason, l.n]));
      if (data.steps[0].n === 0) empty(el, t);
      else {
        const c = chartOn(el);
        c.setOption({
          tooltip: { trigger: 'item', formatter: (p) => { const s = data.steps[p.dataIndex]; return `${t.stages[s.stage]}: ${s.n}${s.pctOfPrevious == null ? '' : ` (${s.pctOfPrevious}%)`}`; } },
          series: [{ type: 'funnel', sort: 'none', minSize: '8%', left: '5%', width: '90%', label: { formatter: (p) => { const s = data.steps[p.dataIndex]; return `${t.stages[s.stage]} ${s.n}${s.pctOfPrevious == null ? '' : ` · ${s.pctOfPrevious}%`}`; } },
            data: data.steps.map((s) => ({ name: t.stages[s.stage], value: s.n })) }],
        }, true);
        c.on('click', (p) => ctx.drill({ stage: String(data.steps[p.dataIndex].stage) }, t.stages[data.steps[p.dataIndex].stage]));
      }
      const lostEl = card.querySelector('[data-part="lost"]');
      ranking(lostEl, t, data.lost.map((l) => ({ key: l.reason, n: l.n, won: 0 })), 'lost', (r) => ctx.drill({ lost: r.key }, label(t, 'lost', r.key)));
    },
    attention(card, data, ctx) {
      const t = ctx.texts;
      const box = card.querySelector('.attention');
      card.dataset.values = JSON.stringify([data.overdue, data.lapsing]);
      box.innerHTML = '';
      for (const kind of ['overdue', 'lapsing']) {
        const k = document.createElement('div');
        k.className = 'kpi link';
        k.dataset.attention = kind;
        k.innerHTML = `<div class="v"></div><div class="l"></div>`;
        k.querySelector('.v').textContent = String(data[kind]);
        k.querySelector('.l').textContent = t.attention[kind];
        k.addEventListener('click', () => ctx.drill({ attention: kind }, t.attention[kind]));
        box.appendChild(k);
      }
    },
    reps(card, data, ctx) {
      const t = ctx.texts;
      const wrap = card.querySelector('.table-wrap');
      card.dataset.values = JSON.stringify(data.rows.map((r) => [r.name, r.n, r.follows, r.milestone, r.won]));
      const table = document.createElement('table');
      const head = t.repColumns.map((h, i) => `<th class="${i > 1 ? 'num' : ''}"></th>`).join('');
      table.innerHTML = `<thead><tr>${head}</tr></thead><tbody></tbody>`;
      table.querySelectorAll('th').forEach((th, i) => (th.textContent = t.repColumns[i]));
      for (const r of data.rows) {
        const tr = document.createElement('tr');
        tr.className = 'link';
        tr.dataset.rep = r.memberId;
        for (const [i, v] of [r.name, r.team, r.n, r.follows, r.milestone, r.won, r.conversionPct == null ? '-' : `${r.conversionPct}%`].entries()) {
          const td = document.createElement('td');
          if (i > 1) td.className = 'num';
          td.textContent = String(v);
          tr.appendChild(td);
        }
        tr.addEventListener('click', () => ctx.drill({ drep: r.memberId }, r.name));
        table.tBodies[0].appendChild(tr);
      }
      wrap.innerHTML = '';
      if (data.rows.length === 0) empty(wrap, t);
      else wrap.appendChild(table);
    },
  };

  window.DashCharts = { render };
})();
