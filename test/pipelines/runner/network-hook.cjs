// Preloaded into every Node.js process of a sandboxed job (NODE_OPTIONS=--require): HTTPS requests to
// the hosts a real runner would reach on the internet (Entra ID, Azure DevOps' OIDC endpoint) go to the
// loopback stand-in instead, in plain HTTP, keeping their Host header. Nothing else is changed.
/* global URL */
"use strict";
const http = require("node:http");
const https = require("node:https");

const target = process.env.SANDBOX_INTERNET; // 127.0.0.1:PORT
const HOSTS = new Set(["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "vstoken.dev.azure.com"]);
if (target) {
  const [host, port] = target.split(":");
  const original = https.request;
  https.request = function request(...args) {
    const [first, second] = args;
    const url = typeof first === "string" || first instanceof URL ? new URL(first) : undefined;
    const options = url ? { ...(typeof second === "object" && second !== null ? second : {}) } : { ...first };
    const hostname = url ? url.hostname : options.hostname || (options.host || "").split(":")[0];
    if (!HOSTS.has(hostname)) return original.apply(this, args);
    const callback = args.find((a) => typeof a === "function");
    const path = url ? url.pathname + url.search : options.path;
    const headers = { ...(options.headers || {}), host: hostname };
    return http.request({ method: options.method || "GET", host, port: Number(port), path: `/internet/${hostname}${path}`, headers }, callback);
  };
}
