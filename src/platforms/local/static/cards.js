// Renders the platform-free card model (src/cards/model.ts) as HTML: what Feishu's card JSON
// and WeCom's template_card are for the other two adapters. Plain DOM, no build step.

const PALETTE = ['#3370ff', '#2ea121', '#f57a00', '#7f3bf5', '#e63f3f', '#14c0ff', '#ffc60a', '#646a73'];

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Markdown-lite as the model defines it: **bold** and line breaks only. A delimiter is exactly
 * two asterisks: the four of a masked phone (138****8000) are text, even inside bold.
 */
const BOLD = /(?<!\*)\*\*(?!\*)/;
function richText(node, text) {
  String(text).split('\n').forEach((line, i) => {
    if (i > 0) node.appendChild(document.createElement('br'));
    const parts = line.split(BOLD);
    // An unpaired delimiter stays as written.
    if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts[parts.length - 2]}**${parts[parts.length - 1]}`);
    parts.forEach((part, j) => {
      if (part === '') return;
      node.appendChild(j % 2 === 1 ? el('strong', '', part) : document.createTextNode(part));
    });
  });
  return node;
}

function button(spec, onAction, collect) {
  const b = el('button', `btn ${spec.style ?? 'default'}`, spec.text);
  b.type = 'button';
  b.dataset.action = spec.action;
  b.addEventListener('click', async () => {
    const form = collect ? collect() : undefined;
    if (form === null) return; // a required input is empty
    await onAction({ action: spec.action, value: spec.value ?? {}, form, confirm: spec.confirm, button: b });
  });
  return b;
}

function renderFields(fields) {
  const grid = el('div', 'card-fields');
  for (const f of fields) {
    const cell = el('div', 'field');
    cell.appendChild(el('div', 'label', f.label));
    cell.appendChild(richText(el('div', 'value'), f.value));
    grid.appendChild(cell);
  }
  return grid;
}

function renderInput(input) {
  const label = el('label');
  const caption = el('span', '', input.label);
  if (input.required) caption.appendChild(el('span', 'req', ' *'));
  label.appendChild(caption);
  let control;
  if (input.type === 'select') {
    control = el('select');
    const blank = el('option', '', '请选择');
    blank.value = '';
    control.appendChild(blank);
    for (const o of input.options) {
      const opt = el('option', '', o.text);
      opt.value = o.value;
      control.appendChild(opt);
    }
  } else if (input.type === 'date') {
    control = el('input');
    control.type = 'date';
  } else if (input.multiline) {
    control = el('textarea');
    control.rows = 3;
  } else {
    control = el('input');
    control.type = 'text';
  }
  control.name = input.name;
  if (input.placeholder) control.placeholder = input.placeholder;
  // A select keeps 请选择 when the card's value is not one of its options.
  const known = input.type !== 'select' || input.options.some((o) => o.value === input.value);
  if (input.value !== undefined && input.value !== null && known) control.value = input.value;
  label.appendChild(control);
  return { label, control, input };
}

function renderForm(form, onAction, toast) {
  const wrap = el('form', 'card-form');
  wrap.dataset.form = form.name;
  const controls = form.inputs.map(renderInput);
  for (const c of controls) wrap.appendChild(c.label);
  const collect = () => {
    const values = {};
    let missing = null;
    for (const { control, input } of controls) {
      const v = control.value.trim();
      control.classList.toggle('invalid', input.required && v === '');
      if (input.required && v === '' && missing === null) missing = input.label;
      if (v !== '') values[input.name] = v;
    }
    if (missing !== null) {
      toast({ kind: 'warning', text: `请填写「${missing}」` });
      return null;
    }
    return values;
  };
  const actions = el('div', 'card-actions');
  actions.appendChild(button({ ...form.submit, style: form.submit.style ?? 'primary' }, onAction, collect));
  wrap.appendChild(actions);
  wrap.addEventListener('submit', (e) => e.preventDefault());
  return wrap;
}

function renderTable(table) {
  const wrap = el('div', 'card-table-wrap');
  const t = el('table', 'card-table');
  const head = el('tr');
  for (const c of table.columns) head.appendChild(el('th', '', c));
  t.appendChild(el('thead')).appendChild(head);
  const body = el('tbody');
  for (const row of table.rows) {
    const tr = el('tr');
    for (const cell of row) tr.appendChild(richText(el('td'), cell));
    body.appendChild(tr);
  }
  t.appendChild(body);
  wrap.appendChild(t);
  return wrap;
}

function renderChart(chart) {
  const box = el('div', `card-chart ${chart.kind}-chart`);
  box.appendChild(el('div', 'chart-title', chart.title));
  const total = chart.data.reduce((s, d) => s + d.value, 0);
  const max = Math.max(1, ...chart.data.map((d) => d.value));
  if (chart.kind === 'pie' && total > 0) {
    const pie = el('div', 'pie');
    const disc = el('div', 'disc');
    let at = 0;
    const stops = chart.data.map((d, i) => {
      const from = at;
      at += (d.value / total) * 360;
      return `${PALETTE[i % PALETTE.length]} ${from}deg ${at}deg`;
    });
    disc.style.background = `conic-gradient(${stops.join(', ')})`;
    const legend = el('div', 'legend');
    chart.data.forEach((d, i) => {
      const item = el('div');
      const dot = el('i');
      dot.style.background = PALETTE[i % PALETTE.length];
      item.appendChild(dot);
      item.appendChild(document.createTextNode(`${d.label} ${d.value}（${Math.round((d.value / total) * 100)}%）`));
      legend.appendChild(item);
    });
    pie.append(disc, legend);
    box.appendChild(pie);
  } else if (chart.kind === 'line' && chart.data.length > 1) {
    const w = 300;
    const h = 100;
    const pts = chart.data.map((d, i) => `${(i / (chart.data.length - 1)) * w},${h - (d.value / max) * (h - 10) - 5}`);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', pts.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', PALETTE[0]);
    line.setAttribute('stroke-width', '2');
    svg.appendChild(line);
    box.appendChild(svg);
    const labels = el('div', 'labels');
    labels.append(el('span', '', chart.data[0].label), el('span', '', `最高 ${max}`), el('span', '', chart.data[chart.data.length - 1].label));
    box.appendChild(labels);
  } else {
    // Bars: the bar kind itself, and the fallback for an empty pie or a one-point line.
    const bars = el('div', 'bars');
    for (const d of chart.data) {
      const row = el('div', 'bar-row');
      row.appendChild(el('span', 'lbl', d.label));
      const track = el('div', 'track');
      const fill = el('div', 'fill');
      fill.style.width = `${(d.value / max) * 100}%`;
      track.appendChild(fill);
      row.append(track, el('span', 'num', String(d.value)));
      bars.appendChild(row);
    }
    box.appendChild(bars);
  }
  return box;
}

/**
 * card: the model. onAction({action, value, form, confirm, button}) runs a click or a submit.
 * toast({kind, text}) tells the user something (a required input left empty).
 */
export function renderCard(card, { onAction, toast }) {
  const root = el('div', 'card');
  const header = el('div', `card-header ${card.header.color ?? 'blue'}`);
  header.appendChild(el('div', 'title', card.header.title));
  if (card.header.subtitle) header.appendChild(el('div', 'subtitle', card.header.subtitle));
  root.appendChild(header);
  const body = el('div', 'card-body');
  for (const e of card.elements) {
    switch (e.type) {
      case 'text':
        body.appendChild(richText(el('div', 'card-text'), e.text));
        break;
      case 'note':
        body.appendChild(richText(el('div', 'card-note'), e.text));
        break;
      case 'divider':
        body.appendChild(el('hr', 'card-divider'));
        break;
      case 'fields':
        body.appendChild(renderFields(e.fields));
        break;
      case 'actions': {
        const row = el('div', 'card-actions');
        for (const b of e.buttons) row.appendChild(button(b, onAction));
        body.appendChild(row);
        break;
      }
      case 'form':
        body.appendChild(renderForm(e, onAction, toast));
        break;
      case 'table':
        body.appendChild(renderTable(e));
        break;
      case 'chart':
        body.appendChild(renderChart(e));
        break;
      case 'link': {
        const a = el('a', 'card-link', e.text);
        a.href = e.url;
        a.target = '_blank';
        a.rel = 'noopener';
        body.appendChild(a);
        break;
      }
      default:
        break;
    }
  }
  root.appendChild(body);
  return root;
}

export { richText };
