// Swagger UI over /openapi.json, started from a file (the CSP forbids inline scripts).
"use strict";
(function () {
  const box = document.getElementById("swagger-ui");
  if (!box || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({
    url: "/openapi.json",
    domNode: box,
    deepLinking: true,
    // Requests from "Try it out" carry the header our own scripts send, so a cookie session can write too.
    requestInterceptor: function (req) { req.headers["X-Requested-With"] = "linkwatch"; return req; },
    onComplete: function () { box.dataset.ready = "yes"; },
  });
})();
