// The playground page: pick a demo member, chat with the bot privately or in the team's group
// chat. Messages go to the same inbound pipeline as Feishu's; the bot's answers arrive through
// the outbound queue, so the page polls its chat for what changed.
import { renderCard, richText } from './cards.js';

const POLL_MS = 700;
const AVATAR_COLORS = ['#3370ff', '#f57a00', '#7f3bf5', '#2ea121'];
const QUICK = ['帮助', '我的客户', '公海', '日报', '报备 张先生 13800138000 住万科城 看床垫 预算5000'];

const $ = (id) => document.getElementById(id);
const state = {
  bot: { id: 'bot', name: '线索助手' },
  team: { name: '', groupChatId: '' },
  members: [],
  memberId: localStorage.getItem('playground.member') ?? '',
  tab: localStorage.getItem('playground.tab') ?? 'dm',
  /** chatId → { entries: Map(id → entry), since: ISO | undefined } */
  chats: new Map(),
  waitingSince: null,
  pollTimer: null,
  loading: false,
};

function member(id) {
  return state.members.find((m) => m.id === id);
}

function currentChatId() {
  const m = member(state.memberId);
  return state.tab === 'group' ? state.team.groupChatId : m?.dmChatId ?? '';
}

function avatar(name, color) {
  const a = document.createElement('span');
  a.className = 'avatar';
  a.style.background = color;
  a.textContent = name.slice(-2);
  return a;
}

function colorOf(senderId) {
  if (senderId === state.bot.id) return '#14a0a0';
  const i = state.members.findIndex((m) => m.id === senderId);
  return AVATAR_COLORS[(i + AVATAR_COLORS.length) % AVATAR_COLORS.length];
}

function nameOf(senderId) {
  if (senderId === state.bot.id) return state.bot.name;
  return member(senderId)?.name ?? senderId;
}

export function toast({ kind = 'info', text }) {
  const t = document.createElement('div');
  t.className = `toast ${kind}`;
  t.textContent = text;
  $('toasts').appendChild(t);
  setTimeout(() => t.remove(), 3500);
}

function confirmDialog(text) {
  return new Promise((resolve) => {
    const modal = $('modal');
    $('modal-text').textContent = text;
    modal.hidden = false;
    const done = (answer) => {
      modal.hidden = true;
      $('modal-ok').onclick = null;
      $('modal-cancel').onclick = null;
      resolve(answer);
    };
    $('modal-ok').onclick = () => done(true);
    $('modal-cancel').onclick = () => done(false);
  });
}

async function api(path, init) {
  const res = await fetch(path, { headers: { 'content-type': 'application/json' }, ...init });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error ?? res.statusText), { status: res.status });
  return body;
}

async function runAction(entry, { action, value, form, confirm, button }) {
  if (confirm && !(await confirmDialog(confirm))) return;
  const card = button.closest('.card');
  card?.querySelectorAll('button').forEach((b) => (b.disabled = true));
  try {
    const res = await api('/playground/api/actions', {
      method: 'POST',
      body: JSON.stringify({ memberId: state.memberId, messageId: entry.id, action, value, ...(form ? { form } : {}) }),
    });
    if (res.toast) toast(res.toast);
    if (res.card) {
      entry.card = res.card;
      entry.rev += 1;
      renderEntry(entry);
    }
    // Effects (notices to others, group posts) come through the queue; look soon.
    state.waitingSince = Date.now();
    schedulePoll(150);
  } catch {
    toast({ kind: 'error', text: '操作失败，请稍后再试' });
  } finally {
    card?.querySelectorAll('button').forEach((b) => (b.disabled = false));
  }
}

function renderEntry(entry) {
  const list = $('messages');
  const existing = list.querySelector(`[data-id="${CSS.escape(entry.id)}"]`);
  const mine = entry.senderId === state.memberId;
  const row = document.createElement('div');
  row.className = `msg${mine ? ' mine' : ''}`;
  row.dataset.id = entry.id;
  row.dataset.sender = entry.senderId;
  row.dataset.rev = String(entry.rev);
  row.appendChild(avatar(nameOf(entry.senderId), colorOf(entry.senderId)));
  const body = document.createElement('div');
  body.className = 'body';
  if (state.tab === 'group' || !mine) body.appendChild(Object.assign(document.createElement('div'), { className: 'sender', textContent: nameOf(entry.senderId) }));
  if (entry.text) body.appendChild(richText(Object.assign(document.createElement('div'), { className: 'bubble' }), entry.text));
  if (entry.card) body.appendChild(renderCard(entry.card, { onAction: (a) => runAction(entry, a), toast }));
  row.appendChild(body);
  if (existing) existing.replaceWith(row);
  else list.insertBefore(row, $('typing'));
}

