// A browser for the differential check: jsdom running djust's real client JS.
//
// demo/tests/differential/production.py starts `node browser.mjs` and talks to
// it in JSON lines on stdin/stdout: one command per line, one reply per line.
// The page is the HTML Django served for an HTTP GET; its <script src> files
// (djust's client.js) are handed over by Python and run by jsdom as the page
// asks (defer included). WebSocket is a stand-in that keeps what the page
// sends and lets Python deliver what djust's LiveViewConsumer answered, so
// the frames the page sends and the DOM it ends up with are the real client's.
//
// Every reply carries what happened since the previous one: frames the page
// sent, sockets it opened or closed, pages it tried to navigate to, errors it
// logged, and the page as it now is (dj-root HTML, form controls, URL, title).

import { createRequire } from "node:module";
import readline from "node:readline";

const require = createRequire(import.meta.url);

// jsdom does not navigate across documents; it only reports "not
// implemented". Record where the page wanted to go instead, so Python can
// load that URL as the browser would. Location-impl.js takes `navigate` from
// this module when it is first loaded, so the wrapper goes in before jsdom.
const navigation = require("jsdom/lib/jsdom/living/window/navigation.js");
const originalNavigate = navigation.navigate;
navigation.navigate = (window, newURL, flags) => {
  const page = window.__differentialPage;
  const whatwg = require("whatwg-url");
  const target = whatwg.serializeURL(newURL);
  const current = window.location.href;
  const sameDocument =
    target.split("#")[0] === current.split("#")[0] && !(flags && flags.reloadTriggered);
  if (page && !sameDocument && newURL.scheme !== "javascript") {
    page.navigations.push(target);
    return undefined;
  }
  return originalNavigate(window, newURL, flags);
};

const { JSDOM, VirtualConsole, ResourceLoader } = require("jsdom");

class PageScripts extends ResourceLoader {
  constructor(scripts) {
    super();
    this.scripts = scripts;
  }

  fetch(url, options) {
    const path = new URL(url).pathname;
    if (Object.prototype.hasOwnProperty.call(this.scripts, path)) {
      return Promise.resolve(Buffer.from(this.scripts[path], "utf8"));
    }
    // Anything else (stylesheets, images, scripts Django did not serve) is not loaded.
    return null;
  }
}

class Page {
  constructor() {
    this.sent = []; // [socket index, frame]
    this.sockets = [];
    this.opened = [];
    this.closedByPage = [];
    this.navigations = [];
    this.errors = [];
    this.warnings = [];
    this.dom = null;
    this.mutations = 0;
  }

  drain() {
    const out = {
      sent: this.sent.map(([socket, frame]) => ({ socket, frame })),
      opened: this.opened,
      closed_by_page: this.closedByPage,
      navigations: this.navigations,
      errors: this.errors,
      warnings: this.warnings,
    };
    this.sent = [];
    this.opened = [];
    this.closedByPage = [];
    this.navigations = [];
    this.errors = [];
    this.warnings = [];
    return out;
  }
}

let page = null;

// What a browser has and jsdom lacks, as far as djust's client and the
// example's pages use it. Each stand-in does what the browser does, or (for
// layout-only APIs) nothing, as a browser that never lays anything out would.
function cssEscape(value) {
  // CSSOM "serialize an identifier" (https://drafts.csswg.org/cssom/#serialize-an-identifier).
  const text = String(value);
  const first = text.charCodeAt(0);
  if (text.length === 1 && first === 0x2d) return "\\" + text;
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const digit = code >= 0x30 && code <= 0x39;
    if (code === 0) {
      out += "\uFFFD";
    } else if (
      (code >= 0x01 && code <= 0x1f) ||
      code === 0x7f ||
      (i === 0 && digit) ||
      (i === 1 && digit && first === 0x2d)
    ) {
      out += "\\" + code.toString(16) + " ";
    } else if (
      code >= 0x80 ||
      code === 0x2d ||
      code === 0x5f ||
      digit ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a)
    ) {
      out += text.charAt(i);
    } else {
      out += "\\" + text.charAt(i);
    }
  }
  return out;
}

