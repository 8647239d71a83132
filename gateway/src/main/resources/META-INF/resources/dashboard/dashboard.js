// The kpm dashboard: nodes, jobs, one job's ranks, spawned groups, events and output, from the gateway's REST API.
//
// The token: `kpm dashboard` prints this page's address with `#token=...`. A fragment is never sent to the server
// (so it is in no access log), and the page moves it into this tab's sessionStorage and out of the address bar at
// once. Every request sends it as `Authorization: Bearer`, as the kpm command does. EventSource cannot send that
// header, so the server-sent event streams are read with fetch() and a streaming body reader instead; the token
// never goes into a URL.
//
// Everything the gateway returns is put into the page as text (textContent), never as HTML: job output and event
// fields are whatever the ranks printed. The Content-Security-Policy allows this file and the stylesheet only.
'use strict';

(function () {
  const TOKEN_KEY = 'kpm.token';
  const POLL_MS = 2000;
  const MAX_OUTPUT_LINES = 5000;
  const MAX_TIMELINE = 2000;

  const $ = (id) => document.getElementById(id);

  // ---------- token ----------

  function takeTokenFromFragment() {
    const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
    if (!match) return;
    const token = decodeURIComponent(match[1]).trim();
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    // out of the address bar, the history and any bookmark
    history.replaceState(null, '', location.pathname + location.search);
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function forgetToken(why) {
    sessionStorage.removeItem(TOKEN_KEY);
    stopDetail();
    showLogin();
    if (why) showError(why);
  }

  // ---------- errors ----------

  function showError(text) {
    $('error-text').textContent = text;
    $('error').hidden = false;
  }

  function clearError() {
    $('error').hidden = true;
    $('error-text').textContent = '';
  }

  /** An error naming the call and what the gateway said (its problem+json detail when it sent one). */
  async function problem(response, what) {
    let detail = '';
    try {
      const text = await response.text();
      try {
        const body = JSON.parse(text);
        detail = body.detail || body.title || text;
      } catch (notJson) {
        detail = text;
      }
    } catch (unreadable) {
      // the status says enough
    }
    let message = what + ' failed: ' + response.status + (response.statusText ? ' ' + response.statusText : '');
    if (response.status === 404 && !detail) message += ' (this gateway has no such endpoint)';
    if (detail) message += ': ' + detail.slice(0, 500);
    const error = new Error(message);
    error.status = response.status;
    return error;
  }

  // ---------- REST ----------

  async function call(method, path, what) {
    const t = token();
    if (!t) throw new Error('no token');
    let response;
    try {
      response = await fetch(path, {
        method: method,
        headers: {'Authorization': 'Bearer ' + t, 'Accept': 'application/json'},
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new Error((what || method + ' ' + path) + ' failed: the gateway is unreachable (' + e.message + ')');
    }
    if (response.status === 401) {
      const error = await problem(response, what || method + ' ' + path);
      forgetToken(error.message);
      throw error;
    }
    if (!response.ok) throw await problem(response, what || method + ' ' + path);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /**
   * Reads a server-sent event stream with fetch (which can send the Authorization header, unlike EventSource),
   * calling onEvent({event, data, id}) for each event, until the server ends it or signal aborts it.
   */
  async function stream(path, signal, onEvent) {
    const response = await fetch(path, {
      headers: {'Authorization': 'Bearer ' + token(), 'Accept': 'text/event-stream'},
      cache: 'no-store',
      credentials: 'omit',
      signal: signal,
    });
    if (!response.ok) throw await problem(response, 'GET ' + path);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer = (buffer + value).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseSse(block);
        if (event) onEvent(event);
      }
    }
  }

  function parseSse(block) {
    const event = {event: 'message', data: [], id: null};
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') event.data.push(value);
      else if (field === 'event') event.event = value;
      else if (field === 'id') event.id = value;
    }
    if (event.data.length === 0) return null;
    event.data = event.data.join('\n');
    return event;
  }

  // ---------- small DOM helpers ----------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function text(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function time(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    return isNaN(date) ? iso : date.toLocaleTimeString();
  }

  function button(label, id, onClick) {
    const b = el('button', {type: 'button', id: id}, label);
    b.addEventListener('click', (event) => {
      event.stopPropagation();
      onClick(b);
    });
    return b;
  }

  // ---------- nodes ----------

  function renderNodes(nodes) {
    const body = $('nodes').tBodies[0];
    const rows = nodes.slice().sort((a, b) => text(a.nodeId).localeCompare(text(b.nodeId))).map((node) => {
      const state = text(node.state).toUpperCase();
      const actions = el('td', {class: 'actions'});
      if (state === 'UP') actions.append(button('Drain', 'drain-' + node.nodeId, (b) => nodeAction(node.nodeId, 'drain', b)));
      if (state === 'DRAINING') actions.append(button('Undrain', 'undrain-' + node.nodeId, (b) => nodeAction(node.nodeId, 'undrain', b)));
      return el('tr', {id: 'node-' + node.nodeId, 'data-state': state},
          el('td', {}, text(node.nodeId)),
          el('td', {}, text(node.hostname)),
          el('td', {class: 'num'}, text(node.cores)),
          el('td', {class: 'num', title: 'running ranks / cores'}, text(node.runningProcs) + ' / ' + text(node.cores)),
          el('td', {}, el('span', {class: 'state state-' + state.toLowerCase()}, state)),
          el('td', {}, time(node.lastSeen)),
          actions);
    });
    body.replaceChildren(...rows);
    $('nodes-empty').hidden = rows.length > 0;
  }

  async function nodeAction(nodeId, action, b) {
    b.disabled = true;
    try {
      await call('POST', '/api/v1/nodes/' + encodeURIComponent(nodeId) + '/' + action, action + ' node ' + nodeId);
      clearError();
      await refresh();
    } catch (e) {
      showError(e.message);
    } finally {
      b.disabled = false;
    }
  }

  // ---------- jobs ----------

  let selected = null;

  function ended(state) {
    return state === 'FINISHED' || state === 'FAILED' || state === 'ABORTED';
  }

  function exitedRanks(job) {
    return (job.ranks || []).filter((r) => r.state === 'EXITED' || r.state === 'LAUNCH_FAILED').length;
  }

  /** Spawned groups under their spawner: [job, depth] pairs, roots in pgid order, each followed by its children. */
  function asTree(jobs) {
    const byPgid = new Map(jobs.map((j) => [j.pgid, j]));
    const children = new Map();
    const roots = [];
    for (const job of jobs) {
      if (job.spawnerPgid !== null && job.spawnerPgid !== undefined && byPgid.has(job.spawnerPgid)) {
        if (!children.has(job.spawnerPgid)) children.set(job.spawnerPgid, []);
        children.get(job.spawnerPgid).push(job);
      } else {
        roots.push(job);
      }
    }
    const out = [];
    const seen = new Set();
    const walk = (job, depth) => {
      if (seen.has(job.pgid)) return;
      seen.add(job.pgid);
      out.push([job, depth]);
      for (const child of (children.get(job.pgid) || []).sort((a, b) => a.pgid - b.pgid)) walk(child, depth + 1);
    };
    roots.sort((a, b) => b.pgid - a.pgid).forEach((job) => walk(job, 0));
    return out;
  }

  function renderJobs(jobs) {
    const body = $('jobs').tBodies[0];
    const rows = asTree(jobs).map(([job, depth]) => {
      const actions = el('td', {class: 'actions'});
      if (!ended(job.state)) actions.append(button('Kill', 'kill-' + job.pgid, (b) => kill(job.pgid, b)));
      const name = el('td', {class: 'pgid'}, (depth > 0 ? '\u2514 ' : '') + job.pgid);
      name.style.paddingLeft = (0.4 + depth * 1.2) + 'em';
      const row = el('tr', {id: 'job-' + job.pgid, 'data-state': job.state, 'data-depth': depth, class: job.pgid === selected ? 'selected' : ''},
          name,
          el('td', {}, el('span', {class: 'state state-' + text(job.state).toLowerCase()}, job.state)),
          el('td', {class: 'num', title: 'ranks ended / size'}, exitedRanks(job) + ' / ' + job.size),
          el('td', {}, (job.nodes || []).join(' ')),
          el('td', {class: 'num exit'}, text(job.exitCode)),
          el('td', {}, text(job.reason)),
          el('td', {}, time(job.acceptedAt)),
          actions);
      row.addEventListener('click', () => select(job.pgid));
      return row;
    });
    body.replaceChildren(...rows);
    $('jobs-empty').hidden = rows.length > 0;
  }

  async function kill(pgid, b) {
    if (!window.confirm('Kill job ' + pgid + ' and all its ranks?')) return;
    b.disabled = true;
    try {
      await call('DELETE', '/api/v1/jobs/' + pgid, 'kill job ' + pgid);
      clearError();
      await refresh();
    } catch (e) {
      showError(e.message);
      b.disabled = false;
    }
  }

  // ---------- one job ----------

  let detailAbort = null;

  function stopDetail() {
    if (detailAbort) detailAbort.abort();
    detailAbort = null;
  }

  function select(pgid) {
    if (selected === pgid) return;
    stopDetail();
    selected = pgid;
    detailAbort = new AbortController();
    $('detail').hidden = false;
    $('detail-pgid').textContent = String(pgid);
    $('detail-state').textContent = '';
    $('ranks').tBodies[0].replaceChildren();
    $('family').replaceChildren();
    $('timeline').replaceChildren();
    $('output').replaceChildren();
    $('output-note').textContent = '';
    for (const row of $('jobs').tBodies[0].rows) row.classList.toggle('selected', row.id === 'job-' + pgid);
    const signal = detailAbort.signal;
    followEvents(pgid, signal);
    followOutput(pgid, signal);
    refreshDetail();
  }

  function streamFailed(what, signal) {
    return (e) => {
      if (signal.aborted) return;
      showError(what + ': ' + e.message);
    };
  }

  function followEvents(pgid, signal) {
    const list = $('timeline');
    stream('/api/v1/jobs/' + pgid + '/events', signal, (sse) => {
      let event;
      try {
        event = JSON.parse(sse.data);
      } catch (e) {
        return;
      }
      list.append(el('li', {'data-type': event.type},
          el('time', {}, time(event.meta && event.meta.time)), ' ',
          el('b', {}, text(event.type)), ' ', summary(event)));
      while (list.childElementCount > MAX_TIMELINE) list.firstElementChild.remove();
      refreshDetail();
    }).catch(streamFailed('events of job ' + pgid, signal));
  }

  /** The fields of an event a person looks for first. */
  function summary(event) {
    const parts = [];
    for (const key of ['rank', 'nodeId', 'size', 'exitCode', 'killed', 'signal', 'reason', 'message', 'error']) {
      const value = event[key];
      if (value === undefined || value === null || typeof value === 'object') continue;
      parts.push(key + '=' + value);
    }
    if (Array.isArray(event.placements)) parts.push('ranks on ' + [...new Set(event.placements.map((p) => p.nodeId))].join(','));
    return parts.join(' ');
  }

  function followOutput(pgid, signal) {
    const pre = $('output');
    const pending = new Map();   // "rank stream" -> {decoder, partial}
    const appendLine = (rank, streamName, line) => {
      pre.append(el('span', {class: streamName === 'STDERR' ? 'stderr' : 'stdout', 'data-rank': rank}, '[' + rank + '] ' + line + '\n'));
      if (pre.childElementCount > MAX_OUTPUT_LINES) {
        pre.firstElementChild.remove();
        $('output-note').textContent = '(only the last ' + MAX_OUTPUT_LINES + ' lines are shown; `kpm output` has all)';
      }
    };
    stream('/api/v1/jobs/' + pgid + '/output', signal, (sse) => {
      const data = JSON.parse(sse.data);
      if (sse.event === 'output') {
        const key = data.rank + ' ' + data.stream;
        if (!pending.has(key)) pending.set(key, {decoder: new TextDecoder(), partial: ''});
        const p = pending.get(key);
        const bytes = Uint8Array.from(atob(data.data), (c) => c.charCodeAt(0));
        const lines = (p.partial + p.decoder.decode(bytes, {stream: true})).split('\n');
        p.partial = lines.pop();
        for (const line of lines) appendLine(data.rank, data.stream, line);
      } else if (sse.event === 'truncated') {
        pre.append(el('span', {class: 'note'}, '[' + data.message + ']\n'));
      } else if (sse.event === 'end') {
        for (const [key, p] of pending) {
          const rest = p.partial + p.decoder.decode();
          if (rest) appendLine(key.split(' ')[0], key.split(' ')[1], rest);
        }
        pending.clear();
        $('output-note').textContent = '(complete)';
      }
    }).catch(streamFailed('output of job ' + pgid, signal));
  }

  let detailBusy = false;

  async function refreshDetail() {
    if (selected === null || detailBusy) return;
    detailBusy = true;
    const pgid = selected;
    try {
      const [job, family] = await Promise.all([
        call('GET', '/api/v1/jobs/' + pgid, 'job ' + pgid),
        call('GET', '/api/v1/jobs/' + pgid + '/family', 'spawned groups of job ' + pgid),
      ]);
      if (selected !== pgid) return;
      $('detail-state').textContent = job.state;
      $('detail-state').className = 'state state-' + text(job.state).toLowerCase();
      renderRanks(job);
      renderFamily(family, pgid);
    } catch (e) {
      showError(e.message);
    } finally {
      detailBusy = false;
    }
  }

  function renderRanks(job) {
    const rows = (job.ranks || []).map((r) => el('tr', {id: 'rank-' + job.pgid + '-' + r.rank, 'data-state': r.state},
        el('td', {class: 'num'}, r.rank),
        el('td', {}, text(r.nodeId)),
        el('td', {class: 'num'}, text(r.pid)),
        el('td', {}, text(r.state)),
        el('td', {class: 'num exit'}, text(r.exitCode)),
        el('td', {}, text(r.message))));
    $('ranks').tBodies[0].replaceChildren(...rows);
  }

  function renderFamily(family, pgid) {
    const items = new Map();
    const top = [];
    for (const job of family) {
      const item = el('li', {'data-pgid': job.pgid},
          el('a', {href: '#', class: 'job-link'}, 'job ' + job.pgid), ' ',
          el('span', {class: 'state state-' + text(job.state).toLowerCase()}, job.state),
          ' ' + job.size + (job.size === 1 ? ' rank' : ' ranks'));
      item.firstChild.addEventListener('click', (event) => {
        event.preventDefault();
        select(job.pgid);
      });
      items.set(job.pgid, item);
      const parent = items.get(job.spawnerPgid);
      if (job.pgid !== pgid && parent) {
        let list = parent.querySelector(':scope > ul');
        if (!list) parent.append(list = el('ul'));
        list.append(item);
      } else {
        top.push(item);
      }
    }
    $('family').replaceChildren(...top);
  }

  // ---------- polling ----------

  let timer = null;
  let refreshing = false;

  async function refresh() {
    if (refreshing || !token()) return;
    refreshing = true;
    try {
      const [nodes, jobs] = await Promise.all([
        call('GET', '/api/v1/nodes', 'list nodes'),
        call('GET', '/api/v1/jobs', 'list jobs'),
      ]);
      renderNodes(nodes);
      renderJobs(jobs);
      $('status').textContent = 'connected, ' + nodes.length + ' nodes, ' + jobs.length + ' jobs, updated ' + new Date().toLocaleTimeString();
      $('status').className = 'ok';
      if (selected !== null) refreshDetail();
    } catch (e) {
      $('status').textContent = 'not connected';
      $('status').className = 'bad';
      if (token()) showError(e.message);
    } finally {
      refreshing = false;
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      await refresh();
      if (token()) schedule();
    }, POLL_MS);
  }

  function showLogin() {
    $('main').hidden = true;
    $('forget').hidden = true;
    $('login').hidden = false;
    $('status').textContent = 'not connected';
    clearTimeout(timer);
  }

  function start() {
    $('login').hidden = true;
    $('main').hidden = false;
    $('forget').hidden = false;
    refresh().then(schedule);
  }

  document.addEventListener('DOMContentLoaded', () => {
    takeTokenFromFragment();
    $('error-close').addEventListener('click', clearError);
    $('forget').addEventListener('click', () => forgetToken(null));
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('token-input').value.trim();
      $('token-input').value = '';
      if (!value) return;
      sessionStorage.setItem(TOKEN_KEY, value);
      clearError();
      start();
    });
    if (token()) start();
    else showLogin();
  });
})();
