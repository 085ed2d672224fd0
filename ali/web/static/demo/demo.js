// The try-out page's demo sign-in: the council's sandbox tenant's demo identity provider stands
// in for the council's real one (Cl@ve...). It lists FAKE citizens, gets a token for the chosen one and
// hands it to the widget with setAuthToken(); the widget asks for it with an `ali-sign-in` event.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let sandboxUrl = null;

  function status(text) {
    $("signin-status").textContent = text;
  }

  /** The widget, once the script tag has defined and added it. */
  async function widget() {
    await customElements.whenDefined("ali-chat");
    return document.querySelector("ali-chat");
  }

  async function getJson(url, options) {
    const response = await fetch(url, options);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  async function loadCitizens() {
    try {
      // The page's council (its <html data-council>): its own sandbox tenant.
      const council = encodeURIComponent(document.documentElement.dataset.council || "");
      ({ sandbox_url: sandboxUrl } = await getJson(`/try-out.json?council=${council}`));
      if (!sandboxUrl) throw new Error("no sandbox configured");
      const citizens = await getJson(`${sandboxUrl}/idp/citizens`);
      const select = $("signin-citizen");
      for (const citizen of citizens) {
        const option = document.createElement("option");
        option.value = citizen.nif;
        option.textContent = `${citizen.name} (${citizen.nif})`;
        select.append(option);
      }
      $("signin-form").hidden = false;
    } catch (error) {
      status("La identificación de prueba no está disponible (¿está en marcha el sandbox?).");
      console.warn(error);
    }
  }

  async function signIn(event) {
    event.preventDefault();
    const select = $("signin-citizen");
    const nif = select.value;
    status("Identificando…");
    try {
      const { access_token: token } = await getJson(`${sandboxUrl}/idp/token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ nif }),
      });
      (await widget()).setAuthToken(token);
      $("signin-who").textContent = `Identificada/o: ${select.selectedOptions[0].textContent}`;
      $("signin-form").hidden = true;
      $("signin-signed").hidden = false;
      status("Ya puedes pedir el trámite al asistente.");
    } catch (error) {
      status("No se ha podido iniciar la sesión de prueba.");
      console.warn(error);
    }
  }

  async function signOut() {
    (await widget()).clearAuthToken();
    $("signin-signed").hidden = true;
    $("signin-form").hidden = false;
    status("Sesión cerrada.");
    $("signin-citizen").focus();
  }

  /** The widget asked for sign-in: bring the panel into view and put the focus on it. */
  async function showSignIn() {
    // On a phone the chat covers the page: close it so the sign-in panel can be seen.
    if (window.matchMedia("(max-width: 480px)").matches) (await widget()).close();
    const panel = $("identificacion");
    panel.classList.add("attention");
    panel.scrollIntoView({ behavior: "smooth", block: "center" });
    const target = $("signin-form").hidden ? panel : $("signin-citizen");
    target.focus({ preventScroll: true });
  }

  document.addEventListener("ali-sign-in", showSignIn);
  $("signin-form").addEventListener("submit", signIn);
  $("signin-out").addEventListener("click", signOut);
  loadCitizens();
})();
