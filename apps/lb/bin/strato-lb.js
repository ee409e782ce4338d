#!/usr/bin/env -S node --max-semi-space-size=64
// A regeneration builds every app, task and service afresh from Marathon's JSON (tens of MB for 1,000 apps): a
// 64 MB young generation lets most of it die before a scavenge instead of being copied (render p99 halves in
// `npm run bench:lb`). Start this file itself, not `node <file>`, to keep the flag.
require("../dist/main.js");
