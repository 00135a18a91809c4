// The demo customer portal's side of the embedding protocol
// (docs/embedding.md): it waits for the console's `ready`, sends `init` with
// the tenant and token its backend holds, sizes the iframe to the reported
// height, renews the token when asked, and shows completed actions.
const PROTOCOL = 'switchboard';
const VERSION = 1;
const THEME = {
  accent: '#5b2a86',
  accentText: '#ffffff',
  focus: '#a05ad8',
  radius: '10px',
  font: 'Georgia, "Times New Roman", serif',
};

const frame = document.getElementById('console');
const logList = document.getElementById('log');
const toast = document.getElementById('toast');
const startPage = document.getElementById('start-page');
const useTheme = document.getElementById('theme');

const session = await (await fetch('/portal/session')).json();
const consoleOrigin = new URL(session.console).origin;
let token = session.token;

function log(direction, message) {
  // Tokens are never shown, not even in a demo.
  const shown = { ...message };
  if ('token' in shown) shown.token = '(hidden)';
  const li = document.createElement('li');
  li.textContent = `${direction} ${JSON.stringify(shown)}`;
  logList.append(li);
}

function send(message) {
  const full = { protocol: PROTOCOL, version: VERSION, ...message };
  // To the console's origin only, never '*'.
  frame.contentWindow.postMessage(full, consoleOrigin);
  log('portal \u2192 console', full);
}

const DONE = {
  'softphone.assigned': (d) => `Softphone assigned: device ${d.deviceId} (${d.clientType}) for user ${d.userId}.`,
  'softphone.unassigned': (d) => `Softphone unassigned: device ${d.deviceId}.`,
  'pbx.created': (d) => `PBX created: ${d.name}.`,
  'pbx.enabled': (d) => `PBX enabled: ${d.name}.`,
  'pbx.deleted': (d) => `PBX deleted: ${d.name}.`,
};

window.addEventListener('message', async (event) => {
  // Only the console in our frame, on its own origin.
  if (event.origin !== consoleOrigin || event.source !== frame.contentWindow) return;
  const m = event.data;
  if (!m || m.protocol !== PROTOCOL) return;
  log('console \u2192 portal', m);
  switch (m.type) {
    case 'ready':
      send({
        type: 'init',
        tenant: session.tenant,
        token,
        locale: navigator.language,
        page: startPage.value,
        ...(useTheme.checked ? { theme: THEME } : {}),
      });
      break;
    case 'resize':
      frame.style.height = `${m.height}px`;
      break;
    case 'tokenRequest': {
      // The portal renews its own session, then hands the new token over.
      const renewed = await (await fetch('/portal/token', { method: 'POST' })).json();
      token = renewed.token;
      send({ type: 'token', token });
      break;
    }
    case 'completed':
      toast.textContent = (DONE[m.action] ?? (() => `Done: ${m.action}.`))(m.detail ?? {});
      break;
    default:
      break;
  }
});

function load() {
  toast.textContent = '';
  frame.src = session.console;
}
document.getElementById('reload').addEventListener('click', load);
load();
