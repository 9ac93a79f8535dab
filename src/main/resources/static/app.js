// Taskflow's watch page: plain browser APIs, no build step. The task list is loaded once, then kept current by the
// live feed, opened where the list stood (its feedPosition), so a change committed between the list and the stream
// still arrives; after any disconnect the feed resumes from the last event id, so changes made meanwhile (by this
// page or any other client) still arrive.
(() => {
  'use strict';
  const api = '/api/v1';
  const state = { token: sessionStorage.getItem('taskflow.token'), tasks: new Map(), lastEventId: null, source: null, retry: null };
  const $ = (id) => document.getElementById(id);

  async function call(method, path, body, contentType = 'application/json') {
    const headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    if (body !== undefined) headers['Content-Type'] = contentType;
    const response = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (response.status === 401 && state.token) logout();
    if (!response.ok) {
      const detail = data && (data.errors ? data.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : data.detail);
      throw new Error(detail || `HTTP ${response.status}`);
    }
    return data;
  }

  function render() {
    const list = $('task-list');
    list.replaceChildren();
    [...state.tasks.values()].sort((a, b) => b.id - a.id).forEach((task) => {
      const item = document.createElement('li');
      item.dataset.id = task.id;
      item.className = task.completed ? 'done' : '';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = task.completed;
      box.setAttribute('aria-label', `Complete ${task.title}`);
      box.addEventListener('change', () => toggle(task, box.checked));
      const title = document.createElement('span');
      title.className = 'title';
      title.textContent = task.title;
      const priority = document.createElement('span');
      priority.className = `priority ${task.priority}`;
      priority.textContent = task.priority;
      item.append(box, title, priority);
      list.append(item);
    });
  }

  function logEvent(text) {
    const entry = document.createElement('li');
    entry.textContent = `${new Date().toLocaleTimeString()} ${text}`;
    $('event-log').prepend(entry);
  }

  function setStatus(live) {
    $('status').dataset.state = live ? 'live' : 'offline';
    $('status').textContent = live ? 'live' : 'reconnecting…';
  }

  // Every page of the list, and where the feed stood when the first page was read: the feed followed from there
  // brings every change committed since. Later pages may already show some of those changes, so an event only
  // replaces a task it is newer than (keep).
  async function loadTasks() {
    const tasks = new Map();
    let position = null;
    let cursor = null;
    for (let page = 0; page < 50; page++) {
      const query = cursor ? `?limit=100&count=none&cursor=${encodeURIComponent(cursor)}` : '?limit=100&count=none';
      const result = await call('GET', `/tasks${query}`);
      if (position === null) position = result.feedPosition;
      result.items.forEach((task) => tasks.set(task.id, task));
      cursor = result.nextCursor;
      if (!cursor || result.items.length === 0) break;
    }
    state.tasks = tasks;
    state.lastEventId = String(position);
    render();
  }

  function keep(task) {
    const held = state.tasks.get(task.id);
    if (!held || held.version < task.version) state.tasks.set(task.id, task);
  }

  // The feed no longer holds every change since our position (retention pruned it): read the list again and follow
  // the feed from where that list stood.
  async function reload() {
    clearTimeout(state.retry);
    if (state.source) state.source.close();
    if (!state.token) return;
    setStatus(false);
    try {
      await loadTasks();
      connectFeed();
    } catch (error) {
      state.retry = setTimeout(reload, 5000);
    }
  }

  // EventSource cannot send an Authorization header, so each (re)connection redeems a fresh single-use ticket and
  // says where it left off: the list's position at first, then the last event applied.
  async function connectFeed() {
    clearTimeout(state.retry);
    if (!state.token) return;
    try {
      const { ticket } = await call('POST', '/tasks/events/tickets');
      const resume = state.lastEventId ? `&lastEventId=${encodeURIComponent(state.lastEventId)}` : '';
      const source = new EventSource(`${api}/tasks/events?ticket=${encodeURIComponent(ticket)}${resume}`);
      state.source = source;
      source.onopen = () => setStatus(true);
      const apply = (handler) => (message) => {
        state.lastEventId = message.lastEventId;
        handler(JSON.parse(message.data));
        render();
      };
      source.addEventListener('task.created', apply((task) => { keep(task); logEvent(`created “${task.title}”`); }));
      source.addEventListener('task.updated', apply((task) => { keep(task); logEvent(`updated “${task.title}”`); }));
      source.addEventListener('task.deleted', apply((task) => { state.tasks.delete(task.id); logEvent(`deleted #${task.id}`); }));
      source.addEventListener('reset', () => { logEvent('feed reset: reloading'); reload(); });
      source.onerror = () => {
        // The ticket was single-use: reconnect ourselves with a new one rather than let the browser retry it.
        source.close();
        setStatus(false);
        state.retry = setTimeout(connectFeed, 2000);
      };
    } catch (error) {
      setStatus(false);
      state.retry = setTimeout(connectFeed, 5000);
    }
  }

  async function toggle(task, completed) {
    try {
      await call('PATCH', `/tasks/${task.id}`, { completed }, 'application/merge-patch+json');
    } catch (error) {
      $('task-error').textContent = error.message;
    }
  }

  async function start() {
    $('auth').hidden = true;
    $('tasks').hidden = false;
    $('logout').hidden = false;
    await loadTasks();
    connectFeed();
  }

  function logout() {
    state.token = null;
    sessionStorage.removeItem('taskflow.token');
    if (state.source) state.source.close();
    clearTimeout(state.retry);
    state.tasks.clear();
    $('auth').hidden = false;
    $('tasks').hidden = true;
    $('logout').hidden = true;
    setStatus(false);
  }

  async function login(loginName, password) {
    const result = await call('POST', '/auth/login', { login: loginName, password });
    state.token = result.accessToken;
    sessionStorage.setItem('taskflow.token', state.token);
    await start();
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await login(form.get('login'), form.get('password'));
      $('auth-error').textContent = '';
    } catch (error) {
      $('auth-error').textContent = error.message;
    }
  });

  $('register-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.target));
    try {
      await call('POST', '/auth/register', form);
      await login(form.email, form.password);
      $('auth-error').textContent = '';
    } catch (error) {
      $('auth-error').textContent = error.message;
    }
  });

  $('new-task').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      // The new task appears through the feed, like a change made anywhere else.
      await call('POST', '/tasks', { title: form.get('title'), priority: form.get('priority') });
      event.target.reset();
      $('task-error').textContent = '';
    } catch (error) {
      $('task-error').textContent = error.message;
    }
  });

  $('logout').addEventListener('click', logout);

  if (state.token) start().catch(logout);
})();
