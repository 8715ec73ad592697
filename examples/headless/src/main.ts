// SoTalk headless example: the upcoming sessions of a series in the visitor's language,
// and registration through the JSON API from this (other) origin. Refusals are shown
// as the API words them (problem+json `detail` and per-field `msg`), which are the
// site's own messages in the registrant's language.
import createClient from "openapi-fetch";
import type { components, paths } from "./sotalk-api";

type Session = components["schemas"]["SessionOut"];
type RegistrationIn = components["schemas"]["RegistrationIn"];
// Any refusal: problem+json, with per-field `errors` for 422.
type Problem = {
  title: string;
  detail?: string;
  errors?: { [key: string]: unknown }[] | null;
};
type Language = "nb" | "en";
type FieldName = "name" | "email" | "organisation" | "consent";

// The example's own words; everything about sessions and refusals comes from the API.
const UI: Record<Language, Record<string, string>> = {
  nb: {
    series: "Serie",
    upcoming: "Kommende arrangementer",
    loading: "Henter arrangementer …",
    none: "Ingen kommende arrangementer.",
    failed: "Kunne ikke hente arrangementene. Prøv igjen senere.",
    network: "Fikk ikke kontakt med påmeldingen. Prøv igjen.",
    name: "Navn",
    email: "E-post",
    organisation: "Organisasjon (valgfritt)",
    consent: "Jeg samtykker i at navn og e-post lagres for denne påmeldingen.",
    register: "Meld deg på",
    waitlist: "Sett meg på venteliste",
    seats: "ledige plasser",
    open: "Påmeldingen er åpen",
    full: "Fullt",
    closed: "Påmeldingen er stengt",
    not_open: "Påmeldingen har ikke åpnet",
  },
  en: {
    series: "Series",
    upcoming: "Upcoming sessions",
    loading: "Loading sessions …",
    none: "No upcoming sessions.",
    failed: "Could not load the sessions. Try again later.",
    network: "Could not reach registration. Try again.",
    name: "Name",
    email: "E-mail",
    organisation: "Organisation (optional)",
    consent: "I agree that my name and e-mail are stored for this registration.",
    register: "Register",
    waitlist: "Join the waiting list",
    seats: "seats left",
    open: "Registration is open",
    full: "Full",
    closed: "Registration is closed",
    not_open: "Registration has not opened yet",
  },
};

function visitorLanguage(params: URLSearchParams): Language {
  const wanted = [params.get("lang") ?? "", ...navigator.languages];
  for (const tag of wanted) {
    const code = tag.toLowerCase().split("-")[0];
    if (code === "en") return "en";
    if (code === "nb" || code === "nn" || code === "no") return "nb";
  }
  return "nb";
}

const params = new URLSearchParams(location.search);
const language = visitorLanguage(params);
const t = UI[language];
const apiBase =
  params.get("api") ??
  document.querySelector<HTMLMetaElement>('meta[name="sotalk-api"]')?.content ??
  "";
const api = createClient<paths>({ baseUrl: apiBase });

function element<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}

function languageLinks(): void {
  const nav = element(document, "#languages");
  for (const [code, label] of [
    ["nb", "Norsk"],
    ["en", "English"],
  ] as const) {
    const link = document.createElement("a");
    const target = new URLSearchParams(params);
    target.set("lang", code);
    link.href = `?${target}`;
    link.hreflang = code;
    link.lang = code;
    link.textContent = label;
    if (code === language) link.setAttribute("aria-current", "true");
    nav.append(link);
  }
}

function stateText(session: Session): string {
  const { state, seats_left } = session.registration;
  if (state === "open" && seats_left !== null) return `${seats_left} ${t.seats}`;
  if (state === "waitlist") return t.full;
  return t[state] ?? state;
}