function fillBrowserGaps(window) {
  if (!window.CSS) window.CSS = {};
  if (typeof window.CSS.escape !== "function") window.CSS.escape = cssEscape;
  if (typeof window.CSS.supports !== "function") window.CSS.supports = () => false;
  if (typeof window.Element.prototype.scrollIntoView !== "function") {
    window.Element.prototype.scrollIntoView = function scrollIntoView() {};
  }
  if (typeof window.matchMedia !== "function") {
    window.matchMedia = (query) => ({
      matches: false,
      media: String(query),
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    });
  }
  for (const name of ["IntersectionObserver", "ResizeObserver"]) {
    if (typeof window[name] !== "function") {
      window[name] = class {
        observe() {}
        unobserve() {}
        disconnect() {}
        takeRecords() {
          return [];
        }
      };
    }
  }
}
// DJUST_TESTING_DIFFERENTIAL_DEBUG=1: djust's own debug log comes back as warnings.
const DEBUG = Boolean(process.env.DJUST_TESTING_DIFFERENTIAL_DEBUG);

function fakeWebSocketClass(window, owner) {
  // What 03-websocket.js uses: the constructor, readyState and its
  // constants, send(), close() and the on* handler properties.
  class FakeWebSocket {
    constructor(url) {
      this.url = String(url);
      this.readyState = FakeWebSocket.CONNECTING;
      this.binaryType = "blob";
      this.bufferedAmount = 0;
      this.protocol = "";
      this.extensions = "";
      this.onopen = null;
      this.onmessage = null;
      this.onclose = null;
      this.onerror = null;
      this._listeners = {};
      this.index = owner.sockets.length;
      owner.sockets.push(this);
      owner.opened.push({ socket: this.index, url: this.url });
    }

    addEventListener(type, listener) {
      (this._listeners[type] = this._listeners[type] || []).push(listener);
    }

    removeEventListener(type, listener) {
      this._listeners[type] = (this._listeners[type] || []).filter((l) => l !== listener);
    }

    send(data) {
      if (this.readyState !== FakeWebSocket.OPEN) {
        throw new window.DOMException("WebSocket is not open", "InvalidStateError");
      }
      if (typeof data !== "string") {
        owner.errors.push(
          `the page sent a binary WebSocket frame (${typeof data}); not supported here`,
        );
        return;
      }
      owner.sent.push([this.index, JSON.parse(data)]);
    }

    close(code = 1000, reason = "") {
      if (this.readyState >= FakeWebSocket.CLOSING) return;
      this.readyState = FakeWebSocket.CLOSED;
      owner.closedByPage.push({ socket: this.index, code });
      window.setTimeout(() => this._fire("close", { code, reason, wasClean: true }), 0);
    }

    _fire(type, init) {
      const event = { type, target: this, ...init };
      const handler = this["on" + type];
      if (typeof handler === "function") handler.call(this, event);
      for (const listener of this._listeners[type] || []) listener.call(this, event);
    }
  }
  for (const [name, value] of Object.entries({ CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 })) {
    FakeWebSocket[name] = value;
    FakeWebSocket.prototype[name] = value;
  }
  return FakeWebSocket;
}

async function settle(window) {
  // Promise jobs run between tasks; zero-delay tasks let djust's
  // handleMessage chain, popstate, animation frames (see beforeParse) and
  // djust's own setTimeout(0) steps finish. Done once nothing has changed
  // (no DOM mutation, no frame sent) for QUIET_TURNS tasks in a row.
  const QUIET_TURNS = 4;
  const MAX_TURNS = 400;
  let quiet = 0;
  let seen = -1;
  for (let turn = 0; turn < MAX_TURNS && quiet < QUIET_TURNS; turn += 1) {
    await new Promise((resolve) => window.setTimeout(resolve, 0));
    const now = page.mutations + page.sent.length + page.navigations.length + page.opened.length;
    quiet = now === seen ? quiet + 1 : 0;
    seen = now;
  }
}

