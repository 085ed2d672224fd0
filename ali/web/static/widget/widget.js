/*!
 * ALI web chat widget: the council's virtual assistant on any web page.
 *
 *   <script src="https://HOST/widget.js" data-council="alicante" async></script>
 *
 * Defines the <ali-chat> custom element (Shadow DOM, styles inside it) and, when the script tag
 * names a council, appends one to the page. No build step, no dependencies, no third-party
 * requests: everything it loads comes from the ALI API (the origin of this script, or data-api).
 *
 * Safety: every text from the server or the citizen reaches the page through textContent or
 * createElement; nothing is ever parsed as HTML. Links are created only for http(s) URLs.
 * See docs/widget.md.
 */
(() => {
  "use strict";

  const TAG = "ali-chat";
  if (!window.customElements || customElements.get(TAG)) return;

  // Captured now: document.currentScript is only set while this script runs.
  const SCRIPT = document.currentScript;
  const SCRIPT_ORIGIN = SCRIPT && SCRIPT.src ? new URL(SCRIPT.src, location.href).origin : location.origin;

  const STORAGE_PREFIX = "ali-chat:v1:";
  const MAX_STORED_ENTRIES = 120;
  const MAX_MESSAGE_CHARS = 2000;
  const LANGUAGE_NAMES = { es: "Español", va: "Valencià", en: "English" };
  const SPEECH_LOCALES = { es: "es-ES", va: "ca-ES", en: "en-GB" };
  // BCP 47 tags for lang attributes: Valencian is the registered variant of Catalan.
  const LANGUAGE_TAGS = { es: "es", va: "ca-ES-valencia", en: "en" };
  const languageTag = (code) => LANGUAGE_TAGS[code] || code;

  // ------------------------------------------------------------------------------------------
  // Interface texts: English source strings marked for the gettext catalogues (N_, and NP_ with a
  // context where one English text has two translations); the API serves them translated for
  // each language (GET /api/v1/i18n/{language}, see docs/localisation.md). {name} is the
  // assistant's name. confirmWord / cancelWord / doneWord / noFilesWord are words the dialogue
  // engine accepts (ali/dialogue/commands.py).
  const N_ = (text) => text;
  const NP_ = (context, text) => `${context}\u0004${text}`;
  const sourceText = (id) => id.slice(id.indexOf("\u0004") + 1);

  /** The reply without its closing "Source: <link>" paragraph when the sources list below the
   * bubble shows that link (text channels get the line; the widget shows the titled link once). */
  function withoutSourceLine(text, sources) {
    const paragraphs = text.split("\n\n");
    const last = paragraphs[paragraphs.length - 1].trim();
    const named = sources.some((source) => last.includes(source.url) && last.length <= source.url.length + 40);
    return paragraphs.length > 1 && named && !/\n/.test(last) ? paragraphs.slice(0, -1).join("\n\n") : text;
  }
  const TEXTS = {
    launcher: N_("Ask {name}"),
    close: N_("Close the chat"),
    restart: N_("New conversation"),
    language: N_("Language"),
    log: N_("Conversation with {name}"),
    you: N_("You said:"),
    assistant: N_("{name} said:"),
    input: N_("Type your question"),
    placeholder: N_("Type your question…"),
    send: NP_("widget", "Send"),
    mic: N_("Dictate your question"),
    micStop: N_("Stop listening"),
    listening: N_("Listening…"),
    micError: N_("The microphone could not be used."),
    listen: N_("Read the answer aloud"),
    listenStop: N_("Stop reading"),
    typing: N_("{name} is typing…"),
    privacyTitle: N_("Privacy notice"),
    privacyIntro: N_("Before you start, please read and accept the privacy notice."),
    privacyMore: N_("Full privacy policy"),
    accept: N_("I accept"),
    acceptFailed: N_("Your acceptance could not be recorded. Please try again."),
    sources: N_("Sources:"),
    documents: N_("Documents:"),
    newTab: N_("(opens in a new tab)"),
    step: N_("{title}: step {step} of {total}"),
    summary: N_("Check the details of {title}"),
    confirm: NP_("widget", "Confirm"),
    cancel: NP_("widget", "Cancel"),
    confirmWord: N_("yes"),
    cancelWord: NP_("widget", "cancel"),
    attach: N_("Attach files"),
    or: N_("or"),
    myLocation: N_("Use my location"),
    locating: N_("Finding your location…"),
    locationError: N_("Your location could not be found. Please type the address."),
    filesDone: N_("I have attached everything"),
    noFiles: NP_("widget", "Continue without attachments"),
    doneWord: N_("done"),
    noFilesWord: N_("none"),
    attached: N_("Attached files:"),
    removeFile: N_("Remove {file}"),
    uploading: N_("Attaching {file}…"),
    uploaded: N_("{file} attached."),
    removed: N_("{file} removed."),
    uploadRejected: N_("{file} could not be attached: {reason}"),
    uploadFailed: N_("{file} could not be attached. Please try again."),
    useful: N_("Useful answer"),
    notUseful: N_("Not a useful answer"),
    thanks: N_("Thank you for your feedback."),
    human: N_("Talk to a person"),
    humanMessage: N_("I want to talk to a person"),
    signIn: N_("Sign in"),
    signedIn: N_("You are signed in."),
    signOut: N_("Sign out"),
    retry: N_("Retry"),
    errorNetwork: N_("Not sent: there is no connection with the assistant. Your message has not been lost."),
    errorUnavailable: N_("The assistant is not available right now. Your message has not been lost."),
    errorExpired: N_("Your session has expired. Please sign in again and retry."),
    errorInvalid: N_("Not sent: a message must have between 1 and 2000 characters."),
    errorUnknown: N_("This assistant is not available on this page."),
  };

  // Each error: the text to show, whether Retry makes sense, whether to offer sign-in.
  const ERRORS = {
    network: { text: "errorNetwork", retry: true },
    unavailable: { text: "errorUnavailable", retry: true },
    expired: { text: "errorExpired", retry: true, signIn: true },
    invalid: { text: "errorInvalid", retry: false },
    unknown: { text: "errorUnknown", retry: false },
  };

  const ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
    send: "M3 20l18-8L3 4v6l12 2-12 2z",
    mic: "M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3",
    speaker: "M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11",
    up: "M7 11v9H4v-9zM7 11l4-8a2 2 0 0 1 2 2v4h6a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.8 20H7",
    down: "M7 13V4H4v9zM7 13l4 8a2 2 0 0 0 2-2v-4h6a2 2 0 0 0 2-2.3l-1.2-7A2 2 0 0 0 17.8 4H7",
    restart: "M4 12a8 8 0 1 0 2.3-5.7M4 4v4h4",
    person: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
    file: "M6 2h8l5 5v15H6zM14 2v5h5M12 11v7M9 15l3 3 3-3",
  };

  const CSS = `
:host { all: initial; }
:host, * { box-sizing: border-box; }
[hidden] { display: none !important; }
.root {
  --ali-primary: #00599c; --ali-on-primary: #fff; --ali-accent: #f2b705; --ali-link: #00599c;
  --ali-text: #1b1f24; --ali-muted: #4a5561; --ali-bot: #eef2f6; --ali-border: #c4ccd5;
  --ali-danger: #a4161a;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ali-text);
}
button, select, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
svg { width: 1.25em; height: 1.25em; flex: none; fill: none; stroke: currentColor;
  stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
:focus-visible { outline: 3px solid var(--ali-primary); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex;
  align-items: center; gap: .5em; padding: .75em 1.15em; border: 2px solid var(--ali-on-primary);
  border-radius: 999px; background: var(--ali-primary); color: var(--ali-on-primary);
  font-weight: 600; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.launcher:focus-visible { outline-color: var(--ali-text); outline-offset: 3px; }

.panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001;
  width: min(400px, calc(100vw - 40px)); height: min(640px, calc(100vh - 40px));
  display: flex; flex-direction: column; background: #fff; border: 1px solid var(--ali-border);
  border-radius: 14px; box-shadow: 0 10px 40px rgba(0,0,0,.3); overflow: hidden; }
@media (max-width: 480px), (max-height: 520px) {
  .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; border: 0; }
}

.header { display: flex; align-items: center; gap: .6em; padding: .6em .75em;
  background: var(--ali-primary); color: var(--ali-on-primary);
  border-bottom: 4px solid var(--ali-accent); }
.logo { width: 36px; height: 36px; object-fit: contain; background: #fff; border-radius: 6px;
  padding: 2px; }
.titles { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 1.05em; line-height: 1.2; }
.subtitle { margin: 0; font-size: .8em; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.header select { max-width: 7.5em; padding: .25em; border: 1px solid var(--ali-on-primary);
  border-radius: 6px; background: var(--ali-primary); color: var(--ali-on-primary); }
.header select option { background: #fff; color: var(--ali-text); }
.icon-button { display: inline-flex; align-items: center; justify-content: center;
  min-width: 44px; min-height: 44px; padding: 0; border: 0; border-radius: 8px;
  background: transparent; color: inherit; }
.header .icon-button:hover { background: rgba(255,255,255,.18); }
.header :focus-visible { outline-color: var(--ali-on-primary); outline-offset: -3px; }

.session { display: flex; align-items: center; justify-content: space-between; gap: .5em;
  padding: .3em .75em; font-size: .85em; background: #e7f3ea; color: #14532d; }
.link-button { padding: .2em; border: 0; background: none; color: inherit; font-size: inherit;
  text-decoration: underline; }

.scroller { position: relative; flex: 1; overflow-y: auto; padding: .75em; overscroll-behavior: contain; }
.log { display: flex; flex-direction: column; gap: .75em; }
.msg { display: flex; flex-direction: column; gap: .35em; max-width: 92%; }
.msg.user { align-self: flex-end; align-items: flex-end; }
.msg.bot { align-self: flex-start; }
.bubble { padding: .55em .8em; border-radius: 12px; overflow-wrap: anywhere; }
.user .bubble { background: var(--ali-primary); color: var(--ali-on-primary);
  border-bottom-right-radius: 3px; white-space: pre-wrap; }
.bot .bubble { background: var(--ali-bot); border-bottom-left-radius: 3px; }
.bubble p { margin: 0 0 .5em; }
.bubble ul, .bubble ol { margin: 0 0 .5em; padding-left: 1.3em; }
.bubble > :last-child { margin-bottom: 0; }
.bubble a, .links a { color: var(--ali-link); text-decoration: underline; }
.streaming { white-space: pre-wrap; }
.failed .bubble { background: #fff; color: var(--ali-text); border: 2px solid var(--ali-danger); }
.error { display: flex; flex-wrap: wrap; align-items: center; gap: .5em; font-size: .875em;
  color: var(--ali-danger); text-align: right; justify-content: flex-end; }

.links { font-size: .9em; }
.links p { margin: 0; font-weight: 600; color: var(--ali-muted); }
.links ul { margin: .1em 0 0; padding-left: 1.1em; }
.document { display: inline-flex; align-items: center; gap: .4em; padding: .45em .8em;
  border: 2px solid var(--ali-primary); border-radius: 8px; font-weight: 600;
  text-decoration: none !important; }

.actions { display: flex; flex-wrap: wrap; gap: .4em; }
.actions-title { width: 100%; margin: 0; font-size: .85em; color: var(--ali-muted); }
.chip { padding: .4em .8em; border: 2px solid var(--ali-primary); border-radius: 999px;
  background: #fff; color: var(--ali-link); text-align: left; font-size: .9em; }
.chip:hover { background: var(--ali-bot); }
.chip.primary { background: var(--ali-primary); color: var(--ali-on-primary); }
.files { width: 100%; margin: 0; padding: 0; list-style: none; font-size: .9em; }
.files li { display: flex; align-items: center; gap: .4em; }
.files svg { width: 1.1em; height: 1.1em; }
.file-name { overflow-wrap: anywhere; }
.remove-file { min-width: 36px; min-height: 36px; font-size: 1.2em; }
.summary { width: 100%; margin: 0; padding: .5em .75em; border: 1px solid var(--ali-border);
  border-radius: 10px; font-size: .9em; }
.summary div { display: flex; gap: .5em; }
.summary dt { font-weight: 600; }
.summary dd { margin: 0; overflow-wrap: anywhere; }

.meta { display: flex; align-items: center; gap: .15em; color: var(--ali-muted); font-size: .85em; }
.meta .icon-button { min-width: 36px; min-height: 36px; }
.meta .icon-button:hover { background: var(--ali-bot); }
.meta [aria-pressed="true"] { color: var(--ali-primary); background: var(--ali-bot); }

.typing { display: flex; align-items: center; gap: .5em; margin-top: .75em; color: var(--ali-muted);
  font-size: .9em; }
.dots { display: inline-flex; gap: 4px; padding: .7em .8em; border-radius: 12px;
  background: var(--ali-bot); }
.dots i { width: 7px; height: 7px; border-radius: 50%; background: var(--ali-muted);
  animation: ali-bounce 1.2s infinite ease-in-out; }
.dots i:nth-child(2) { animation-delay: .15s; }
.dots i:nth-child(3) { animation-delay: .3s; }
@keyframes ali-bounce { 0%, 80%, 100% { opacity: .35; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .dots i { animation: none; } }

.privacy { padding: .75em; border-top: 1px solid var(--ali-border); background: #fffbea;
  font-size: .9em; max-height: 55%; overflow-y: auto; }
.privacy h3 { margin: 0 0 .35em; font-size: 1em; }
.privacy p { margin: 0 0 .5em; }
.privacy .accept { margin-top: .25em; padding: .55em 1.2em; border: 0; border-radius: 8px;
  background: var(--ali-primary); color: var(--ali-on-primary); font-weight: 600; }
.privacy a { color: #1b1f24; }
.privacy .error { justify-content: flex-start; text-align: left; }

.composer { display: flex; align-items: flex-end; gap: .35em; padding: .5em .6em;
  border-top: 1px solid var(--ali-border); }
.composer textarea { flex: 1; min-height: 44px; max-height: 8em; resize: none; padding: .55em .7em;
  border: 2px solid var(--ali-muted); border-radius: 10px; background: #fff; }
.composer textarea:disabled { background: #f1f3f5; }
.composer .icon-button { color: var(--ali-primary); }
.composer .icon-button:disabled { color: #8a939c; cursor: not-allowed; }
.composer .send { background: var(--ali-primary); color: var(--ali-on-primary); }
.composer .send:disabled { background: #d5dae0; color: #4a5561; }
.composer [aria-pressed="true"] { background: var(--ali-danger); color: #fff; }
.footer { display: flex; justify-content: space-between; align-items: center; gap: .5em;
  padding: 0 .75em .5em; font-size: .85em; }
.footer .link-button { display: inline-flex; align-items: center; gap: .3em; color: var(--ali-link); }
.status { color: var(--ali-muted); }
`;

  // ------------------------------------------------------------------------------------------
  // Small DOM helpers: elements are built from tag names, properties and children; strings
  // become text nodes, so nothing is ever interpreted as markup.

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key.startsWith("aria-") || key.startsWith("data-") || key === "role") {
        node.setAttribute(key, value === true ? "true" : String(value));
      } else node[key] = value;
    }
    node.append(...children.flat().filter((child) => child !== null && child !== undefined));
    return node;
  }

  function icon(name) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  /** The URL if it is absolute http(s), else null: no javascript:, data: or relative links. */
  function safeUrl(value, base) {
    try {
      const url = new URL(String(value), base);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch {
      return null;
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
  }

  // ------------------------------------------------------------------------------------------
  // Markdown, the small safe subset the engine writes: paragraphs, line breaks, "- " and "1. "
  // lists, **bold**, [label](http-url) and bare http(s) URLs. Output is DOM nodes only.

  const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]{1,300})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'»])/g;
  const BULLET = /^\s*[-*•]\s+(.*)$/;
  const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;

  function link(href, label, newTabText) {
    return el("a", { href, target: "_blank", rel: "noopener noreferrer" }, label,
      el("span", { class: "sr-only", text: ` ${newTabText}` }));
  }

  function appendInline(parent, text, newTabText, allowBold = true) {
    let last = 0;
    for (const match of text.matchAll(INLINE)) {
      const [whole, bold, label, labelled, bare] = match;
      if (bold !== undefined && !allowBold) continue;
      parent.append(text.slice(last, match.index));
      last = match.index + whole.length;
      if (bold !== undefined) {
        const strong = el("strong");
        appendInline(strong, bold, newTabText, false);
        parent.append(strong);
        continue;
      }
      const href = safeUrl(labelled || bare);
      parent.append(href ? link(href, label || bare, newTabText) : whole);
    }
    parent.append(text.slice(last));
  }

  function renderMarkdown(text, newTabText) {
    const fragment = document.createDocumentFragment();
    for (const block of String(text).replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
      let paragraph = null;
      let list = null;
      for (const line of block.split("\n")) {
        const bullet = BULLET.exec(line);
        const numbered = bullet ? null : NUMBERED.exec(line);
        if (bullet || numbered) {
          const type = bullet ? "ul" : "ol";
          if (!list || list.localName !== type) {
            list = el(type);
            if (numbered && numbered[1] !== "1") list.start = Number(numbered[1]);
            fragment.append(list);
          }
          const item = el("li");
          appendInline(item, bullet ? bullet[1] : numbered[2], newTabText);
          list.append(item);
          paragraph = null;
        } else if (line.trim()) {
          list = null;
          if (paragraph) paragraph.append(el("br"));
          else fragment.append((paragraph = el("p")));
          appendInline(paragraph, line, newTabText);
        }
      }
    }
    return fragment;
  }

  /** The reply as plain text, for reading aloud. */
  function plainText(markdown) {
    return String(markdown).replace(/\*\*/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/https?:\/\/\S+/g, "");
  }

  // ------------------------------------------------------------------------------------------
  // Server-sent events over a fetch() response (EventSource cannot POST).

  async function* serverSentEvents(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    const separator = /\r?\n\r?\n/;
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let match;
      while ((match = separator.exec(buffer))) {
        const raw = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        const event = { event: "message", data: [] };
        for (const line of raw.split(/\r?\n/)) {
          const colon = line.indexOf(":");
          if (colon === 0) continue; // a comment
          const field = colon < 0 ? line : line.slice(0, colon);
          const data = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event.event = data;
          else if (field === "data") event.data.push(data);
        }
        yield { event: event.event, data: event.data.join("\n") };
      }
    }
  }

  /** A failed turn; `kind` is a key of ERRORS. */
  class TurnError extends Error {
    constructor(kind, detail) {
      super(detail || kind);
      this.kind = kind;
    }
  }

  function errorKind(status) {
    if (status === 401 || status === 403) return "expired";
    if (status === 404) return "unknown";
    if (status === 413 || status === 422) return "invalid";
    return "unavailable"; // 5xx, 429 and anything unexpected: worth retrying
  }

  // ------------------------------------------------------------------------------------------
  // The ALI API, as the widget uses it.

  const filesPath = (conversationId) => `/conversations/${encodeURIComponent(conversationId)}/attachments`;
  // What the attachments endpoint takes: media type → file name extensions and shown name.
  const FILE_TYPES = {
    "application/pdf": { extensions: [".pdf"], name: "PDF" },
    "image/jpeg": { extensions: [".jpg", ".jpeg"], name: "JPEG" },
    "image/png": { extensions: [".png"], name: "PNG" },
  };

  class Api {
    constructor(base, council) {
      this.root = `${base}/api/v1/councils/${encodeURIComponent(council)}`;
      this.base = base;
    }

    async profile() {
      const response = await fetch(`${this.root}/profile`, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new TurnError(errorKind(response.status));
      return response.json();
    }

    /** The interface texts in `language`: source text (or context + U+0004 + text) -> text. */
    async messages(language) {
      const response = await fetch(`${this.base}/api/v1/i18n/${encodeURIComponent(language)}`,
        { headers: { Accept: "application/json" } });
      if (!response.ok) throw new TurnError(errorKind(response.status));
      return (await response.json()).messages;
    }

    async consent(version, language) {
      const response = await this.post("/consents", { notice_version: version, language, channel: "widget" });
      if (!response.ok) throw new TurnError(errorKind(response.status));
    }

    async feedback(conversationId, turn, useful, token) {
      const path = `/conversations/${encodeURIComponent(conversationId)}/feedback`;
      const response = await this.post(path, { turn, useful }, token);
      if (!response.ok) throw new TurnError(errorKind(response.status));
    }

    /**
     * One turn, streamed: calls onDelta(text) for each piece (with a language model, each
     * sentence once it passed the checks), onReset() when the pieces so far give way to
     * another reply, and resolves with the ChatResponse, whose reply is the text to keep.
     */
    async chat(body, token, onDelta, onReset = () => {}) {
      let response;
      try {
        response = await this.post("/chat/stream", body, token, "text/event-stream");
      } catch (error) {
        throw new TurnError("network", error.message);
      }
      if (!response.ok) throw new TurnError(errorKind(response.status));
      try {
        for await (const { event, data } of serverSentEvents(response.body)) {
          if (event === "delta") onDelta(JSON.parse(data).text || "");
          else if (event === "reset") onReset();
          else if (event === "reply") return JSON.parse(data);
          else if (event === "error") throw new TurnError("unavailable");
        }
      } catch (error) {
        if (error instanceof TurnError) throw error;
        throw new TurnError("network", error.message);
      }
      throw new TurnError("network", "the stream ended before the reply");
    }

    /** Attaches one file to the conversation's form; resolves with {id, filename, ...}. */
    async upload(conversationId, file, token) {
      const data = new FormData();
      data.append("file", file, file.name);
      const headers = { Accept: "application/json" };
      if (token) headers.Authorization = `Bearer ${token}`;
      let response;
      try {
        response = await fetch(`${this.root}${filesPath(conversationId)}`, { method: "POST", headers, body: data });
      } catch (error) {
        throw new TurnError("network", error.message);
      }
      if (response.ok) return response.json();
      // The server's reason for a refused file (type, size, count) is worth showing.
      const body = await response.json().catch(() => ({}));
      throw new TurnError(errorKind(response.status), response.status === 422 ? body.detail : undefined);
    }

    async removeFile(conversationId, id, token) {
      const headers = {};
      if (token) headers.Authorization = `Bearer ${token}`;
      const response = await fetch(`${this.root}${filesPath(conversationId)}/${encodeURIComponent(id)}`,
        { method: "DELETE", headers });
      if (!response.ok && response.status !== 404) throw new TurnError(errorKind(response.status));
    }

    post(path, body, token, accept = "application/json") {
      const headers = { "Content-Type": "application/json", Accept: accept };
      if (token) headers.Authorization = `Bearer ${token}`;
      return fetch(`${this.root}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    }
  }

  // ------------------------------------------------------------------------------------------
  // What survives a reload, per council, in sessionStorage (never the sign-in token).

  class SessionState {
    constructor(council) {
      this.key = STORAGE_PREFIX + council;
      this.conversationId = null;
      this.language = null;
      this.languagePinned = false;
      this.acceptedNotice = null;
      this.open = false;
      this.transcript = [];
      this.load();
    }

    load() {
      try {
        const saved = JSON.parse(sessionStorage.getItem(this.key) || "null");
        if (saved && typeof saved === "object") {
          for (const field of ["conversationId", "language", "languagePinned", "acceptedNotice", "open"]) {
            if (field in saved) this[field] = saved[field];
          }
          if (Array.isArray(saved.transcript)) this.transcript = saved.transcript.filter(isEntry);
          // A message that was on its way when the page went away: offer to send it again.
          for (const entry of this.transcript) {
            if (entry.role === "user" && entry.status === "pending") Object.assign(entry, { status: "failed", error: "network" });
          }
        }
      } catch {
        // Storage blocked or corrupt: start afresh.
      }
    }

    save() {
      const transcript = this.transcript.slice(-MAX_STORED_ENTRIES);
      const { conversationId, language, languagePinned, acceptedNotice, open } = this;
      try {
        sessionStorage.setItem(this.key, JSON.stringify({ conversationId, language, languagePinned, acceptedNotice, open, transcript }));
      } catch {
        // Storage full or blocked: the conversation just won't survive a reload.
      }
    }

    restart() {
      this.conversationId = null;
      this.transcript = [];
      this.save();
    }
  }

  function isEntry(entry) {
    return entry && typeof entry === "object" && (entry.role === "user" || entry.role === "bot");
  }

  function contrast(hexA, hexB) {
    const luminance = (hex) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [light, dark] = [luminance(hexA), luminance(hexB)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  }

  function normalColor(value) {
    if (typeof value !== "string") return null;
    const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
    if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
    return /^#[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : null;
  }

  // ------------------------------------------------------------------------------------------
  // The element.

  class AliChat extends HTMLElement {
    constructor() {
      super();
      this.shadow = this.attachShadow({ mode: "open" });
      this.token = null; // in memory only
      this.profile = null;
      this.catalogues = {};
      this.busy = false;
      this.ui = {};
      this.recognition = null;
    }

    connectedCallback() {
      if (this.started) return;
      this.started = true;
      this.council = this.dataset.council;
      if (!this.council) {
        console.warn("ali-chat: data-council is missing");
        return;
      }
      this.apiBase = (this.dataset.api && safeUrl(this.dataset.api, location.href)) || SCRIPT_ORIGIN;
      this.apiBase = this.apiBase.replace(/\/+$/, "");
      this.api = new Api(this.apiBase, this.council);
      this.state = new SessionState(this.council);
      this.loadProfile(0);
    }

    // --- public API -------------------------------------------------------------------------

    /** Sign in: the citizen's token from the council's identity provider (kept in memory). */
    setAuthToken(token) {
      this.token = token ? String(token) : null;
      this.renderSession();
    }

    clearAuthToken() {
      this.token = null;
      this.renderSession();
    }

    open() {
      this.setOpen(true, true);
    }

    close() {
      this.setOpen(false, true);
    }

    // --- start-up ---------------------------------------------------------------------------

    async loadProfile(attempt) {
      try {
        const profile = await this.api.profile();
        const catalogues = await Promise.all(profile.languages.map((code) =>
          this.api.messages(code).catch((error) => {
            if (error.kind === "unknown") return null; // no interface texts for this language
            throw error;
          })));
        this.catalogues = {};
        profile.languages.forEach((code, index) => {
          if (catalogues[index]) this.catalogues[code] = catalogues[index];
        });
        this.profile = profile;
      } catch (error) {
        if (error.kind === "unknown" || attempt >= 4) {
          console.warn(`ali-chat: the assistant for "${this.council}" is not available`, error);
          return;
        }
        setTimeout(() => this.loadProfile(attempt + 1), 1000 * 2 ** attempt);
        return;
      }
      this.state.language = this.initialLanguage();
      this.build();
      this.renderTranscript();
      this.setOpen(Boolean(this.state.open), false);
    }

    initialLanguage() {
      const languages = this.profile.languages;
      const pick = (value) => {
        const code = String(value || "").toLowerCase().split("-")[0];
        const language = code === "ca" ? "va" : code;
        return languages.includes(language) && this.catalogues[language] ? language : null;
      };
      return pick(this.state.language) || pick(this.dataset.language) ||
        pick(document.documentElement.lang) || pick(this.profile.default_language) || "es";
    }

    t(key, values = {}) {
      const id = TEXTS[key];
      const messages = this.catalogues[this.state.language] || {};
      return fill(messages[id] || sourceText(id), { name: this.profile.assistant_name, ...values });
    }

    // --- building the interface -------------------------------------------------------------

    build() {
      this.applyStyles();
      const ui = this.ui;
      ui.launcher = el("button", { class: "launcher", type: "button", "aria-expanded": "false",
        "aria-controls": "ali-panel", onclick: () => this.setOpen(true, true) }, icon("chat"),
        (ui.launcherText = el("span")));

      ui.title = el("h2", { class: "title", id: "ali-title", text: this.profile.assistant_name });
      ui.language = el("select", { id: "ali-language", onchange: () => this.changeLanguage(ui.language.value) },
        this.profile.languages.filter((code) => this.catalogues[code]).map((code) =>
          el("option", { value: code, lang: languageTag(code), text: LANGUAGE_NAMES[code] || code })));
      ui.languageLabel = el("label", { class: "sr-only", htmlFor: "ali-language" });
      ui.restart = el("button", { class: "icon-button", type: "button", onclick: () => this.restart() }, icon("restart"));
      ui.close = el("button", { class: "icon-button", type: "button", onclick: () => this.setOpen(false, true) }, icon("close"));
      const logo = this.profile.branding && this.profile.branding.logo_url
        ? safeUrl(this.profile.branding.logo_url, this.apiBase + "/") : null;
      const header = el("div", { class: "header" },
        logo ? el("img", { class: "logo", src: logo, alt: "", width: 36, height: 36 }) : null,
        el("div", { class: "titles" }, ui.title, el("p", { class: "subtitle", text: this.profile.name })),
        ui.languageLabel, ui.language, ui.restart, ui.close);

      ui.sessionText = el("span");
      ui.signOut = el("button", { class: "link-button", type: "button", onclick: () => this.clearAuthToken() });
      ui.session = el("div", { class: "session", hidden: true }, ui.sessionText, ui.signOut);

      ui.log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
      ui.typingText = el("span");
      ui.typing = el("div", { class: "typing", role: "status", hidden: true },
        el("span", { class: "dots", "aria-hidden": "true" }, el("i"), el("i"), el("i")), ui.typingText);
      ui.scroller = el("div", { class: "scroller" }, ui.log, ui.typing);

      ui.privacy = this.buildPrivacy();
      ui.composer = this.buildComposer();
      ui.human = el("button", { class: "link-button", type: "button",
        onclick: () => this.send(this.t("humanMessage")) }, icon("person"), (ui.humanText = el("span")));
      ui.status = el("span", { class: "status", role: "status" });
      const footer = el("div", { class: "footer" }, ui.human, ui.status);

      ui.panel = el("div", { class: "panel", id: "ali-panel", role: "dialog", "aria-labelledby": "ali-title",
        hidden: true, onkeydown: (event) => this.onPanelKey(event) },
        header, ui.session, ui.scroller, ui.privacy, ui.composer, footer);
      ui.root = el("div", { class: "root" }, ui.launcher, ui.panel);
      this.shadow.append(ui.root);
      this.applyBranding();
      this.applyTexts();
      this.renderPrivacy();
      this.renderSession();
    }

    applyStyles() {
      if ("adoptedStyleSheets" in this.shadow && window.CSSStyleSheet && "replaceSync" in CSSStyleSheet.prototype) {
        // Constructed sheets also work on pages whose CSP forbids inline <style>.
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        this.shadow.adoptedStyleSheets = [sheet];
      } else {
        this.shadow.append(el("style", { text: CSS }));
      }
    }

    /** Council colours, with text colours chosen to keep AA contrast whatever they are. */
    applyBranding() {
      const branding = this.profile.branding || {};
      const style = this.ui.root.style;
      const primary = normalColor(branding.primary_color);
      const accent = normalColor(branding.secondary_color);
      if (primary) {
        style.setProperty("--ali-primary", primary);
        style.setProperty("--ali-on-primary", contrast(primary, "#ffffff") >= 4.5 ? "#fff" : "#111");
        style.setProperty("--ali-link", contrast(primary, "#eef2f6") >= 4.5 ? primary : "#0b3d6e");
      }
      if (accent) style.setProperty("--ali-accent", accent);
    }

    buildPrivacy() {
      const ui = this.ui;
      ui.privacyTitle = el("h3", { id: "ali-privacy-title" });
      ui.privacyIntro = el("p");
      ui.privacyText = el("p");
      const url = this.profile.privacy && safeUrl(this.profile.privacy.url);
      ui.privacyMore = url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }) : null;
      ui.accept = el("button", { class: "accept", type: "button", onclick: () => this.acceptNotice() });
      ui.privacyError = el("p", { class: "error", role: "alert", hidden: true });
      return el("div", { class: "privacy", role: "region", "aria-labelledby": "ali-privacy-title" },
        ui.privacyTitle, ui.privacyIntro, ui.privacyText, ui.privacyMore ? el("p", {}, ui.privacyMore) : null,
        ui.accept, ui.privacyError);
    }

    buildComposer() {
      const ui = this.ui;
      ui.inputLabel = el("label", { class: "sr-only", htmlFor: "ali-input" });
      ui.input = el("textarea", { id: "ali-input", rows: 1, maxLength: MAX_MESSAGE_CHARS,
        autocomplete: "off", onkeydown: (event) => this.onInputKey(event), oninput: () => this.fitInput() });
      ui.send = el("button", { class: "icon-button send", type: "submit" }, icon("send"));
      const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
      ui.mic = Recognition
        ? el("button", { class: "icon-button mic", type: "button", "aria-pressed": "false",
          onclick: () => this.toggleDictation(Recognition) }, icon("mic"))
        : null;
      return el("form", { class: "composer", onsubmit: (event) => { event.preventDefault(); this.sendInput(); } },
        ui.inputLabel, ui.input, ui.mic, ui.send);
    }

    /** Every interface text in the current language (the transcript keeps its own). */
    applyTexts() {
      const ui = this.ui;
      const language = this.state.language;
      ui.root.lang = languageTag(language);
      ui.language.value = language;
      ui.launcherText.textContent = this.t("launcher");
      ui.languageLabel.textContent = this.t("language");
      ui.restart.setAttribute("aria-label", this.t("restart"));
      ui.restart.title = this.t("restart");
      ui.close.setAttribute("aria-label", this.t("close"));
      ui.close.title = this.t("close");
      ui.log.setAttribute("aria-label", this.t("log"));
      ui.typingText.textContent = this.t("typing");
      ui.inputLabel.textContent = this.t("input");
      ui.input.placeholder = this.t("placeholder");
      ui.send.setAttribute("aria-label", this.t("send"));
      ui.send.title = this.t("send");
      if (ui.mic) this.renderMic();
      ui.humanText.textContent = this.t("human");
      ui.signOut.textContent = this.t("signOut");
      ui.sessionText.textContent = this.t("signedIn");
      ui.privacyTitle.textContent = this.t("privacyTitle");
      ui.privacyIntro.textContent = this.t("privacyIntro");
      const privacy = this.profile.privacy || { text: {} };
      ui.privacyText.textContent = privacy.text[language] || privacy.text[this.profile.default_language] || "";
      if (ui.privacyMore) {
        ui.privacyMore.replaceChildren(this.t("privacyMore"), el("span", { class: "sr-only", text: ` ${this.t("newTab")}` }));
      }
      ui.accept.textContent = this.t("accept");
      if (ui.welcome) ui.welcome.replaceWith((ui.welcome = this.renderWelcome()));
    }

    // --- opening, closing, keyboard ---------------------------------------------------------

    setOpen(open, moveFocus) {
      const ui = this.ui;
      if (!ui.panel) return;
      ui.panel.hidden = !open;
      ui.launcher.hidden = open;
      ui.launcher.setAttribute("aria-expanded", String(open));
      this.state.open = open;
      this.state.save();
      if (open) {
        if (this.state.transcript.length) this.scrollToEnd();
        if (moveFocus) this.focusInside();
      } else {
        this.stopVoice();
        if (moveFocus) ui.launcher.focus();
      }
    }

    focusInside() {
      const ui = this.ui;
      (this.accepted() ? ui.input : ui.accept).focus();
    }

    onPanelKey(event) {
      if (event.key === "Escape") {
        event.preventDefault();
        this.setOpen(false, true);
      }
    }

    onInputKey(event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendInput();
      }
    }

    fitInput() {
      const input = this.ui.input;
      input.style.height = "auto";
      input.style.height = `${Math.min(input.scrollHeight + 4, 160)}px`;
    }

    changeLanguage(language) {
      if (!this.catalogues[language] || language === this.state.language) return;
      this.state.language = language;
      this.state.languagePinned = true;
      this.state.save();
      this.applyTexts();
    }

    // --- privacy notice ---------------------------------------------------------------------

    accepted() {
      return this.state.acceptedNotice === (this.profile.privacy && this.profile.privacy.version);
    }

    renderPrivacy() {
      const accepted = this.accepted();
      const ui = this.ui;
      ui.privacy.hidden = accepted;
      ui.input.disabled = !accepted;
      ui.send.disabled = !accepted;
      if (ui.mic) ui.mic.disabled = !accepted;
      ui.human.hidden = !accepted;
    }

    async acceptNotice() {
      const ui = this.ui;
      ui.accept.disabled = true;
      ui.privacyError.hidden = true;
      try {
        await this.api.consent(this.profile.privacy.version, this.state.language);
      } catch {
        ui.privacyError.textContent = this.t("acceptFailed");
        ui.privacyError.hidden = false;
        return;
      } finally {
        ui.accept.disabled = false;
      }
      this.state.acceptedNotice = this.profile.privacy.version;
      this.state.save();
      this.renderPrivacy();
      ui.input.focus();
    }

    // --- signing in ------------------------------------------------------------------------

    renderSession() {
      if (this.ui.session) this.ui.session.hidden = !this.token;
    }

    requestSignIn() {
      this.dispatchEvent(new CustomEvent("ali-sign-in", { bubbles: true, composed: true,
        detail: { council: this.council } }));
      const loginUrl = this.dataset.loginUrl && safeUrl(this.dataset.loginUrl, location.href);
      if (loginUrl) location.assign(loginUrl);
    }

    restart() {
      if (this.busy) return;
      this.stopVoice();
      this.state.restart();
      this.renderTranscript();
      this.focusInside();
    }

    // --- the transcript ---------------------------------------------------------------------

    renderTranscript() {
      const ui = this.ui;
      ui.log.setAttribute("aria-busy", "true");
      ui.welcome = this.renderWelcome();
      const entries = this.state.transcript;
      ui.log.replaceChildren(ui.welcome, ...entries.map((entry, i) => this.renderEntry(entry, i === entries.length - 1)));
      ui.log.setAttribute("aria-busy", "false");
    }

    renderWelcome() {
      const language = this.state.language;
      const welcome = this.profile.welcome || {};
      const node = el("div", { class: "msg bot welcome" },
        el("div", { class: "bubble" }, renderMarkdown(welcome[language] || welcome[this.profile.default_language] || "", this.t("newTab"))));
      if (this.state.transcript.length === 0 && this.profile.featured && this.profile.featured.length) {
        const chips = this.profile.featured.map((item) => {
          const title = item.title[language] || item.title[this.profile.default_language];
          return this.chip(title, title);
        });
        node.append(el("div", { class: "actions interactive" }, chips));
      }
      return node;
    }

    renderEntry(entry, latest) {
      return entry.role === "user" ? this.renderUser(entry) : this.renderBot(entry, latest);
    }

    renderUser(entry) {
      const node = el("div", { class: `msg user${entry.status === "failed" ? " failed" : ""}`, "data-id": entry.id },
        el("div", { class: "bubble" }, el("span", { class: "sr-only", text: this.t("you") }), entry.text));
      const error = entry.status === "failed" && ERRORS[entry.error];
      if (error) {
        node.append(el("div", { class: "error", role: "alert" }, el("span", { text: this.t(error.text) }),
          error.signIn ? this.chip(this.t("signIn"), null, () => this.requestSignIn()) : null,
          error.retry ? this.chip(this.t("retry"), null, () => this.retry(entry), "primary retry") : null));
      }
      return node;
    }

    renderBot(entry, latest) {
      const reply = entry.reply;
      const newTab = this.t("newTab");
      const sources = (reply.sources || []).filter((source) => safeUrl(source.url));
      const node = el("div", { class: "msg bot", "data-id": entry.id, "data-turn": reply.turn, lang: languageTag(reply.language) },
        el("div", { class: "bubble" }, el("span", { class: "sr-only", text: this.t("assistant") }),
          renderMarkdown(withoutSourceLine(reply.reply, sources), newTab)));
      const documents = (reply.documents || []).filter((doc) => safeUrl(doc.url));
      if (documents.length) {
        node.append(el("div", { class: "links documents" }, el("p", { text: this.t("documents") }),
          documents.map((doc) => el("a", { class: "document", href: safeUrl(doc.url), download: "",
            target: "_blank", rel: "noopener noreferrer" }, icon("file"), doc.title,
            el("span", { class: "sr-only", text: ` ${newTab}` })))));
      }
      if (sources.length) {
        node.append(el("div", { class: "links sources" }, el("p", { text: this.t("sources") }),
          el("ul", {}, sources.map((source) => el("li", {}, link(safeUrl(source.url), source.title, newTab))))));
      }
      if (latest) {
        const actions = this.renderActions(reply, entry);
        if (actions) node.append(actions);
      }
      node.append(this.renderMeta(entry));
      return node;
    }

    /** Buttons that continue the conversation: only on the latest reply. */
    renderActions(reply, entry) {
      const form = reply.form;
      let box;
      if (form && form.confirming) box = this.renderConfirmation(form);
      else if (form && form.kind === "attachments") box = this.renderFiles(form, entry);
      else if (form) box = this.renderFormStep(form);
      else box = el("div", { class: "actions interactive" },
        (reply.suggestions || []).map((suggestion) => this.chip(suggestion.label, suggestion.value)));
      if (reply.needs_sign_in) {
        box.prepend(this.chip(this.t("signIn"), null, () => this.requestSignIn(), "primary sign-in"));
      }
      return box.childElementCount ? box : null;
    }

    /** A form's step: where the citizen is, and its options as buttons; a place can be
     * given by sharing the browser's location. */
    renderFormStep(form) {
      const step = this.t("step", form);
      const locate = form.kind === "location" && navigator.geolocation
        ? this.chip(this.t("myLocation"), null, () => this.shareLocation(), "locate") : null;
      return el("div", { class: "actions interactive", role: "group", "aria-label": step },
        el("p", { class: "actions-title", text: step }), locate,
        (form.options || []).map((option) => this.chip(option.label, option.value)));
    }

    /** Sends "lat, long" (decimal degrees), which the engine reads as a location. */
    shareLocation() {
      if (this.busy) return;
      this.ui.status.textContent = this.t("locating");
      navigator.geolocation.getCurrentPosition((position) => {
        this.ui.status.textContent = "";
        const { latitude, longitude } = position.coords;
        this.send(`${latitude.toFixed(6)}, ${longitude.toFixed(6)}`);
      }, () => {
        this.ui.status.textContent = this.t("locationError");
        this.ui.input.focus();
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    }

    /** An attachments step: the files so far, a file picker, and "done" or "none". */
    renderFiles(form, entry) {
      const step = this.t("step", form);
      const files = form.files || [];
      const types = (form.accept && form.accept.length ? form.accept : Object.keys(FILE_TYPES))
        .filter((type) => FILE_TYPES[type]);
      const names = types.map((type) => FILE_TYPES[type].name);
      const hint = names.length > 1 ? `${names.slice(0, -1).join(", ")} ${this.t("or")} ${names[names.length - 1]}` : names[0];
      const accept = types.flatMap((type) => [type, ...FILE_TYPES[type].extensions]).join(",");
      const picker = el("input", { type: "file", class: "sr-only", multiple: true, accept,
        tabIndex: -1, "aria-hidden": "true" });
      picker.addEventListener("change", () => {
        const chosen = Array.from(picker.files || []);
        picker.value = "";
        this.attach(entry, chosen);
      });
      const list = files.length ? el("ul", { class: "files" }, files.map((file) =>
        el("li", {}, icon("file"), el("span", { class: "file-name", text: file.filename }),
          el("button", { class: "icon-button remove-file", type: "button",
            "aria-label": this.t("removeFile", { file: file.filename }), title: this.t("removeFile", { file: file.filename }),
            onclick: () => this.detach(entry, file) }, icon("close"))))) : null;
      return el("div", { class: "actions interactive", role: "group", "aria-label": step },
        el("p", { class: "actions-title", text: step }),
        list ? el("p", { class: "actions-title", text: this.t("attached") }) : null, list,
        picker,
        this.chip(`${this.t("attach")} (${hint})`, null, () => picker.click(), "attach"),
        files.length
          ? this.chip(this.t("filesDone"), this.t("doneWord"), null, "primary")
          : this.chip(this.t("noFiles"), this.t("noFilesWord")),
        this.chip(this.t("cancel"), this.t("cancelWord")));
    }

    async attach(entry, chosen) {
      const form = entry.reply.form;
      const conversationId = entry.conversationId || this.state.conversationId;
      if (!form || !conversationId || this.busy) return;
      this.setBusy(true);
      try {
        for (const file of chosen) {
          this.ui.status.textContent = this.t("uploading", { file: file.name });
          try {
            const stored = await this.api.upload(conversationId, file, this.token);
            form.files = [...(form.files || []), { id: stored.id, filename: stored.filename }];
            this.replaceEntry(entry);
            this.ui.status.textContent = this.t("uploaded", { file: stored.filename });
          } catch (error) {
            const kind = error instanceof TurnError ? error.kind : "network";
            if (kind === "expired") this.clearAuthToken();
            this.ui.status.textContent = kind === "invalid" && error.message && error.message !== "invalid"
              ? this.t("uploadRejected", { file: file.name, reason: error.message })
              : kind === "expired" ? this.t("errorExpired") : this.t("uploadFailed", { file: file.name });
            break;
          }
        }
      } finally {
        this.setBusy(false);
        this.focusFiles(entry);
      }
    }

    async detach(entry, file) {
      const form = entry.reply.form;
      const conversationId = entry.conversationId || this.state.conversationId;
      if (!form || !conversationId || this.busy) return;
      try {
        await this.api.removeFile(conversationId, file.id, this.token);
      } catch {
        this.ui.status.textContent = this.t("errorUnavailable");
        return;
      }
      form.files = (form.files || []).filter((other) => other.id !== file.id);
      this.replaceEntry(entry);
      this.ui.status.textContent = this.t("removed", { file: file.filename });
      this.focusFiles(entry);
    }

    /** Keeps keyboard focus on the attachments step after it is re-rendered. */
    focusFiles(entry) {
      const node = this.ui.log.querySelector(`[data-id="${entry.id}"] .attach`);
      if (node) node.focus();
    }

    /** A completed form: its summary, to confirm or cancel with words the engine accepts. */
    renderConfirmation(form) {
      const fields = (form.summary || []).map((field) =>
        el("div", {}, el("dt", { text: `${field.label}:` }), el("dd", { text: field.value })));
      return el("div", { class: "actions interactive", role: "group",
        "aria-label": this.t("summary", { title: form.title }) },
        el("dl", { class: "summary" }, fields),
        this.chip(this.t("confirm"), this.t("confirmWord"), null, "primary"),
        this.chip(this.t("cancel"), this.t("cancelWord")));
    }

    /** A button that sends `value` (shown as `label`), or runs `action`. */
    chip(label, value, action = null, extra = "") {
      return el("button", { class: `chip ${extra}`.trim(), type: "button",
        onclick: () => (action ? action() : this.send(value, { label })) }, label);
    }

    renderMeta(entry) {
      const meta = el("div", { class: "meta" });
      if (window.speechSynthesis && window.SpeechSynthesisUtterance) {
        const listen = el("button", { class: "icon-button listen", type: "button", "aria-pressed": "false",
          "aria-label": this.t("listen"), title: this.t("listen") }, icon("speaker"));
        listen.addEventListener("click", () => this.toggleSpeech(entry.reply, listen));
        meta.append(listen);
      }
      if (entry.reply.turn && this.state.conversationId) meta.append(...this.renderFeedback(entry));
      return meta;
    }

    renderFeedback(entry) {
      const thanks = el("span", { class: "thanks", text: entry.rating === undefined || entry.rating === null ? "" : this.t("thanks") });
      const buttons = [[true, "up", "useful"], [false, "down", "notUseful"]].map(([useful, glyph, label]) =>
        el("button", { class: `icon-button rate ${useful ? "useful" : "not-useful"}`, type: "button",
          "aria-label": this.t(label), title: this.t(label), "aria-pressed": String(entry.rating === useful),
          disabled: entry.rating !== undefined && entry.rating !== null,
          onclick: () => this.rate(entry, useful, buttons, thanks) }, icon(glyph)));
      return [...buttons, el("span", { role: "status" }, thanks)];
    }

    async rate(entry, useful, buttons, thanks) {
      buttons.forEach((button) => { button.disabled = true; });
      try {
        await this.api.feedback(entry.conversationId || this.state.conversationId, entry.reply.turn, useful, this.token);
      } catch {
        buttons.forEach((button) => { button.disabled = false; });
        return;
      }
      entry.rating = useful;
      this.state.save();
      buttons[useful ? 0 : 1].setAttribute("aria-pressed", "true");
      thanks.textContent = this.t("thanks");
    }

    appendEntry(entry) {
      this.state.transcript.push(entry);
      this.state.save();
      const node = this.renderEntry(entry, true);
      this.ui.log.append(node);
      this.scrollToEnd(node);
      return node;
    }

    replaceEntry(entry) {
      const old = this.ui.log.querySelector(`[data-id="${entry.id}"]`);
      if (old) old.replaceWith(this.renderEntry(entry, true));
      this.state.save();
    }

    clearActions() {
      this.ui.log.querySelectorAll(".interactive").forEach((node) => node.remove());
    }

    /** Scrolls to the end, or to the top of `node` when it is taller than the view. */
    scrollToEnd(node = null) {
      const scroller = this.ui.scroller;
      if (!scroller) return;
      requestAnimationFrame(() => {
        const tall = node && node.offsetHeight > scroller.clientHeight - 24;
        scroller.scrollTop = tall ? node.offsetTop - 12 : scroller.scrollHeight;
      });
    }

    // --- sending ------------------------------------------------------------------------------

    sendInput() {
      const text = this.ui.input.value.trim();
      if (!text || this.busy || !this.accepted()) return;
      this.ui.input.value = "";
      this.fitInput();
      this.send(text);
    }

    /** Sends `value` to the engine; the transcript shows `label` (a button's text) or the value. */
    send(value, { label = null, spoken = false } = {}) {
      if (!this.accepted()) {
        this.ui.accept.focus(); // the notice comes first
        return;
      }
      if (this.busy || !value) return;
      const entry = { id: `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
        role: "user", text: label || value, message: value, status: "pending" };
      this.clearActions();
      this.ui.status.textContent = ""; // an upload's or location's note belongs to the last step
      this.appendEntry(entry);
      this.deliver(entry, spoken);
    }

    retry(entry) {
      if (this.busy) return;
      entry.status = "pending";
      delete entry.error;
      this.replaceEntry(entry);
      this.deliver(entry, false);
    }

    async deliver(entry, spoken) {
      const ui = this.ui;
      this.setBusy(true);
      let bubble = null;
      const body = { conversation_id: this.state.conversationId, message: entry.message };
      if (this.state.languagePinned) body.language = this.state.language;
      try {
        const reply = await this.api.chat(body, this.token, (text) => {
          if (!bubble) {
            ui.typing.hidden = true;
            ui.log.setAttribute("aria-busy", "true"); // announce the reply once, when complete
            bubble = el("div", { class: "msg bot", "aria-hidden": "true" }, el("div", { class: "bubble streaming" }));
            ui.log.append(bubble);
          }
          bubble.firstChild.append(text);
          this.scrollToEnd();
        }, () => {
          if (bubble) bubble.firstChild.textContent = "";
        });
        if (bubble) bubble.remove();
        entry.status = "sent";
        this.state.conversationId = reply.conversation_id;
        if (!this.state.languagePinned && this.catalogues[reply.language] && reply.language !== this.state.language) {
          this.state.language = reply.language;
          this.applyTexts();
        }
        this.appendEntry({ id: `r${reply.turn}-${Date.now().toString(36)}`, role: "bot", reply,
          conversationId: reply.conversation_id });
        if (spoken) this.speak(reply);
      } catch (error) {
        if (bubble) bubble.remove();
        entry.status = "failed";
        entry.error = error instanceof TurnError ? error.kind : "network";
        if (entry.error === "expired") this.clearAuthToken();
        this.replaceEntry(entry);
        if (entry.error === "invalid") {
          ui.input.value = entry.message; // let the citizen fix it
          this.fitInput();
        }
        this.scrollToEnd();
      } finally {
        ui.log.setAttribute("aria-busy", "false");
        this.setBusy(false);
        this.state.save();
      }
    }

    setBusy(busy) {
      const ui = this.ui;
      this.busy = busy;
      ui.typing.hidden = !busy;
      ui.send.disabled = busy || !this.accepted();
      ui.human.disabled = busy;
      if (busy) this.scrollToEnd();
    }

    // --- voice --------------------------------------------------------------------------------

    renderMic() {
      const listening = Boolean(this.recognition);
      const label = this.t(listening ? "micStop" : "mic");
      this.ui.mic.setAttribute("aria-pressed", String(listening));
      this.ui.mic.setAttribute("aria-label", label);
      this.ui.mic.title = label;
    }

    toggleDictation(Recognition) {
      if (this.recognition) {
        this.recognition.stop();
        return;
      }
      const recognition = new Recognition();
      recognition.lang = SPEECH_LOCALES[this.state.language] || this.state.language;
      recognition.interimResults = true;
      recognition.maxAlternatives = 1;
      let heard = "";
      recognition.onresult = (event) => {
        heard = Array.from(event.results, (result) => result[0].transcript).join("");
        this.ui.input.value = heard;
        this.fitInput();
      };
      recognition.onerror = () => { this.ui.status.textContent = this.t("micError"); };
      recognition.onend = () => {
        this.recognition = null;
        this.renderMic();
        this.ui.status.textContent = "";
        if (heard.trim() && !this.busy) {
          this.ui.input.value = "";
          this.send(heard.trim(), { spoken: true });
        }
      };
      this.recognition = recognition;
      this.renderMic();
      this.ui.status.textContent = this.t("listening");
      recognition.start();
    }

    toggleSpeech(reply, button) {
      const speaking = button.getAttribute("aria-pressed") === "true";
      window.speechSynthesis.cancel();
      this.shadow.querySelectorAll(".listen[aria-pressed=true]").forEach((other) => this.markSpeaking(other, false));
      if (!speaking) this.speak(reply, button);
    }

    speak(reply, button = null) {
      if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
      const utterance = new SpeechSynthesisUtterance(plainText(reply.reply));
      utterance.lang = SPEECH_LOCALES[reply.language] || reply.language;
      if (button) {
        this.markSpeaking(button, true);
        utterance.onend = utterance.onerror = () => this.markSpeaking(button, false);
      }
      window.speechSynthesis.speak(utterance);
    }

    markSpeaking(button, speaking) {
      const label = this.t(speaking ? "listenStop" : "listen");
      button.setAttribute("aria-pressed", String(speaking));
      button.setAttribute("aria-label", label);
      button.title = label;
    }

    stopVoice() {
      if (this.recognition) this.recognition.abort();
      if (window.speechSynthesis) window.speechSynthesis.cancel();
    }
  }

  customElements.define(TAG, AliChat);

  /** The one-line embed: the script tag's data-* attributes configure one <ali-chat>. */
  function embed() {
    if (!SCRIPT || !SCRIPT.dataset.council || document.querySelector(TAG)) return;
    const chat = document.createElement(TAG);
    for (const [key, value] of Object.entries(SCRIPT.dataset)) chat.dataset[key] = value;
    if (!chat.dataset.api) chat.dataset.api = SCRIPT_ORIGIN;
    document.body.append(chat);
  }

  if (document.body) embed();
  else document.addEventListener("DOMContentLoaded", embed, { once: true });
})();