function showProblem(form: HTMLFormElement, problem: Problem): void {
  const box = element(form, ".problem");
  box.textContent = problem.detail ?? problem.title;
  box.hidden = false;
  for (const error of problem.errors ?? []) {
    const loc = error["loc"];
    const name = Array.isArray(loc) ? String(loc[loc.length - 1]) : "";
    const input = form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement)) continue;
    const message = element(input.parentElement ?? form, ".error");
    message.id = `${form.id}-${name}-error`;
    message.textContent = String(error["msg"] ?? "");
    message.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", message.id);
  }
  box.focus();
}

function clearProblems(form: HTMLFormElement): void {
  element(form, ".problem").hidden = true;
  form.querySelectorAll<HTMLElement>(".error").forEach((e) => (e.hidden = true));
  form.querySelectorAll("input").forEach((input) => {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  });
}

async function register(form: HTMLFormElement, session: Session): Promise<void> {
  const data = new FormData(form);
  const body: RegistrationIn = {
    name: String(data.get("name") ?? ""),
    email: String(data.get("email") ?? ""),
    organisation: String(data.get("organisation") ?? ""),
    // Sent unchecked too, so that the refusal comes in the site's own words.
    consent: (data.get("consent") === "on") as true,
    language,
  };
  clearProblems(form);
  const button = element<HTMLButtonElement>(form, "button");
  button.disabled = true;
  try {
    const { data: created, error } = await api.POST(
      "/api/v3/series/sessions/{id}/registrations/",
      { params: { path: { id: session.id } }, body },
    );
    if (created) {
      const done = element(form.parentElement ?? document, ".done");
      done.textContent = created.message;
      done.hidden = false;
      form.hidden = true;
    } else if (error) {
      showProblem(form, error);
    }
  } catch {
    showProblem(form, { title: t.network, detail: t.network });
  } finally {
    button.disabled = false;
  }
}

function sessionItem(session: Session): HTMLElement {
  const template = element<HTMLTemplateElement>(document, "#session-template");
  const item = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
  const title = element(item, ".title");
  title.textContent = session.title;
  title.lang = session.text_language;
  element(item, ".when").textContent = `${session.time_display} (${session.time_zone_abbreviation})`;
  element(item, ".facts").textContent = [
    session.format_display,
    session.delivery_language_display,
    stateText(session),
  ]
    .filter(Boolean)
    .join(" · ");
  const lead = element(item, ".lead");
  lead.textContent = session.lead;
  lead.lang = session.text_language;
  const form = element<HTMLFormElement>(item, "form");
  form.id = `register-${session.id}`;
  form.setAttribute("aria-label", `${t.register}: ${session.title}`);
  if (!session.registration.accepts_registrations) {
    form.remove();
    return item;
  }
  form.querySelectorAll<HTMLLabelElement>("label[data-field]").forEach((label) => {
    const name = label.dataset.field as FieldName;
    const input = element<HTMLInputElement>(form, `[name="${name}"]`);
    input.id = `${form.id}-${name}`;
    label.htmlFor = input.id;
    label.textContent = t[name];
  });
  element(form, "button").textContent =
    session.registration.state === "waitlist" ? t.waitlist : t.register;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void register(form, session);
  });
  return item;
}

async function main(): Promise<void> {
  document.documentElement.lang = language;
  element(document, "#series-label").textContent = t.series;
  languageLinks();
  const status = element(document, "#status");
  status.textContent = t.loading;
  const seriesId = Number(params.get("series")) || undefined;
  const series = await api.GET("/api/v3/series/", {
    params: { query: { locale: language, limit: 1 } },
  });
  const current = series.data?.items[0];
  if (current) {
    element(document, "#series-title").textContent = current.title;
    document.title = current.title;
  }
  const sessions = await api.GET("/api/v3/series/sessions/", {
    params: {
      query: {
        locale: language,
        status: "upcoming",
        series: seriesId ?? current?.id,
        limit: 50,
      },
    },
  });
  if (!sessions.data) {
    status.textContent = t.failed;
    return;
  }
  status.textContent = sessions.data.items.length ? t.upcoming : t.none;
  element(document, "#sessions").append(...sessions.data.items.map(sessionItem));
}

main().catch(() => {
  element(document, "#status").textContent = t.failed;
});
