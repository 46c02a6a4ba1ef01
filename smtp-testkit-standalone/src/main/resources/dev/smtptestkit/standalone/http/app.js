// The smtp-testkit web page: a live list of emails and a view of one. No framework, no build step.
// Everything an email supplies is put in the page as text (textContent), never as markup; its HTML
// goes only into the sandboxed frame.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { selected: null, email: null, remote: false, filter: '' };

// Blocks scripts and anything remote inside the frame; the frame's sandbox="" blocks scripts too.
const BLOCKED = "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:";
const REMOTE = "default-src 'none'; img-src data: cid: http: https:; style-src 'unsafe-inline' http: https:; "
  + "font-src data: http: https:";

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

async function getJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error((await r.json()).error);
  return r.json();
}

async function loadList() {
  const q = state.filter;
  // one box filters on recipient, sender or subject: ask for each and merge, newest first
  const lists = q ? await Promise.all(['to', 'from', 'subject'].map((f) =>
    getJson('/api/emails?limit=200&' + f + '=' + encodeURIComponent(q)))) : [await getJson('/api/emails?limit=200')];
  const seen = new Map();
  lists.forEach((l) => l.emails.forEach((e) => seen.set(e.id, e)));
  const emails = [...seen.values()].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const total = lists[0].total;
  $('count').textContent = q ? emails.length + ' matching' : total + (total === 1 ? ' email' : ' emails');
  const list = $('list');
  list.replaceChildren(...emails.map((e) => {
    const li = el('li');
    li.dataset.id = e.id;
    if (e.id === state.selected) li.classList.add('selected');
    li.append(el('div', e.subject || '(no subject)', 'subject'),
      el('div', 'From ' + (e.from[0] || e.sender || '<>') + ' to ' + e.recipients.join(', '), 'meta'),
      el('div', new Date(e.receivedAt).toLocaleString() + ' · ' + e.size + ' bytes'
        + (e.attachments ? ' · ' + e.attachments + ' attachment(s)' : ''), 'meta'));
    li.addEventListener('click', () => open(e.id));
    return li;
  }));
}

async function open(id) {
  state.selected = id;
  state.remote = false;
  const pane = $('detail-pane');
  pane.dataset.state = 'loading';
  const email = await getJson('/api/emails/' + encodeURIComponent(id));
  if (state.selected !== id) return; // another email was opened meanwhile
  state.email = email;
  document.querySelectorAll('#list li').forEach((li) => li.classList.toggle('selected', li.dataset.id === id));
  pane.hidden = false;
  document.querySelector('main').classList.add('open');
  showTab(email.html !== null ? 'html' : 'text');
  $('subject').textContent = email.subject || '(no subject)';
  showEnvelope(email);
  $('tab-text').textContent = email.text === null ? '(no text part)' : email.text;
  $('tab-headers').tBodies[0].replaceChildren(...email.headers.map((h) => {
    const tr = el('tr');
    tr.append(el('td', h.name), el('td', h.value));
    return tr;
  }));
  $('tab-parts').replaceChildren(...(email.parts.length ? email.parts.map((p) => {
    const li = el('li');
    const a = el('a', p.fileName || '(no name)');
    a.href = p.url;
    a.setAttribute('download', p.fileName || '');
    li.append(a, el('span', ' ' + p.contentType + ', ' + p.size + ' bytes' + (p.inline ? ', inline' : '')));
    return li;
  }) : [el('li', 'No attachments.')]));
  $('tab-raw').textContent = '';
  $('dialogue').replaceChildren();
  $('violations').replaceChildren();
  await showHtml();
  const raw = await (await fetch('/api/emails/' + encodeURIComponent(id) + '/raw')).text();
  const session = await getJson('/api/emails/' + encodeURIComponent(id) + '/session');
  if (state.selected !== id) return;
  $('tab-raw').textContent = raw;
  showDialogue(session);
  pane.dataset.state = 'ready';
}