function controlsOf(root) {
  const out = [];
  for (const el of root.querySelectorAll("input, select, textarea")) {
    const entry = {
      tag: el.tagName.toLowerCase(),
      name: el.getAttribute("name") || "",
      id: el.getAttribute("id") || "",
      type: (el.getAttribute("type") || "").toLowerCase(),
    };
    if (entry.tag === "select") {
      entry.value = el.multiple
        ? Array.from(el.selectedOptions)
            .map((o) => o.value)
            .join(", ")
        : el.value;
    } else if (entry.type === "checkbox" || entry.type === "radio") {
      entry.value = el.checked ? "checked" : "not checked";
    } else {
      entry.value = el.value;
    }
    out.push(entry);
  }
  return out;
}

function snapshot() {
  const window = page.dom.window;
  const document = window.document;
  const root = document.querySelector("[dj-root]") || document.querySelector("[dj-view]");
  return {
    html: root ? root.innerHTML : null,
    root_attributes: root
      ? Object.fromEntries(Array.from(root.attributes).map((a) => [a.name, a.value]))
      : null,
    controls: root ? controlsOf(root) : [],
    url: window.location.pathname + window.location.search,
    title: document.title,
  };
}

function reply() {
  return { ...page.drain(), page: snapshot() };
}

function need(selector) {
  const el = page.dom.window.document.querySelector(selector);
  if (!el) throw new Error(`no element matches ${selector}`);
  return el;
}

function isTextField(el) {
  if (el.tagName === "TEXTAREA") return true;
  if (el.tagName !== "INPUT") return false;
  const type = (el.getAttribute("type") || "text").toLowerCase();
  return !["checkbox", "radio", "button", "submit", "reset", "file", "image", "hidden"].includes(
    type,
  );
}

function fire(el, type) {
  el.dispatchEvent(new page.dom.window.Event(type, { bubbles: true }));
}

// A user's input, as a browser (Chromium) delivers it. Typing into a text
// field: focus, the value, an input event; the change event comes when the
// user commits it (leaves the field, or presses Enter). Picking an option:
// input and change at once, focus stays on the select.
function typeInto(el, value) {
  el.focus();
  const before = el.value;
  el.value = value;
  fire(el, "input");
  if (!isTextField(el)) fire(el, "change");
  return before !== el.value;
}

function commit(el, changed) {
  if (changed && isTextField(el)) fire(el, "change");
}

