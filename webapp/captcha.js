'use strict';
// The test console behind captcha.html: it speaks the protocol exactly as a back-end does and
// logs every envelope, so a developer sees what to send and what comes back.
(() => {
    // The endpoint sits beside this page: the page works under any context root, http or https.
    const base = location.pathname.replace(/[^/]*$/, '');
    const endpoint = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + base + 'ws';

    // The server's rule (PhoneNumbers): a number it would refuse is refused here, unsent.
    const PHONE = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;
    // The default of captcha.sms.min-interval-seconds: the protocol does not tell the page the server's.
    const SMS_INTERVAL_MS = 60_000;
    const FIRST_RETRY_MS = 1000;
    const MAX_RETRY_MS = 30_000;
    // The page is meant to stay open all day: the log keeps the latest entries only.
    const MAX_LOG_ENTRIES = 200;

    const $ = (id) => document.getElementById(id);

    // The server selects this subprotocol; a key rides beside it, as browsers cannot send Authorization.
    const SUBPROTOCOL = 'captcha-ws';

    let socket;
    let apiKey = ''; // only ever in memory: never in the URL, the log or storage
    let retryTimer;
    let retryMs = FIRST_RETRY_MS;
    let nextId = 1;
    const pending = new Map(); // request id -> {action, sentAt, outcome, onSuccess}
    const cooldownUntil = new Map(); // mainland number -> when the server allows its next send
    let imageAddr = '';

    /** Chinese first, English beside it, as everywhere on the page. */
    function bilingual(element, zh, en) {
        const english = document.createElement('span');
        english.lang = 'en';
        english.textContent = en;
        element.replaceChildren(zh + ' ', english);
    }

    function connected() {
        return socket.readyState === WebSocket.OPEN;
    }

    /** The key as a subprotocol token: unpadded base64url of its UTF-8 bytes. */
    function keyProtocol(key) {
        const bytes = String.fromCharCode(...new TextEncoder().encode(key));
        return 'bearer.' + btoa(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }

    function connect() {
        $('state').dataset.state = 'connecting';
        bilingual($('state'), '连接中…', 'connecting…');
        // Without a key, no subprotocol at all: the server behaves exactly as for a backend.
        socket = apiKey ? new WebSocket(endpoint, [SUBPROTOCOL, keyProtocol(apiKey)]) : new WebSocket(endpoint);
        let opened = false;
        socket.onopen = () => {
            opened = true;
            retryMs = FIRST_RETRY_MS;
            $('state').dataset.state = 'open';
            bilingual($('state'), '已连接', 'connected');
            logNote('已连接', 'connected');
            enableControls();
        };
        socket.onmessage = (event) => received(event.data);
        socket.onclose = (event) => {
            // Replies to these will never come: a new connection starts afresh.
            pending.clear();
            enableControls();
            const seconds = retryMs / 1000;
            $('state').dataset.state = 'closed';
            bilingual($('state'), `已断开，${seconds} 秒后重连`, `disconnected, reconnecting in ${seconds} s`);
            if (opened) {
                logNote(`连接关闭 ${event.code}，${seconds} 秒后重连`, `closed ${event.code}, reconnecting in ${seconds} s`);
            } else {
                // The browser does not say why a handshake failed: 401, 403 and 503 all look alike.
                logNote(`连接被拒绝或服务器不可达（需要 API 密钥？），${seconds} 秒后重连`,
                    `refused or unreachable (API key needed?), reconnecting in ${seconds} s`);
            }
            retryTimer = setTimeout(connect, retryMs);
            retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        };
    }

    function enableControls() {
        for (const control of document.querySelectorAll('[data-needs-connection]')) {
            control.disabled = !connected();
        }
        renderSendButton();
    }

    function send(subtype, data, outcome, onSuccess) {
        const envelope = {id: String(nextId++), status: '', type: 'captcha', subtype, data};
        const text = JSON.stringify(envelope);
        socket.send(text);
        pending.set(envelope.id, {action: data.action, sentAt: performance.now(), outcome, onSuccess});
        const copy = document.createElement('button');
        copy.type = 'button';
        copy.className = 'copy';
        bilingual(copy, '复制 JSON', 'copy');
        const body = logEnvelope('sent', envelope, copy);
        copy.addEventListener('click', () => copyRequest(text, body, copy));
    }

    // Every reply answers a request of this connection, with its id.
    function received(text) {
        const reply = JSON.parse(text);
        const request = pending.get(reply.id);
        pending.delete(reply.id);
        const rtt = document.createElement('span');
        rtt.className = 'rtt';
        rtt.textContent = `${Math.round(performance.now() - request.sentAt)} ms`;
        logEnvelope('received', reply, rtt);
        const ok = reply.status === '0';
        if (ok) {
            request.onSuccess?.(reply.data);
        }
        showOutcome(request.outcome, request.action, ok, `${reply.status} ${reply.errmsg}`);
    }

    function showOutcome(element, action, ok, text) {
        element.dataset.ok = ok;
        element.textContent = `${action}: ${ok ? '✔' : '✘'} ${text}`;
    }

    // --- image captcha ---

    /** The request's data as the options say: the seed's request exactly when they are left alone. */
    function imageRequest() {
        const data = {action: 'generate'};
        if ($('img-kind').value) {
            data.kind = $('img-kind').value;
        }
        if ($('img-inline').checked) {
            data.inline = true;
        }
        return data;
    }

    function generateImage() {
        send('img', imageRequest(), $('img-outcome'), (data) => {
            imageAddr = data.addr;
            // An inline image is shown from the reply itself: the same bytes as the file at addr.
            $('img').src = data.image || base + 'images/' + encodeURIComponent(data.addr);
            $('img').hidden = false;
            $('img-placeholder').hidden = true;
            $('img-title').textContent = data.title;
            $('img-addr').textContent = data.addr;
            $('img-answer').value = '';
        });
    }

    $('img-refresh').addEventListener('click', generateImage);
    $('img-generate').addEventListener('click', generateImage);
    $('img-verify').addEventListener('submit', (event) => {
        event.preventDefault();
        send('img', {action: 'verify', addr: imageAddr, answer: $('img-answer').value}, $('img-outcome'));
    });

    // --- SMS code ---

    function mainlandNumber() {
        const match = PHONE.exec($('sms-phone').value);
        return match && match[1];
    }

    /** Counts down per number, as the server limits per number. */
    function renderSendButton() {
        const left = Math.ceil(((cooldownUntil.get(mainlandNumber()) ?? 0) - Date.now()) / 1000);
        const button = $('sms-send-button');
        button.disabled = !connected() || left > 0;
        if (left > 0) {
            bilingual(button, `${left} 秒后重发`, `resend in ${left} s`);
        } else {
            bilingual(button, '发送验证码', 'Send code');
        }
    }

    $('sms-phone').addEventListener('input', () => {
        $('sms-phone').removeAttribute('aria-invalid');
        renderSendButton();
    });
    $('sms-send').addEventListener('submit', (event) => {
        event.preventDefault();
        const phone = $('sms-phone').value;
        const number = mainlandNumber();
        if (!number) {
            $('sms-phone').setAttribute('aria-invalid', 'true');
            $('sms-phone').focus();
            showOutcome($('sms-outcome'), 'generate', false,
                '1016 手机号格式错误（页面检查，未发送 checked in the page, not sent）');
            return;
        }
        send('sms', {action: 'generate', phone}, $('sms-outcome'), (data) => {
            $('sms-title').textContent = data.title;
            cooldownUntil.set(number, Date.now() + SMS_INTERVAL_MS);
            renderSendButton();
        });
    });
    $('sms-verify').addEventListener('submit', (event) => {
        event.preventDefault();
        send('sms', {action: 'verify', phone: $('sms-phone').value, code: $('sms-code').value}, $('sms-outcome'));
    });
    setInterval(renderSendButton, 1000);

    // --- protocol log ---

    function addToLog(entry) {
        $('log').prepend(entry);
        while ($('log').childElementCount > MAX_LOG_ENTRIES) {
            $('log').lastElementChild.remove();
        }
    }

    function logNote(zh, en) {
        const entry = document.createElement('li');
        entry.className = 'note';
        bilingual(entry, `${new Date().toLocaleTimeString('zh-CN', {hour12: false})} ${zh}`, en);
        addToLog(entry);
    }

    /** Adds an envelope, pretty-printed, with a detail (its round trip, or a copy button); returns its body. */
    function logEnvelope(direction, envelope, detail) {
        const entry = document.createElement('li');
        entry.className = direction;
        const meta = document.createElement('div');
        meta.className = 'meta';
        const heading = document.createElement('span');
        if (direction === 'sent') {
            bilingual(heading, '→ 发送', 'sent');
        } else {
            bilingual(heading, '← 收到', 'received');
        }
        const time = document.createElement('time');
        time.textContent = new Date().toLocaleTimeString('zh-CN', {hour12: false});
        meta.append(heading, time, detail);
        const body = document.createElement('pre');
        body.textContent = JSON.stringify(envelope, null, 2);
        entry.append(meta, body);
        addToLog(entry);
        return body;
    }

    /**
     * Copies the frame exactly as sent. Where the clipboard is refused, or missing (pages served
     * over plain http to another host), selects the request for Ctrl+C instead.
     */
    function copyRequest(text, body, button) {
        Promise.resolve()
            .then(() => navigator.clipboard.writeText(text))
            .then(() => bilingual(button, '已复制', 'copied'), () => {
                getSelection().selectAllChildren(body);
                bilingual(button, '已选中，请按 Ctrl+C', 'selected: press Ctrl+C');
            });
    }

    $('log-clear').addEventListener('click', () => $('log').replaceChildren());

    $('key-form').addEventListener('submit', (event) => {
        event.preventDefault();
        apiKey = $('api-key').value.trim();
        // Reconnect at once with the new key, not after the current retry delay.
        clearTimeout(retryTimer);
        socket.onclose = null;
        socket.close();
        pending.clear();
        retryMs = FIRST_RETRY_MS;
        connect();
    });

    $('endpoint').textContent = endpoint;
    connect();
})();