function renderChat() {
  const list = $('messages');
  list.replaceChildren();
  const chat = state.chats.get(currentChatId());
  const entries = chat ? [...chat.entries.values()] : [];
  const typing = Object.assign(document.createElement('div'), { id: 'typing', className: 'typing', textContent: `${state.bot.name} 正在处理…` });
  typing.hidden = true;
  list.appendChild(typing);
  if (entries.length === 0) {
    const hint = state.tab === 'group' ? `这是「${state.team.name}」的群聊：裁决卡片和团队日报会发到这里。` : '发一条消息开始，例如「帮助」。';
    list.insertBefore(Object.assign(document.createElement('div'), { className: 'empty', textContent: hint }), typing);
  }
  for (const e of entries) renderEntry(e);
  list.scrollTop = list.scrollHeight;
}

function mergeEntries(chatId, entries) {
  const chat = state.chats.get(chatId) ?? { entries: new Map(), since: undefined };
  state.chats.set(chatId, chat);
  const changed = [];
  for (const e of entries) {
    const old = chat.entries.get(e.id);
    // Only a new message or a new card version re-renders: a form being filled stays as it is.
    if (!old || e.rev > old.rev) {
      chat.entries.set(e.id, e);
      changed.push(e);
    }
  }
  return changed;
}

async function poll() {
  const chatId = currentChatId();
  if (!chatId || state.loading) return;
  state.loading = true;
  try {
    const chat = state.chats.get(chatId);
    const q = new URLSearchParams({ memberId: state.memberId });
    if (chat?.since) q.set('since', chat.since);
    const res = await api(`/playground/api/chats/${encodeURIComponent(chatId)}/messages?${q}`);
    if (chatId !== currentChatId()) return;
    const first = !chat;
    const changed = mergeEntries(chatId, res.messages);
    state.chats.get(chatId).since = res.serverTime;
    if (first) renderChat();
    else if (changed.length > 0) {
      $('messages').querySelector('.empty')?.remove();
      const list = $('messages');
      const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
      for (const e of changed) renderEntry(e);
      if (atBottom || changed.some((e) => e.senderId === state.bot.id)) list.scrollTop = list.scrollHeight;
    }
    if (changed.some((e) => e.senderId === state.bot.id)) state.waitingSince = null;
  } catch {
    // The server restarting: try again on the next tick.
  } finally {
    state.loading = false;
    const typing = $('typing');
    if (typing) typing.hidden = !(state.waitingSince && Date.now() - state.waitingSince < 15_000);
  }
}

function schedulePoll(ms = POLL_MS) {
  clearTimeout(state.pollTimer);
  state.pollTimer = setTimeout(async () => {
    await poll();
    schedulePoll();
  }, ms);
}

async function send(text) {
  const chatId = currentChatId();
  if (!text.trim() || !chatId) return;
  try {
    const res = await api(`/playground/api/chats/${encodeURIComponent(chatId)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ memberId: state.memberId, text }),
    });
    $('messages').querySelector('.empty')?.remove();
    mergeEntries(chatId, [res.message]);
    renderEntry(res.message);
    $('messages').scrollTop = $('messages').scrollHeight;
    state.waitingSince = Date.now();
    schedulePoll(200);
  } catch {
    toast({ kind: 'error', text: '发送失败，请稍后再试' });
  }
}

function renderMembers() {
  const box = $('members');
  box.replaceChildren();
  for (const m of state.members) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `member${m.id === state.memberId ? ' active' : ''}`;
    b.dataset.member = m.id;
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(m.id === state.memberId));
    const who = document.createElement('span');
    who.className = 'who';
    who.append(Object.assign(document.createElement('span'), { className: 'name', textContent: m.name }), Object.assign(document.createElement('span'), { className: 'title', textContent: m.title }));
    b.append(avatar(m.name, colorOf(m.id)), who);
    b.addEventListener('click', () => switchTo(m.id, state.tab));
    box.appendChild(b);
  }
  for (const t of document.querySelectorAll('.tab')) t.classList.toggle('active', t.dataset.tab === state.tab);
}

function switchTo(memberId, tab) {
  state.memberId = memberId;
  state.tab = tab;
  state.waitingSince = null;
  localStorage.setItem('playground.member', memberId);
  localStorage.setItem('playground.tab', tab);
  renderMembers();
  renderChat();
  schedulePoll(0);
}

async function start() {
  const info = await api('/playground/api/members');
  state.bot = info.bot;
  state.team = info.team;
  state.members = info.members;
  $('bot-name').textContent = info.bot.name;
  $('team-name').textContent = info.team.name;
  if (!member(state.memberId)) state.memberId = info.members[0].id;
  if (state.tab !== 'group') state.tab = 'dm';
  for (const t of document.querySelectorAll('.tab')) t.addEventListener('click', () => switchTo(state.memberId, t.dataset.tab));
  const quick = $('quick');
  for (const q of QUICK) {
    const chip = Object.assign(document.createElement('button'), { type: 'button', className: 'chip', textContent: q.length > 12 ? `${q.slice(0, 12)}…` : q, title: q });
    chip.addEventListener('click', () => {
      $('text').value = q;
      $('text').focus();
    });
    quick.appendChild(chip);
  }
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value;
    $('text').value = '';
    send(text);
  });
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
  });
  switchTo(state.memberId, state.tab);
}

start().catch(() => toast({ kind: 'error', text: '无法连接到服务，请确认 npm start 正在运行' }));