const commands = {
  async open({ url, html, scripts }) {
    if (page && page.dom) page.dom.window.close();
    page = new Page();
    const owner = page;
    const virtualConsole = new VirtualConsole();
    virtualConsole.on("error", (...args) => owner.errors.push(args.map(String).join(" ")));
    virtualConsole.on("warn", (...args) => owner.warnings.push(args.map(String).join(" ")));
    if (DEBUG) {
      virtualConsole.on("log", (...args) =>
        owner.warnings.push("log: " + args.map(String).join(" ")),
      );
    }
    virtualConsole.on("jsdomError", (error) => {
      owner.errors.push(`jsdom: ${error.message}${error.detail ? ` (${error.detail})` : ""}`);
    });
    const loaded = new Promise((resolve) => {
      page.dom = new JSDOM(html, {
        url,
        runScripts: "dangerously",
        resources: new PageScripts(scripts || {}),
        virtualConsole,
        // A visible page: requestAnimationFrame exists and document.hidden is false.
        pretendToBeVisual: true,
        beforeParse(window) {
          window.__differentialPage = owner;
          fillBrowserGaps(window);
          // jsdom's visual mode runs animation frames on a 60 Hz timer; a
          // frame "soon, after this task" is all djust relies on, so it runs
          // on the next task here (no step waits for a 16 ms tick).
          window.requestAnimationFrame = (callback) =>
            window.setTimeout(() => callback(window.performance.now()), 0);
          window.cancelAnimationFrame = (handle) => window.clearTimeout(handle);
          // djust's client swallows an exception in handleServerResponse (a
          // patch it could not apply) unless djustDebug is on; on, it reports it
          // with console.error. The flag only gates logging (grep djustDebug in
          // static/djust/src), so it is on and the page's errors are compared.
          window.djustDebug = true;
          window.WebSocket = fakeWebSocketClass(window, owner);
          window.addEventListener("load", () => resolve());
        },
      });
    });
    await loaded;
    new page.dom.window.MutationObserver((records) => {
      owner.mutations += records.length;
    }).observe(page.dom.window.document, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    await settle(page.dom.window);
    return reply();
  },

  async ws_open({ socket }) {
    const ws = page.sockets[socket];
    ws.readyState = 1;
    ws._fire("open", {});
    await settle(page.dom.window);
    return reply();
  },

  async ws_deliver({ socket, frames }) {
    const ws = page.sockets[socket];
    for (const frame of frames) {
      if (ws.readyState !== 1) break;
      ws._fire("message", { data: JSON.stringify(frame) });
    }
    await settle(page.dom.window);
    return reply();
  },

  async ws_closed({ socket, code }) {
    const ws = page.sockets[socket];
    if (ws.readyState !== 3) {
      ws.readyState = 3;
      ws._fire("close", { code, reason: "", wasClean: code === 1000 });
    }
    await settle(page.dom.window);
    return reply();
  },

  async click({ selector }) {
    // A mouse click focuses what it clicks (Chromium, Firefox), then clicks it.
    const el = need(selector);
    el.focus();
    el.click();
    await settle(page.dom.window);
    return reply();
  },

  async change({ selector, value }) {
    // The user types `value` and leaves the field (Tab): change, then blur.
    const el = need(selector);
    const changed = typeInto(el, value);
    commit(el, changed);
    if (isTextField(el)) el.blur();
    await settle(page.dom.window);
    return reply();
  },

  async input({ selector, value }) {
    // The user types `value` into a field and stays in it: focus, the value, one
    // input event (a paste; typing fires one per key).
    const el = need(selector);
    el.focus();
    el.value = value;
    fire(el, "input");
    await settle(page.dom.window);
    return reply();
  },

  async tick({ selector }) {
    // A click on a checkbox or radio: it flips, then input and change fire.
    const el = need(selector);
    el.focus();
    el.click();
    await settle(page.dom.window);
    return reply();
  },

  async show_page() {
    // The page becomes visible again: djust's client fires every dj-poll at once.
    page.dom.window.document.dispatchEvent(new page.dom.window.Event("visibilitychange"));
    await settle(page.dom.window);
    return reply();
  },

  async fill_and_submit({ form, fields }) {
    // The user types into each field in turn (Tab from one to the next commits
    // it), then presses Enter in the last one: that commits it too, then the
    // form is submitted with no submitter (HTML implicit submission).
    const formEl = need(form);
    for (let i = 0; i < fields.length; i += 1) {
      const [selector, value] = fields[i];
      const el = need(selector);
      const changed = typeInto(el, value);
      commit(el, changed);
      if (i < fields.length - 1 && isTextField(el)) el.blur();
      await settle(page.dom.window);
    }
    formEl.requestSubmit();
    await settle(page.dom.window);
    return reply();
  },

  async submit({ selector, submitter }) {
    // Enter in the form (no field changed): the form is submitted.
    const form = need(selector);
    form.requestSubmit(submitter ? need(submitter) : undefined);
    await settle(page.dom.window);
    return reply();
  },

  async handle_event({ name, params }) {
    // djust's public entry point for an event (11-event-handler.js), what a
    // dj-* binding calls once it has built its params.
    page.dom.window.djust.handleEvent(name, params || {});
    await settle(page.dom.window);
    return reply();
  },

  async history({ delta }) {
    page.dom.window.history.go(delta);
    await settle(page.dom.window);
    return reply();
  },

  async state() {
    await settle(page.dom.window);
    return reply();
  },

  async eval({ source }) {
    // For debugging the harness: run `source` in the page, return its result.
    const result = page.dom.window.eval(source);
    await settle(page.dom.window);
    return { ...reply(), result: String(result) };
  },

  async close() {
    if (page && page.dom) page.dom.window.close();
    page = null;
    return {};
  },
};

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    let message;
    try {
      message = JSON.parse(line);
      const command = commands[message.cmd];
      if (!command) throw new Error(`unknown command ${message.cmd}`);
      const result = await command(message);
      process.stdout.write(JSON.stringify({ id: message.id, ok: true, result }) + "\n");
    } catch (error) {
      const id = message ? message.id : null;
      process.stdout.write(
        JSON.stringify({
          id,
          ok: false,
          error: String(error && error.stack ? error.stack : error),
        }) + "\n",
      );
    }
  });
});
lines.on("close", () => {
  queue.then(() => process.exit(0));
});
