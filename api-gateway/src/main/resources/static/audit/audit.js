// The auditor's page: reads the gateway's audit routes with the token in the form; nothing is stored server-side.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const RECENT_KEY = 'connvo.audit.recentMeetings';
  const ACTORS = [
    ['user', 'users', (a) => a && !a.startsWith('system:')],
    ['saga', 'media saga', (a) => a === 'system:media-saga'],
    ['webhook', 'GetStream webhooks', (a) => a === 'system:getstream-webhook'],
    ['guard', 'meeting guard', (a) => a === 'system:meeting-guard'],
    ['other', 'other', () => true],
  ];
  let events = [];
  let selected = null;

  const actorKind = (actor) => ACTORS.find(([, , test]) => test(actor))[0];
  const shortType = (type) => (type || '').substring((type || '').lastIndexOf('.') + 1);
  const time = (iso) => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = !message;
  }

  async function api(path) {
    const token = $('token').value.trim();
    if (!token) {
      throw new Error('Paste or mint a token first.');
    }
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } });
    let body = null;
    try { body = await response.json(); } catch (e) { /* not JSON: reported below */ }
    if (!response.ok || !body || body.status !== 'success') {
      const code = body && body.errorData && body.errorData.code ? body.errorData.code + ': ' : '';
      throw new Error(code + (body && body.errorMessage ? body.errorMessage : 'HTTP ' + response.status));
    }
    return body.value;
  }

  async function mint() {
    showError('');
    const role = $('mint-role').value;
    const claims = { sub: $('mint-sub').value.trim() };
    if (role) {
      claims.role = role;
    }
    try {
      const response = await fetch('/dev/tokens', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(claims) });
      const body = await response.json();
      if (!response.ok || !body.token) {
        throw new Error((body.errorData && body.errorData.code ? body.errorData.code + ': ' : '')
          + (body.errorMessage || 'development tokens are not available here'));
      }
      $('token').value = body.token;
    } catch (e) {
      showError('Minting failed: ' + e.message);
    }
  }

  async function load(meetingId) {
    showError('');
    ['timeline-card', 'detail-card', 'state-card', 'recordings-card'].forEach((id) => { $(id).hidden = true; });
    try {
      events = [];
      let from = 0;
      for (;;) {
        const page = await api('/api/audit/meetings/' + encodeURIComponent(meetingId) + '/events?limit=500&fromSequence=' + from);
        events = events.concat(page.events);
        if (page.nextFromSequence === null || page.nextFromSequence === undefined) {
          break;
        }
        from = page.nextFromSequence;
      }
      remember(meetingId);
      renderTimeline();
      await renderRecordings(meetingId);
      if (events.length) {
        await select(events.length - 1);
      }
    } catch (e) {
      showError(e.message);
    }
  }

  function span() {
    const first = Date.parse(events[0].timestamp);
    const last = Date.parse(events[events.length - 1].timestamp);
    const pad = Math.max((last - first) * 0.04, 500);
    return [first - pad, last + pad];
  }

  function renderTimeline() {
    $('timeline-card').hidden = false;
    $('event-count').textContent = '(' + events.length + ')';
    const axis = $('axis');
    axis.querySelectorAll('.mark').forEach((m) => m.remove());
    const rows = $('event-rows');
    rows.textContent = '';
    $('legend').innerHTML = ACTORS.filter(([kind]) => events.some((e) => actorKind(e.metadata.actor) === kind))
      .map(([kind, label]) => '<span><i style="background:var(--' + kind + ')"></i>' + label + '</span>').join('');
    if (!events.length) {
      return;
    }
    const [start, end] = span();
    $('axis-start').textContent = time(new Date(start).toISOString());
    $('axis-end').textContent = time(new Date(end).toISOString());
    let lastLeft = -100;
    let lane = 0;
    events.forEach((event, index) => {
      const left = (Date.parse(event.timestamp) - start) / (end - start) * 100;
      lane = left - lastLeft < 1.2 ? (lane + 1) % 3 : 0;
      lastLeft = left;
      const mark = document.createElement('button');
      mark.type = 'button';
      mark.className = 'mark lane' + lane;
      mark.style.left = left + '%';
      mark.style.background = 'var(--' + actorKind(event.metadata.actor) + ')';
      mark.title = '#' + event.sequence + ' ' + shortType(event.type) + ' by ' + event.metadata.actor;
      mark.dataset.index = index;
      mark.addEventListener('click', (e) => { e.stopPropagation(); select(index); });
      axis.appendChild(mark);

      const row = document.createElement('tr');
      row.dataset.index = index;
      [event.sequence, time(event.timestamp), shortType(event.type), event.metadata.actor, event.metadata.correlationId]
        .forEach((text, column) => {
          const cell = document.createElement('td');
          if (column === 2) {
            const dot = document.createElement('span');
            dot.className = 'dot';
            dot.style.background = 'var(--' + actorKind(event.metadata.actor) + ')';
            cell.appendChild(dot);
          }
          cell.appendChild(document.createTextNode(text == null ? '' : String(text)));
          if (column >= 3) {
            cell.className = 'mono';
          }
          row.appendChild(cell);
        });
      row.addEventListener('click', () => select(index));
      rows.appendChild(row);
    });
  }

  /** Shows the event's payload and the meeting's state right after it. */
  function select(index) {
    selected = events[index];
    document.querySelectorAll('.mark.selected, tr.selected').forEach((el) => el.classList.remove('selected'));
    document.querySelectorAll('[data-index="' + index + '"]').forEach((el) => el.classList.add('selected'));
    $('detail-card').hidden = false;
    $('detail-title').textContent = '#' + selected.sequence + ' · ' + shortType(selected.type);
    fill($('detail-meta'), [
      ['time', selected.timestamp], ['type', selected.type], ['actor', selected.metadata.actor],
      ['correlation', selected.metadata.correlationId], ['causation', selected.metadata.causationId],
      ['trace', selected.metadata.traceId]]);
    $('detail-payload').textContent = JSON.stringify(selected.payload, null, 2);
    return stateAt(selected.timestamp);
  }

  function fill(list, pairs) {
    list.textContent = '';
    pairs.forEach(([name, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value == null || value === '' ? '—' : String(value);
      list.append(dt, dd);
    });
  }

  /** {@code instant}: ISO-8601 text, kept as given so an event's own (sub-millisecond) timestamp includes it. */
  async function stateAt(instant) {
    const meetingId = $('meeting').value.trim();
    const [start, end] = span();
    const cursor = $('cursor');
    cursor.hidden = false;
    cursor.style.left = ((Date.parse(instant) - start) / (end - start) * 100) + '%';
    $('state-card').hidden = false;
    $('state-at').textContent = instant;
    try {
      const s = await api('/api/audit/meetings/' + encodeURIComponent(meetingId) + '/state?at=' + encodeURIComponent(instant));
      fill($('state'), [
        ['state', s.state], ['version', s.version], ['title', s.title], ['host', s.hostId], ['tier', s.tier],
        ['provider', s.videoProvider], ['room', (s.roomStatus || '') + (s.roomId ? ' · ' + s.roomId : '')],
        ['transcription', s.transcription],
        ['participants', (s.participants || []).map((p) => p.userId + ' (' + p.presence + ')').join(', ')],
        ['recordings', (s.recordings || []).map((r) => r.recordingId + ' (' + r.status + ')').join(', ')],
        ['last event', s.lastEventAt]]);
    } catch (e) {
      fill($('state'), [['state', e.message]]);
    }
  }

  async function renderRecordings(meetingId) {
    const ids = [...new Set(events.map((e) => e.payload && e.payload.recordingId).filter(Boolean))];
    const box = $('recordings');
    box.textContent = '';
    $('recordings-card').hidden = ids.length === 0;
    for (const id of ids) {
      const history = await api('/api/audit/meetings/' + encodeURIComponent(meetingId) + '/recordings/'
        + encodeURIComponent(id) + '/history');
      const item = document.createElement('div');
      item.className = 'recording';
      const status = String(history.status || '').toLowerCase();
      item.innerHTML = '<span class="id"></span><span class="badge ' + status + '"></span><div class="steps"></div>';
      item.querySelector('.id').textContent = id;
      item.querySelector('.badge').textContent = status;
      const steps = item.querySelector('.steps');
      history.events.forEach((event, i) => {
        if (i > 0) {
          steps.insertAdjacentHTML('beforeend', '<span class="arrow">→</span>');
        }
        const type = shortType(event.type);
        const step = document.createElement('span');
        step.className = 'step' + (/Ready|Activated/.test(type) ? ' ok' : /Failed/.test(type) ? ' bad' : '');
        step.textContent = type;
        const at = document.createElement('time');
        at.textContent = new Date(event.timestamp).toISOString().substring(11, 23);
        step.appendChild(at);
        steps.appendChild(step);
      });
      box.appendChild(item);
    }
  }

  function remember(meetingId) {
    const recent = [meetingId].concat(JSON.parse(localStorage.getItem(RECENT_KEY) || '[]').filter((m) => m !== meetingId)).slice(0, 10);
    localStorage.setItem(RECENT_KEY, JSON.stringify(recent));
    renderRecent();
  }

  function renderRecent() {
    const list = $('recent');
    list.textContent = '';
    JSON.parse(localStorage.getItem(RECENT_KEY) || '[]').forEach((m) => {
      const option = document.createElement('option');
      option.value = m;
      list.appendChild(option);
    });
  }

  $('mint-button').addEventListener('click', mint);
  $('pick').addEventListener('submit', (e) => { e.preventDefault(); load($('meeting').value.trim()); });
  $('axis').addEventListener('click', (e) => {
    if (!events.length) {
      return;
    }
    const box = $('axis').getBoundingClientRect();
    const [start, end] = span();
    stateAt(new Date(start + (e.clientX - box.left) / box.width * (end - start)).toISOString());
  });
  const params = new URLSearchParams(location.hash.substring(1));
  if (params.get('meeting')) {
    $('meeting').value = params.get('meeting');
  }
  renderRecent();
}());
