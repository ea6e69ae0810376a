// The API reference: Swagger UI from our own static files (no CDN, no validator call, LAW-17).
// "Try it out" sends the session's CSRF token, read once from /api/session when logged in.
let csrfToken = null;
fetch("/api/session", { credentials: "same-origin" })
  .then((r) => (r.ok ? r.json() : null))
  .then((s) => { csrfToken = s ? s.csrf_token : null; })
  .catch(() => {});
window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  requestInterceptor: (req) => {
    if (csrfToken) req.headers["X-CSRF-Token"] = csrfToken;
    return req;
  },
});
