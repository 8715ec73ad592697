// A registrant's journey through openapi-fetch typed by openapi-typescript from the
// live schema; compiled with `tsc --strict` before it runs.
//   node ts_journey.js BASE_URL register EMAIL   -- list, read, register, refusals
//   node ts_journey.js BASE_URL again EMAIL ID   -- register again after cancelling
import createClient from "openapi-fetch";
import type { components, paths } from "./sotalk-api";

type RegistrationIn = components["schemas"]["RegistrationIn"];

const [baseUrl, phase, email, id] = process.argv.slice(2);
const api = createClient<paths>({ baseUrl });

function registration(address: string): RegistrationIn {
  // organisation and answers are optional: the types must not demand them.
  return { name: "Kari Nordmann", email: address, consent: true };
}

async function register(sessionId: number, body: RegistrationIn) {
  const { data, error, response } = await api.POST(
    "/api/v3/series/sessions/{id}/registrations/",
    { params: { path: { id: sessionId } }, body },
  );
  if (data) return { http: response.status, status: data.status };
  if (!error) throw new Error("a response with neither data nor error");
  return {
    http: response.status,
    type: error.type,
    title: error.title,
    detail: error.detail,
    errors: "errors" in error ? error.errors : null,
    content_type: response.headers.get("content-type"),
  };
}

async function journey() {
  const listing = await api.GET("/api/v3/series/sessions/", {
    params: { query: { locale: "nb", status: "upcoming" } },
  });
  if (!listing.data) throw new Error(`list: ${listing.response.status}`);
  const session = listing.data.items.find((s) => s.registration.state === "open");
  if (!session) throw new Error("no session open for registration");
  const detail = await api.GET("/api/v3/series/sessions/{id}/", {
    params: { path: { id: session.id }, query: { locale: "en" } },
  });
  if (!detail.data) throw new Error(`detail: ${detail.response.status}`);
  return {
    count: listing.data.count,
    session: session.id,
    starts_at: session.starts_at,
    detail: {
      id: detail.data.id,
      locale: detail.data.locale,
      title: detail.data.title,
      speakers: detail.data.speakers.map((speaker) => speaker.name),
      blocks: detail.data.body.length,
    },
    created: await register(session.id, registration(email)),
    duplicate: await register(session.id, registration(email.toUpperCase())),
    invalid: await register(session.id, {
      name: "Kari",
      email: "not-an-address",
      consent: true,
    }),
  };
}

const result =
  phase === "register"
    ? await journey()
    : { again: await register(Number(id), registration(email)) };
console.log(JSON.stringify(result));