function showEnvelope(email) {
  const dl = $('envelope');
  const row = (name, ...values) => { dl.append(el('dt', name)); const dd = el('dd'); dd.append(...values); dl.append(dd); };
  dl.replaceChildren();
  row('Envelope from', email.envelope.sender || '<> (bounce)');
  const rcpts = email.envelope.recipients.map((r, i) => {
    const span = el('span', (i ? ', ' : '') + r.address);
    if (r.bcc) span.append(el('span', 'Bcc', 'badge'));
    return span;
  });
  row('Envelope to', ...rcpts);
  row('From', email.from.join(', '));
  row('To', email.to.join(', ') || '(none)');
  if (email.cc.length) row('Cc', email.cc.join(', '));
  row('Received', new Date(email.receivedAt).toLocaleString() + ' · ' + email.size + ' bytes · session '
    + email.sessionId + ' · ' + email.envelope.clientAddress);
  if (email.parseError) row('Parse error', email.parseError);
}

// cid: references become data: URLs of the email's own inline parts, so they show while blocked
async function inlineImages(html, email) {
  for (const p of email.parts) {
    if (!p.contentId || !html.includes('cid:' + p.contentId)) continue;
    const blob = await (await fetch(p.url)).blob();
    const url = await new Promise((done) => {
      const reader = new FileReader();
      reader.onload = () => done(String(reader.result).replace(/^data:[^;,]*/, 'data:' + p.contentType));
      reader.readAsDataURL(blob);
    });
    html = html.split('cid:' + p.contentId).join(url);
  }
  return html;
}

async function showHtml() {
  const email = state.email;
  const frame = $('html-frame');
  frame.setAttribute('sandbox', ''); // no scripts, no forms, no popups, an opaque origin
  if (email.html === null) {
    frame.srcdoc = '<p>(no HTML part)</p>';
    return;
  }
  const policy = state.remote ? REMOTE : BLOCKED;
  const meta = '<meta http-equiv="Content-Security-Policy" content="' + policy + '">';
  frame.srcdoc = meta + await inlineImages(email.html, email);
  $('remote-note').textContent = state.remote ? 'Remote content is loaded.' : 'Remote content is blocked.';
  $('load-remote').hidden = state.remote;
}

function showDialogue(session) {
  const bad = new Set(session.violations.map((v) => v.line));
  $('violations').replaceChildren(...session.violations.map((v) =>
    el('li', v.description + ' (' + v.reference + '): ' + v.line)));
  $('dialogue').replaceChildren(...session.dialogue.map((l) => {
    const prefix = l.direction === 'CLIENT' ? 'C: ' : 'S: ';
    let cls = l.direction === 'CLIENT' ? 'c' : 's';
    if (l.direction === 'CLIENT' && bad.has(l.text)) cls += ' violation';
    return el('div', prefix + l.text, cls);
  }));
}

function showTab(name) {
  document.querySelectorAll('#tabs button[data-tab]').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.id === 'tab-' + name));
}

function connect() {
  const source = new EventSource('/api/events/stream');
  source.onopen = () => { $('live').textContent = 'live'; $('live').classList.remove('off'); };
  source.onerror = () => { $('live').textContent = 'offline'; $('live').classList.add('off'); };
  source.onmessage = (m) => {
    const event = JSON.parse(m.data);
    if (event.type === 'EmailReceived' || event.type === 'MailboxChanged') {
      loadList().catch(report);
      if (event.type === 'MailboxChanged' && state.selected) {
        fetch('/api/emails/' + encodeURIComponent(state.selected)).then((r) => { if (!r.ok) closeDetail(); });
      }
    }
  };
}

function closeDetail() {
  state.selected = null;
  $('detail-pane').hidden = true;
  document.querySelector('main').classList.remove('open');
}

function report(e) {
  $('count').textContent = 'Error: ' + e.message;
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('#tabs button[data-tab]').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
  $('back').addEventListener('click', closeDetail);
  $('load-remote').addEventListener('click', () => { state.remote = true; showHtml(); });
  $('delete').addEventListener('click', async () => {
    await fetch('/api/emails/' + encodeURIComponent(state.selected), { method: 'DELETE' });
    closeDetail();
    loadList().catch(report);
  });
  $('clear').addEventListener('click', async () => {
    await fetch('/api/emails', { method: 'DELETE' });
    closeDetail();
    loadList().catch(report);
  });
  let timer;
  $('search').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.filter = $('search').value.trim(); loadList().catch(report); }, 200);
  });
  loadList().catch(report);
  connect();
});
