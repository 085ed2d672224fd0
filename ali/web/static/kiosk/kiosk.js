/*
 * ALI kiosk screen (try-out at /kiosk/). A street kiosk talks to the same chat API as the web
 * widget, authenticated as a kiosk (X-Kiosk-Id, X-Kiosk-Key) and, once a citizen has inserted
 * their DNIe, with the identity assertion the kiosk signed (X-Citizen-Assertion).
 *
 * Here the kiosk's local agent (DNIe reader, key store) is the SANDBOX's simulation at
 * <sandbox>/kiosk-agent/. Replies are rendered from their structured fields only (form, options,
 * summary, suggestions, documents, slip, needs_sign_in): the reply text is shown, never
 * interpreted. An appointment booked here comes with a slip, printed on the kiosk's 80 mm
 * receipt printer through the print stylesheet (kiosk.css, @media print).
 *
 * Nothing about the citizen is written to localStorage, sessionStorage or cookies; everything
 * lives in `session` below and is dropped on "Back to start", on sign-out and after inactivity.
 */
(function () {
  "use strict";

  // Interface texts: English source strings marked for the gettext catalogues (N_, and NP_ with a
  // context where one English text has two translations), served translated by the API
  // (GET /api/v1/i18n/{language}; see docs/localisation.md).
  function N_(text) {
    return text;
  }
  function NP_(context, text) {
    return context + "\u0004" + text;
  }
  function sourceText(id) {
    return id.slice(id.indexOf("\u0004") + 1);
  }
  var catalogues = {}; // language -> {source text: text}, loaded from the API

  var TEXTS = {
    sandbox: N_("SANDBOX · demo kiosk, fake data"),
    loading: N_("Loading…"),
    unavailableTitle: N_("The kiosk is not available"),
    unavailable: N_("The service cannot be reached. Please try again in a few minutes."),
    retry: N_("Try again"),
    welcome: N_("What would you like to do?"),
    tileCertificate: N_("Census registration certificate"),
    tileCertificateHint: N_("Print it now with your DNIe"),
    tileReceipt: N_("Pay a receipt"),
    tileReceiptHint: N_("Property tax, waste, fines…"),
    tileAppointment: N_("Appointment"),
    tileAppointmentHint: N_("Book a day and time at an office"),
    tileApplication: N_("General application"),
    tileApplicationHint: N_("Submit a request to the council"),
    tileAsk: N_("Ask something"),
    tileAskHint: N_("Type your question"),
    privacyTitle: N_("Before we start"),
    privacyMore: N_("Full privacy policy:"),
    accept: N_("I accept"),
    decline: N_("No, go back"),
    dnieTitle: N_("Insert your DNIe"),
    dnieLead: N_("This procedure needs you to identify yourself. Insert your electronic ID card in the reader."),
    dnieSandbox: N_("SANDBOX: the DNIe reader is simulated. Choose a demo person (fake data):"),
    dnieReading: N_("Reading the DNIe…"),
    dnieFailed: N_("The DNIe could not be read. Please try again."),
    signedInAs: N_("Signed in:"),
    signOut: NP_("kiosk", "Sign out"),
    cancel: N_("Cancel"),
    askLabel: N_("Type your question"),
    askPlaceholder: N_("Type your question here"),
    send: N_("Send"),
    next: N_("Next"),
    back: N_("Back"),
    step: N_("Step {step} of {total}"),
    reviewTitle: N_("Check the details"),
    confirm: N_("Confirm"),
    print: N_("Print"),
    printing: N_("Preparing to print…"),
    printed: N_("Sent to the printer."),
    printFailed: N_("The document could not be printed."),
    slipTitle: N_("Appointment slip"),
    printSlip: N_("Print appointment slip"),
    slipReference: N_("Reference"),
    slipService: N_("Service"),
    slipOffice: N_("Office"),
    slipDay: N_("Day"),
    slipTime: N_("Time"),
    slipBring: N_("What to bring"),
    open: N_("Open"),
    noFiles: N_("This kiosk cannot attach files."),
    continueWithoutFiles: N_("Continue without attachments"),
    backToStart: N_("Back to start"),
    thinking: N_("One moment…"),
    error: N_("Something went wrong. Please try again."),
    idleTitle: N_("Are you still there?"),
    idleLead: N_("For your privacy, the kiosk will go back to the start and clear everything in"),
    idleContinue: N_("Yes, continue"),
    idleFinish: N_("I have finished"),
    seconds: N_("s"),
    you: N_("You"),
    conversationTitle: N_("Conversation with the assistant"),
  };

  // What each home tile asks the assistant (the engine routes these to the procedure).
  var TILE_MESSAGES = {
    certificate: N_("I want a census certificate"),
    receipt: N_("I want to pay a tax receipt"),
    appointment: N_("I want to book an appointment"),
    application: N_("I want to submit a general application"),
  };

  // Replies the dialogue engine understands in every form (ali/dialogue/commands.py).
  var COMMANDS = {
    confirm: { es: "sí", va: "d'acord", en: "yes" },
    cancel: { es: "cancelar", va: "deixa-ho", en: "cancel" },
    back: { es: "atrás", va: "enrere", en: "back" },
    noFiles: { es: "ninguno", va: "cap", en: "none" },
  };

  var INPUT_TYPES = {
    text: { type: "text", inputmode: "text" },
    number: { type: "number", inputmode: "numeric" },
    phone: { type: "tel", inputmode: "tel" },
    date: { type: "date", inputmode: "none" },
    iban: { type: "text", inputmode: "text" },
  };

  // Re-sign the DNIe assertion when less than this is left of its validity.
  var ASSERTION_MARGIN_MS = 60 * 1000;

  var params = new URLSearchParams(window.location.search);
  var IDLE_SECONDS = positive(params.get("idle"), 90);
  var WARN_SECONDS = positive(params.get("warn"), 15);

  // Configuration of this kiosk (not personal): loaded once.
  var kiosk = { sandbox: null, id: null, key: null, council: null, profile: null };
  var language = "es";
  // Everything about the citizen in front of the kiosk; replaced wholesale by reset().
  var session = freshSession();
  var generation = 0; // bumped by reset(): late answers of an old session are dropped
  var idleTimer = null;
  var warnTimer = null;
  var warnLeft = 0;
  var printUrl = null;

  function freshSession() {
    return {
      accepted: false,
      conversationId: null,
      citizen: null, // {nif, name, assertion, expiresAt}
      pending: null, // a message waiting for the privacy notice or the DNIe
      busy: false,
    };
  }

  function defaultLanguage() {
    return kiosk.profile ? kiosk.profile.default_language : "es";
  }

  function positive(value, fallback) {
    var number = Number(value);
    return value !== null && isFinite(number) && number > 0 ? number : fallback;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function t(key, values) {
    var text = translated(TEXTS[key] || key);
    Object.keys(values || {}).forEach(function (name) {
      text = text.replace("{" + name + "}", String(values[name]));
    });
    return text;
  }

  function translated(id) {
    return (catalogues[language] || {})[id] || sourceText(id);
  }

  /** The interface texts of `code`, fetched once; rejects for a language without texts. */
  function loadTexts(code) {
    if (catalogues[code]) return Promise.resolve(catalogues[code]);
    return getJson("/api/v1/i18n/" + encodeURIComponent(code)).then(function (body) {
      catalogues[code] = body.messages;
      return body.messages;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function button(label, className, onClick) {
    var node = element("button", className, label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  /* ---------- screens and language ---------- */

  function show(name) {
    document.body.setAttribute("data-screen", name);
    Array.prototype.forEach.call(document.querySelectorAll(".screen"), function (screen) {
      screen.hidden = screen.id !== "screen-" + name;
    });
    $("home-button").hidden = name === "home" || name === "loading" || name === "unavailable";
    $("screens").scrollTop = 0;
  }

  // Without its catalogue (not loaded yet, or the API is unreachable) a language shows the
  // English source texts until the catalogue arrives.
  function setLanguage(code) {
    if (!catalogues[code]) {
      loadTexts(code).then(
        function () {
          applyLanguage(code);
        },
        function () {
          applyLanguage(code);
        }
      );
      return;
    }
    applyLanguage(code);
  }

  function applyLanguage(code) {
    language = code;
    document.documentElement.lang = language === "va" ? "ca" : language;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".lang"), function (node) {
      node.setAttribute("aria-pressed", String(node.getAttribute("data-lang") === language));
    });
    $("ask-input").placeholder = t("askPlaceholder");
    var profile = kiosk.profile;
    $("welcome").textContent = t("welcome");
    if (profile) {
      $("privacy-text").textContent = profile.privacy.text[language] || profile.privacy.text.es;
      $("privacy-url").textContent = profile.privacy.url || "";
    }
  }

  function status(text) {
    $("status").textContent = text || "";
  }

  /* ---------- start-up: where the sandbox is, this kiosk's credentials, the council ---------- */

  function getJson(url, options) {
    return fetch(url, options).then(function (response) {
      return response.json().then(
        function (body) {
          if (!response.ok) {
            var error = new Error((body && body.detail) || response.statusText);
            error.status = response.status;
            throw error;
          }
          return body;
        },
        function () {
          var error = new Error(response.statusText);
          error.status = response.status;
          throw error;
        }
      );
    });
  }

  /*
   * A chat turn over server-sent events (/chat/stream): onDelta(text) for each piece of the
   * reply as it is written (with a language model, each sentence once it passed the checks),
   * onReset() when those pieces give way to another reply; resolves with the whole response.
   * An error before the stream begins is rejected as getJson's are (with its status).
   */
  function streamJson(url, options, onDelta, onReset) {
    options.headers.Accept = "text/event-stream";
    return fetch(url, options).then(function (response) {
      if (!response.ok) {
        return response.json().then(
          function (body) {
            var error = new Error((body && body.detail) || response.statusText);
            error.status = response.status;
            throw error;
          },
          function () {
            var error = new Error(response.statusText);
            error.status = response.status;
            throw error;
          }
        );
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function next() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error("the stream ended before the reply");
          buffer += decoder.decode(chunk.value, { stream: true });
          var parts = buffer.split(/\r?\n\r?\n/);
          buffer = parts.pop();
          for (var i = 0; i < parts.length; i++) {
            var event = "message";
            var data = "";
            parts[i].split(/\r?\n/).forEach(function (line) {
              if (line.indexOf("event: ") === 0) event = line.slice(7);
              else if (line.indexOf("data: ") === 0) data += line.slice(6);
            });
            if (event === "delta") onDelta(JSON.parse(data).text || "");
            else if (event === "reset") onReset();
            else if (event === "reply") return JSON.parse(data);
            else if (event === "error") throw new Error(JSON.parse(data).detail || "error");
          }
          return next();
        });
      }
      return next();
    });
  }

  function start() {
    show("loading");
    getJson("/try-out.json")
      .then(function (config) {
        if (!config.sandbox_url) throw new Error("no sandbox configured");
        kiosk.sandbox = config.sandbox_url.replace(/\/+$/, "");
        return getJson(kiosk.sandbox + "/kiosk-agent/credentials");
      })
      .then(function (credentials) {
        kiosk.id = credentials.kiosk_id;
        kiosk.key = credentials.api_key;
        kiosk.council = credentials.council;
        return getJson("/api/v1/councils/" + encodeURIComponent(kiosk.council) + "/profile");
      })
      .then(function (profile) {
        kiosk.profile = profile;
        $("council-name").textContent = profile.name;
        if (profile.branding.logo_url) {
          $("logo").src = profile.branding.logo_url;
          $("logo").hidden = false;
        }
        document.documentElement.style.setProperty("--brand", profile.branding.primary_color);
        var languages = profile.languages || ["es"];
        return Promise.all(
          languages.map(function (code) {
            return loadTexts(code).then(
              function () {
                return code;
              },
              function () {
                return null;
              }
            );
          })
        ).then(function (loaded) {
          Array.prototype.forEach.call(document.querySelectorAll(".lang"), function (node) {
            node.hidden = loaded.indexOf(node.getAttribute("data-lang")) < 0;
          });
          reset();
        });
      })
      .catch(function () {
        setLanguage(language);
        show("unavailable");
      });
  }

  /* ---------- the session: reset, privacy, identity ---------- */

  function reset() {
    generation += 1;
    session = freshSession();
    hideIdle();
    stopIdleTimers();
    $("transcript").textContent = "";
    $("panel").textContent = "";
    $("ask-input").value = "";
    $("citizen").hidden = true;
    $("citizen-name").textContent = "";
    $("citizens").textContent = "";
    clearPrint();
    clearSlip();
    status("");
    setLanguage(defaultLanguage());
    show("home");
  }

  function request(message) {
    if (!session.accepted) {
      session.pending = message;
      show("privacy");
      return;
    }
    send(message);
  }

  function acceptPrivacy() {
    var mine = generation;
    var profile = kiosk.profile;
    getJson("/api/v1/councils/" + encodeURIComponent(kiosk.council) + "/consents", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        notice_version: profile.privacy.version,
        language: language,
        channel: "kiosk",
      }),
    })
      .then(function () {
        if (mine !== generation) return;
        session.accepted = true;
        var pending = session.pending;
        session.pending = null;
        if (pending) {
          send(pending);
        } else {
          openConversation();
        }
      })
      .catch(function () {
        if (mine === generation) status(t("error"));
      });
  }

  function askForDnie(message) {
    var mine = generation;
    session.pending = message;
    $("citizens").textContent = "";
    show("dnie");
    getJson(kiosk.sandbox + "/idp/citizens")
      .then(function (citizens) {
        if (mine !== generation) return;
        citizens.forEach(function (citizen) {
          var choice = button("", "choice citizen-choice", function () {
            readDnie(citizen.nif);
          });
          choice.setAttribute("role", "listitem");
          choice.setAttribute("data-nif", citizen.nif);
          choice.appendChild(element("span", "choice-main", citizen.name));
          choice.appendChild(element("span", "choice-sub", citizen.nif));
          $("citizens").appendChild(choice);
        });
      })
      .catch(function () {
        if (mine === generation) status(t("dnieFailed"));
      });
  }

  // The kiosk agent signs an assertion for the card in the reader (five minutes at most).
  function signAssertion(nif) {
    return getJson(kiosk.sandbox + "/kiosk-agent/dnie", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ nif: nif }),
    }).then(function (answer) {
      return {
        nif: nif,
        name: answer.name,
        assertion: answer.assertion,
        expiresAt: Date.now() + answer.expires_in * 1000,
      };
    });
  }

  function readDnie(nif) {
    var mine = generation;
    status(t("dnieReading"));
    signAssertion(nif)
      .then(function (citizen) {
        if (mine !== generation) return;
        status("");
        session.citizen = citizen;
        // A new conversation: what an anonymous visitor said is not carried into a signed one.
        session.conversationId = null;
        $("citizen-name").textContent = citizen.name;
        $("citizen").hidden = false;
        var pending = session.pending;
        session.pending = null;
        if (pending) send(pending);
        else openConversation();
      })
      .catch(function () {
        if (mine === generation) status(t("dnieFailed"));
      });
  }

  function freshAssertion() {
    var citizen = session.citizen;
    if (!citizen || citizen.expiresAt - Date.now() > ASSERTION_MARGIN_MS) {
      return Promise.resolve(citizen);
    }
    return signAssertion(citizen.nif).then(function (renewed) {
      citizen.assertion = renewed.assertion;
      citizen.expiresAt = renewed.expiresAt;
      return citizen;
    });
  }

  /* ---------- the conversation ---------- */

  function openConversation() {
    show("conversation");
    $("ask").hidden = false;
    $("ask-input").focus();
  }

  function send(message, shown) {
    if (session.busy) return;
    var mine = generation;
    session.busy = true;
    show("conversation");
    addBubble("citizen", shown || message);
    $("panel").textContent = "";
    status(t("thinking"));
    freshAssertion()
      .then(function (citizen) {
        var headers = {
          "Content-Type": "application/json",
          "X-Kiosk-Id": kiosk.id,
          "X-Kiosk-Key": kiosk.key,
        };
        if (citizen) headers["X-Citizen-Assertion"] = citizen.assertion;
        var written = "";
        return streamJson(
          "/api/v1/councils/" + encodeURIComponent(kiosk.council) + "/chat/stream",
          {
            method: "POST",
            headers: headers,
            body: JSON.stringify({
              conversation_id: session.conversationId,
              message: message,
              language: language,
            }),
          },
          function (text) {
            if (mine !== generation) return;
            written += text;
            $("panel").textContent = written; // replaced by render() once the reply is whole
          },
          function () {
            written = "";
            $("panel").textContent = "";
          }
        );
      })
      .then(function (reply) {
        if (mine !== generation) return;
        session.busy = false;
        status("");
        armIdle();
        session.conversationId = reply.conversation_id;
        if (reply.needs_sign_in && !session.citizen) {
          removeLastCitizenBubble();
          askForDnie(message);
          return;
        }
        render(reply);
      })
      .catch(function (error) {
        if (mine !== generation) return;
        session.busy = false;
        status(t("error"));
        if (error && error.status === 401 && session.citizen) {
          // The assertion was refused: the card must be read again.
          session.citizen = null;
          $("citizen").hidden = true;
        }
        renderAsk();
      });
  }

  function addBubble(who, text) {
    var bubble = element("div", "bubble " + who);
    if (who === "citizen") bubble.setAttribute("aria-label", t("you"));
    appendText(bubble, text);
    $("transcript").appendChild(bubble);
    bubble.scrollIntoView({ block: "end" });
    return bubble;
  }

  function removeLastCitizenBubble() {
    var bubbles = $("transcript").querySelectorAll(".bubble.citizen");
    if (bubbles.length) bubbles[bubbles.length - 1].remove();
  }

  // The reply text as text: paragraphs kept, **bold** shown bold, nothing else interpreted.
  function appendText(parent, text) {
    String(text)
      .split("**")
      .forEach(function (piece, index) {
        parent.appendChild(index % 2 ? element("strong", null, piece) : document.createTextNode(piece));
      });
  }

  function render(reply) {
    var panel = $("panel");
    panel.textContent = "";
    var form = reply.form;
    if (form && form.confirming) {
      renderConfirmation(form);
    } else if (form) {
      renderFormStep(form);
    } else {
      addBubble("assistant", reply.reply);
      renderDocuments(reply.documents || []);
      if (reply.slip) renderSlip(reply.slip);
      renderSuggestions(reply.suggestions || []);
      renderAsk();
    }
    panel.scrollIntoView({ block: "end" });
  }

  function formHeader(form, title) {
    var card = element("div", "bubble assistant form-card");
    card.appendChild(element("div", "form-title", form.title));
    card.appendChild(element("div", "form-step", t("step", { step: form.step, total: form.total })));
    var progress = element("div", "progress");
    var bar = element("span");
    bar.style.width = Math.round((100 * form.step) / Math.max(form.total, 1)) + "%";
    progress.appendChild(bar);
    card.appendChild(progress);
    if (title) card.appendChild(element("h2", "form-prompt", title));
    $("transcript").appendChild(card);
    card.scrollIntoView({ block: "end" });
    return card;
  }

  function renderFormStep(form) {
    $("ask").hidden = true;
    var prompt = form.prompt || "";
    // Options are buttons: of a choice prompt only its question (its first line) is shown.
    if (form.options.length) prompt = prompt.split("\n")[0];
    formHeader(form, prompt);
    var panel = $("panel");
    if (form.options.length) {
      var choices = element("div", "choices");
      form.options.forEach(function (option) {
        var choice = button(option.label, "choice", function () {
          send(option.value, option.label);
        });
        choice.setAttribute("data-value", option.value);
        choices.appendChild(choice);
      });
      panel.appendChild(choices);
    } else if (form.kind === "attachments") {
      panel.appendChild(element("p", "lead", t("noFiles")));
      panel.appendChild(
        button(t("continueWithoutFiles"), "primary", function () {
          send(COMMANDS.noFiles[language], t("continueWithoutFiles"));
        })
      );
    } else {
      panel.appendChild(typedInput(form));
    }
    panel.appendChild(formNavigation(form));
  }

  function typedInput(form) {
    var spec = INPUT_TYPES[form.kind] || INPUT_TYPES.text;
    var field = element("form", "typed");
    var input = element("input", "big-input");
    input.type = spec.type;
    input.setAttribute("inputmode", spec.inputmode);
    input.setAttribute("aria-label", form.prompt || form.title);
    input.setAttribute("data-kind", form.kind || "text");
    input.autocomplete = "off";
    input.required = true;
    if (form.kind === "iban") {
      input.setAttribute("autocapitalize", "characters");
      input.placeholder = "ES00 0000 0000 0000 0000 0000";
      input.maxLength = 34;
    } else if (form.kind === "date") {
      input.min = new Date().toISOString().slice(0, 10);
    } else {
      input.maxLength = 1000;
    }
    var next = element("button", "primary", t("next"));
    next.type = "submit";
    field.appendChild(input);
    field.appendChild(next);
    field.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      if (!value) return;
      if (form.kind === "date") {
        var parts = value.split("-"); // yyyy-mm-dd from the date picker, sent as dd/mm/yyyy
        value = parts[2] + "/" + parts[1] + "/" + parts[0];
      }
      send(value);
    });
    window.setTimeout(function () {
      input.focus();
    }, 0);
    return field;
  }

  function formNavigation(form) {
    var actions = element("div", "actions");
    if (form.step > 1) {
      actions.appendChild(
        button(t("back"), "secondary", function () {
          send(COMMANDS.back[language], t("back"));
        })
      );
    }
    actions.appendChild(
      button(t("cancel"), "secondary", function () {
        send(COMMANDS.cancel[language], t("cancel"));
      })
    );
    return actions;
  }

  function renderConfirmation(form) {
    $("ask").hidden = true;
    var card = formHeader(form, t("reviewTitle"));
    var list = element("dl", "summary");
    form.summary.forEach(function (item) {
      list.appendChild(element("dt", null, item.label));
      list.appendChild(element("dd", null, item.value));
    });
    card.appendChild(list);
    var actions = element("div", "actions");
    var confirm = button(t("confirm"), "primary confirm", function () {
      send(COMMANDS.confirm[language], t("confirm"));
    });
    confirm.id = "confirm";
    actions.appendChild(confirm);
    actions.appendChild(
      button(t("cancel"), "secondary", function () {
        send(COMMANDS.cancel[language], t("cancel"));
      })
    );
    $("panel").appendChild(actions);
  }

  function renderSuggestions(suggestions) {
    if (!suggestions.length) return;
    var choices = element("div", "choices suggestions");
    suggestions.forEach(function (suggestion) {
      choices.appendChild(
        button(suggestion.label, "choice", function () {
          send(suggestion.value, suggestion.label);
        })
      );
    });
    $("panel").appendChild(choices);
  }

  function renderDocuments(documents) {
    documents.forEach(function (doc) {
      var row = element("div", "document");
      row.appendChild(element("span", "document-title", doc.title));
      if (isPdf(doc.url)) {
        var print = button(t("print"), "primary print", function () {
          printDocument(doc.url);
        });
        row.appendChild(print);
      } else {
        row.appendChild(
          button(t("open"), "primary open", function () {
            window.open(doc.url, "_blank", "noopener");
          })
        );
      }
      $("panel").appendChild(row);
    });
  }

  /* ---------- the appointment slip: printed from this page by the print stylesheet ---------- */

  function renderSlip(slip) {
    var sheet = $("slip");
    sheet.textContent = "";
    sheet.appendChild(element("div", "slip-council", kiosk.profile ? kiosk.profile.name : ""));
    sheet.appendChild(element("h2", "slip-title", t("slipTitle")));
    var reference = element("p", "slip-reference", t("slipReference") + " ");
    reference.appendChild(element("strong", null, slip.reference));
    sheet.appendChild(reference);
    var details = element("dl", "slip-details");
    [
      [t("slipService"), [slip.service]],
      [t("slipOffice"), [slip.office, slip.address]],
      [t("slipDay"), [slip.day]],
      [t("slipTime"), [slip.time]],
    ].forEach(function (row) {
      details.appendChild(element("dt", null, row[0]));
      var value = element("dd");
      row[1].forEach(function (line) {
        value.appendChild(element("span", "slip-line", line));
      });
      details.appendChild(value);
    });
    sheet.appendChild(details);
    if (slip.bring.length) {
      sheet.appendChild(element("h3", "slip-heading", t("slipBring")));
      var bring = element("ul", "slip-bring");
      slip.bring.forEach(function (item) {
        bring.appendChild(element("li", null, item));
      });
      sheet.appendChild(bring);
    }
    if (slip.cancel) sheet.appendChild(element("p", "slip-cancel", slip.cancel));
    document.body.classList.add("has-slip");

    var row = element("div", "document slip-ready");
    row.appendChild(element("span", "document-title", t("slipTitle") + " · " + slip.reference));
    row.appendChild(button(t("printSlip"), "primary print-slip", printSlip));
    $("panel").appendChild(row);
  }

  function printSlip() {
    status(t("printing"));
    window.print();
    status(t("printed"));
  }

  function clearSlip() {
    $("slip").textContent = "";
    document.body.classList.remove("has-slip");
  }

  function isPdf(url) {
    try {
      return /\.pdf$/i.test(new URL(url, window.location.href).pathname);
    } catch (error) {
      return false;
    }
  }

  function renderAsk() {
    $("ask").hidden = false;
  }

  /* ---------- printing: the PDF in a hidden same-origin frame, through the print dialog ---------- */

  function printDocument(url) {
    var mine = generation;
    status(t("printing"));
    fetch(url)
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.arrayBuffer();
      })
      .then(function (buffer) {
        if (mine !== generation) return;
        var head = new Uint8Array(buffer.slice(0, 4));
        if (String.fromCharCode.apply(null, head) !== "%PDF") throw new Error("not a PDF");
        clearPrint();
        printUrl = URL.createObjectURL(new Blob([buffer], { type: "application/pdf" }));
        var frame = $("print-frame");
        frame.onload = function () {
          frame.onload = null;
          if (mine !== generation) return;
          try {
            frame.contentWindow.focus();
            frame.contentWindow.print();
          } catch (error) {
            window.print();
          }
          status(t("printed"));
        };
        frame.src = printUrl;
      })
      .catch(function () {
        if (mine === generation) status(t("printFailed"));
      });
  }

  function clearPrint() {
    var frame = $("print-frame");
    frame.onload = null;
    if (frame.getAttribute("src")) frame.removeAttribute("src");
    if (printUrl) URL.revokeObjectURL(printUrl);
    printUrl = null;
  }

  /* ---------- inactivity: warn, then clear everything and go home ---------- */

  function activity() {
    if (!$("idle").hidden) return; // only the dialog's buttons answer the warning
    armIdle();
  }

  function armIdle() {
    stopIdleTimers();
    var pristine =
      document.body.getAttribute("data-screen") === "home" &&
      !session.accepted &&
      !session.citizen &&
      language === defaultLanguage();
    if (pristine) return; // nothing to clear
    idleTimer = window.setTimeout(warnIdle, IDLE_SECONDS * 1000);
  }

  function stopIdleTimers() {
    window.clearTimeout(idleTimer);
    window.clearInterval(warnTimer);
    idleTimer = null;
    warnTimer = null;
  }

  function warnIdle() {
    if (session.busy) {
      armIdle(); // waiting for the assistant is not the citizen's inactivity
      return;
    }
    warnLeft = Math.ceil(WARN_SECONDS);
    $("idle-count").textContent = warnLeft + " " + t("seconds");
    $("idle").hidden = false;
    $("idle-continue").focus();
    warnTimer = window.setInterval(function () {
      warnLeft -= 1;
      $("idle-count").textContent = Math.max(warnLeft, 0) + " " + t("seconds");
      if (warnLeft <= 0) reset();
    }, 1000);
  }

  function hideIdle() {
    $("idle").hidden = true;
  }

  /* ---------- wiring ---------- */

  function wire() {
    Array.prototype.forEach.call(document.querySelectorAll(".lang"), function (node) {
      node.addEventListener("click", function () {
        setLanguage(node.getAttribute("data-lang"));
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".tile"), function (tile) {
      tile.addEventListener("click", function () {
        var name = tile.getAttribute("data-tile");
        if (name === "ask") {
          if (session.accepted) openConversation();
          else {
            session.pending = null;
            show("privacy");
          }
          return;
        }
        request(translated(TILE_MESSAGES[name]));
      });
    });
    $("privacy-accept").addEventListener("click", acceptPrivacy);
    $("privacy-decline").addEventListener("click", reset);
    $("dnie-cancel").addEventListener("click", function () {
      session.pending = null;
      if ($("transcript").childElementCount) openConversation();
      else show("home");
    });
    $("sign-out").addEventListener("click", reset);
    $("home-button").addEventListener("click", reset);
    $("retry-start").addEventListener("click", start);
    $("idle-continue").addEventListener("click", function () {
      hideIdle();
      armIdle();
    });
    $("idle-finish").addEventListener("click", reset);
    $("ask").addEventListener("submit", function (event) {
      event.preventDefault();
      var text = $("ask-input").value.trim();
      if (!text) return;
      $("ask-input").value = "";
      send(text);
    });
    ["pointerdown", "keydown", "input", "touchstart", "wheel"].forEach(function (name) {
      document.addEventListener(name, activity, { capture: true, passive: true });
    });
    // Screens change without a touch too (a reply arrives): keep the countdown honest.
    new MutationObserver(activity).observe(document.body, {
      attributes: true,
      attributeFilter: ["data-screen"],
    });
  }

  wire();
  setLanguage(language);
  start();
})();
